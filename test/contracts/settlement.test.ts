import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { bn254 } from '@noble/curves/bn254.js';
import type { Contract, TransactionReceipt } from 'ethers';
import { toHex } from '../../core/bits.js';
import { L2_TX_BYTES } from '../../core/constants.js';
import { FIELD_MODULUS } from '../../core/field.js';
import { encodePackedBatches, type PackedBatch } from '../../l1/settlement-calldata.js';
import { addressOf, buildContracts, commitArgs, connect, expectRevert, TEST_ARTIFACTS, TEST_CIRCUIT, testArtifactsExist, type SolidityProof } from './helpers.js';
import { batchCommit, packed, proofWords, setUpSettlement, type ProvenBatch, type Settlement } from './settlement-fixture.js';

// Settling k batches in one transaction with one batched pairing check per verifier, with real proofs of the
// `test` circuit (and a trapdoor-key verifier for a second circuit size; see settlement-fixture.ts).

/** BN254's base field modulus q: coordinates must be below it (FIELD_MODULUS is the scalar field's r). */
const Q = bn254.fields.Fp.ORDER;

describe.skipIf(!testArtifactsExist)(`settling many batches at once (needs ${TEST_ARTIFACTS.zkey})`, () => {
  let s: Settlement;
  let rollup: Contract;

  beforeAll(async () => {
    await buildContracts();
    s = await setUpSettlement(await connect());
    rollup = s.rollup;
  }, 1_800_000);

  beforeEach(async () => {
    await s.restore();
  });

  const asSequencer = () => rollup.connect(s.d.signers.sequencer);
  const settle = (batches: readonly ProvenBatch[], proofs = batches.map((b) => b.proof), first = 1n) =>
    asSequencer().getFunction('commitAndProveBatches')(first, packed(batches), proofs);
  const commitAll = async (batches: readonly ProvenBatch[]) => {
    for (const b of batches) await (await asSequencer().getFunction('commitBatch')(...commitArgs(b.circuitId, b.batch.commit))).wait();
  };
  const withdrawalsOf = (batches: readonly ProvenBatch[]) => batches.map((b) => toHex(b.batch.commit.withdrawals));
  const events = (receipt: TransactionReceipt | null) =>
    receipt!.logs.map((l) => rollup.interface.parseLog(l)).filter((e) => e !== null).map((e) => [e.name, ...e.args]);
  const expectNothingFinalized = async (lastCommitted: bigint) => {
    expect(await rollup.lastFinalizedBatch!()).toBe(0n);
    expect(await rollup.lastCommittedBatch!()).toBe(lastCommitted);
    expect(await rollup.l1QueueFinalized!()).toBe(0n);
  };

  describe('verifyProofs, the batched check generated with each verifier', () => {
    const words = (batches: readonly ProvenBatch[]) => batches.map((b) => proofWords(b.proof));
    const inputs = (batches: readonly ProvenBatch[]) => batches.map((b) => b.batch.publicInputHash);
    const bend = (p: SolidityProof, at: number, by: bigint) => proofWords(p).map((w, i) => (i === at ? w + by : w));

    test.each([1, 2, 5])('accepts %i real proofs with their public inputs', async (k) => {
      const batches = s.main.slice(0, k);
      expect(await s.verifier.verifyProofs!(words(batches), inputs(batches))).toBe(true);
    });

    test('agrees with snarkjs\' single-proof verifyProof', async () => {
      const [{ proof, batch }] = s.main as [ProvenBatch];
      expect(await s.verifier.verifyProof!(proof.a, proof.b, proof.c, [batch.publicInputHash])).toBe(true);
      expect(await s.verifier.verifyProofs!([proofWords(proof)], [batch.publicInputHash])).toBe(true);
      expect(await s.verifier.verifyProofs!([proofWords(proof)], [batch.publicInputHash + 1n])).toBe(false);
    });

    test('rejects proofs matched with each other\'s public inputs, and any one wrong input', async () => {
      const batches = s.main.slice(0, 5);
      const swapped = inputs(batches);
      [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
      expect(await s.verifier.verifyProofs!(words(batches), swapped)).toBe(false);
      for (let i = 0; i < 5; i++) {
        const wrong = inputs(batches).map((x, j) => (j === i ? inputs(s.main)[(i + 1) % 5]! : x));
        expect(await s.verifier.verifyProofs!(words(batches), wrong)).toBe(false);
      }
    });

    test('rejects a public input at or above r, the same input mod r', async () => {
      const batches = s.main.slice(0, 2);
      expect(await s.verifier.verifyProofs!(words(batches), [inputs(batches)[0]!, inputs(batches)[1]! + FIELD_MODULUS])).toBe(false);
    });

    test.each([
      ['A.x + q (the same point, coordinate not below q)', 0, Q],
      ['A.y + 1 (A off the curve)', 1, 1n],
      ['B.x.c1 + 1 (B off the curve)', 2, 1n],
      ['B.y.c0 + q (coordinate not below q)', 5, Q],
      ['C.x + q (the same point, coordinate not below q)', 6, Q],
      ['C.y + 1 (C off the curve)', 7, 1n],
    ])('rejects a proof with %s', async (_, at, by) => {
      const batches = s.main.slice(0, 3);
      const bent = words(batches);
      bent[1] = bend(batches[1]!.proof, at, by);
      expect(await s.verifier.verifyProofs!(bent, inputs(batches))).toBe(false);
    });

    test('rejects no proofs and mismatched lengths', async () => {
      expect(await s.verifier.verifyProofs!([], [])).toBe(false);
      expect(await s.verifier.verifyProofs!(words(s.main.slice(0, 2)), inputs(s.main.slice(0, 1)))).toBe(false);
    });

    test('a verifier accepts only proofs for its own key', async () => {
      const wide = s.mixed.filter((b) => b.circuitId === 1);
      expect(await s.wideVerifier.verifyProofs!(words(wide), inputs(wide))).toBe(true);
      expect(await s.wideVerifier.verifyProofs!(words(s.main.slice(0, 1)), inputs(s.main.slice(0, 1)))).toBe(false);
      expect(await s.verifier.verifyProofs!(words(wide), inputs(wide))).toBe(false);
    });
  });

  describe('commitAndProveBatches', () => {
    test.each([1, 2, 5])('commits and finalizes %i batches in one transaction: core\'s roots, queue and withdrawals', async (k) => {
      const batches = s.main.slice(0, k);
      const receipt = await (await settle(batches)).wait();
      const last = batches.at(-1)!.batch;
      expect(await rollup.lastCommittedBatch!()).toBe(BigInt(k));
      expect(await rollup.lastFinalizedBatch!()).toBe(BigInt(k));
      expect(await rollup.lastFinalizedStateRoot!()).toBe(last.newStateRoot);
      expect(await rollup.l1QueueFinalized!()).toBe(3n);
      const logged = events(receipt);
      // One BatchesCommitted, from queue index 0 (the public inputs, core's, are not logged: each proof verified
      // against the one the contract computed).
      expect(logged.filter((e) => e[0] === 'BatchCommitted')).toEqual([]);
      expect(logged.filter((e) => e[0] === 'BatchesCommitted')).toEqual([['BatchesCommitted', 1n, 0n]]);
      // One BatchFinalized per settlement, for its last batch: every batch up to it is final.
      expect(logged.filter((e) => e[0] === 'BatchFinalized')).toEqual([['BatchFinalized', BigInt(k), last.newStateRoot, 3n]]);
      expect((await rollup.batch!(BigInt(k))).newStateRoot).toBe(last.newStateRoot);
      const withdrawals = batches.flatMap((b) => b.batch.withdrawals.map((w) => ['WithdrawalCredited', addressOf(w.ethAddr), w.tokenId, w.amount, b.batch.commit.batchNumber]));
      expect(logged.filter((e) => e[0] === 'WithdrawalCredited')).toEqual(withdrawals);
      expect(withdrawals.length > 0).toBe(k === 5);
      // The next batch builds on the last one's root and queue position; reverting it goes back to them.
      if (k < 5) {
        await (await asSequencer().getFunction('commitBatch')(...commitArgs(0, s.main[k]!.batch.commit))).wait();
        expect(await rollup.batchCommitment!(BigInt(k + 1))).toBe(s.main[k]!.batch.publicInputHash);
        await (await rollup.connect(s.d.signers.operator).getFunction('revertBatches')(BigInt(k))).wait();
        expect(await rollup.lastCommittedStateRoot!()).toBe(last.newStateRoot);
        expect(await rollup.l1QueueCommitted!()).toBe(3n);
      }
    });

    test('settles batches of two circuit sizes, each group with its own verifier', async () => {
      const receipt = await (await settle(s.mixed)).wait();
      const committed = events(receipt).filter((e) => e[0] === 'BatchesCommitted');
      expect(committed).toEqual([['BatchesCommitted', 1n, 0n]]);
      expect(await rollup.lastFinalizedBatch!()).toBe(4n);
      expect(await rollup.lastFinalizedStateRoot!()).toBe(s.mixed[3]!.batch.newStateRoot);
    });

    test.each([
      ['the proof of another batch (batch 4\'s for batch 3)', 2, (p: ProvenBatch[]) => p[3]!.proof],
      ['a point not on the curve', 1, (p: ProvenBatch[]) => ({ ...p[1]!.proof, c: [p[1]!.proof.c[0], p[1]!.proof.c[1] + 1n] })],
      ['a coordinate at or above q', 4, (p: ProvenBatch[]) => ({ ...p[4]!.proof, a: [p[4]!.proof.a[0] + Q, p[4]!.proof.a[1]] })],
    ] as const)('one bad proof among five, %s: reverts naming it, nothing is committed or finalized', async (_, bad, make) => {
      const proofs = s.main.map((b) => b.proof);
      proofs[bad] = make([...s.main]) as SolidityProof;
      await expectRevert(settle(s.main, proofs), rollup, 'InvalidProof', [BigInt(bad + 1)]);
      await expectNothingFinalized(0n);
    });

    test('names the first of two bad proofs; a bad proof of the second circuit size is named too', async () => {
      const proofs = s.main.map((b) => b.proof);
      [proofs[1], proofs[2]] = [proofs[2]!, proofs[1]!];
      await expectRevert(settle(s.main, proofs), rollup, 'InvalidProof', [2n]);
      const mixed = s.mixed.map((b) => b.proof);
      mixed[2] = s.wideKey.prove(s.mixed[3]!.batch.publicInputHash);
      await expectRevert(settle(s.mixed, mixed), rollup, 'InvalidProof', [3n]);
      await expectNothingFinalized(0n);
    });

    test('a settled batch cannot be settled again', async () => {
      await (await settle(s.main.slice(0, 2))).wait();
      await expectRevert(settle(s.main.slice(0, 2)), rollup, 'BatchNumberNotNext', [1n, 3n]);
      await expectRevert(settle(s.main.slice(1, 3), undefined, 2n), rollup, 'BatchNumberNotNext', [2n, 3n]);
      await expectRevert(rollup.proveBatches!(2n, [s.main[1]!.proof], ['0x']), rollup, 'BatchNotNextToProve', [2n, 3n, 2n]);
    });

    test('refuses an empty settlement, a proof count that differs from the batches, cut or padded batch data, unproven commits before it and non-sequencers', async () => {
      await expectRevert(settle([]), rollup, 'SettlementEmpty');
      const two = packed(s.main.slice(0, 2));
      const length = BigInt((two.length - 2) / 2);
      const first = BigInt((packed(s.main.slice(0, 1)).length - 2) / 2);
      await expectRevert(settle(s.main.slice(0, 2), [s.main[0]!.proof]), rollup, 'SettlementDataInvalid', [first, length]);
      await expectRevert(settle(s.main.slice(0, 1), s.main.slice(0, 2).map((b) => b.proof)), rollup, 'SettlementDataInvalid', [first + 48n, first]);
      const proofs = s.main.slice(0, 2).map((b) => b.proof);
      await expectRevert(asSequencer().getFunction('commitAndProveBatches')(1n, two.slice(0, -2), proofs), rollup, 'SettlementDataInvalid', [length, length - 1n]);
      await expectRevert(asSequencer().getFunction('commitAndProveBatches')(1n, `${two}00`, proofs), rollup, 'SettlementDataInvalid', [length, length + 1n]);
      await expectRevert(rollup.connect(s.d.signers.alice).getFunction('commitAndProveBatches')(1n, packed(s.main.slice(0, 1)), [s.main[0]!.proof]), rollup, 'AccessControlUnauthorizedAccount');
      await commitAll(s.main.slice(0, 1));
      await expectRevert(settle(s.main.slice(1, 2), undefined, 2n), rollup, 'BatchNotNextToProve', [2n, 1n, 1n]);
    });

    // A record after the first of its circuit is read in one pass (PackedSettlement._commitFast); when one of its
    // checks fails it must fall back to the general path, which names the error: without the fallback a bad
    // record would be hashed and only its proof would fail.
    const size = TEST_CIRCUIT.batchSize;
    const spoilers: Array<[string, (b: PackedBatch, pending: number) => { record: PackedBatch; error: string; args: bigint[] }]> = [
      ['a root outside the field', (b) => ({ record: { ...b, newStateRoot: FIELD_MODULUS }, error: 'StateRootNotInField', args: [FIELD_MODULUS] })],
      ['more L1 txs than are pending', (b, pending) => ({ record: { ...b, l1TxCount: pending + 1 }, error: 'L1TxCountTooLarge', args: [BigInt(pending + 1), BigInt(pending)] })],
      ['more slots than the circuit has', (b) => ({
        record: { ...b, txData: new Uint8Array((size - b.l1TxCount + 1) * L2_TX_BYTES).fill(1) },
        error: 'BatchTooLarge',
        args: [BigInt(b.l1TxCount), BigInt(size - b.l1TxCount + 1), BigInt(size)],
      })],
      ['an unknown circuit', (b) => ({ record: { ...b, circuitId: 7 }, error: 'CircuitNotFound', args: [7n] })],
    ];
    test.each(spoilers)('refuses a record that commitBatch would refuse, %s, first or second in the settlement', async (_, spoil) => {
      const proofs = s.main.slice(0, 2).map((b) => b.proof);
      for (const at of [0, 1]) {
        const records = s.main.slice(0, 2).map(batchCommit);
        const pending = Number(await rollup.l1QueueLength!()) - records.slice(0, at).reduce((sum, r) => sum + r.l1TxCount, 0);
        const { record, error, args } = spoil(records[at]!, pending);
        records[at] = record;
        await expectRevert(asSequencer().getFunction('commitAndProveBatches')(1n, toHex(encodePackedBatches(records)), proofs), rollup, error, args);
      }
      await expectNothingFinalized(0n);
    });
  });

  describe('proveBatches', () => {
    test('finalizes committed batches k at a time, in order, with their withdrawals', async () => {
      await commitAll(s.main);
      let receipt = await (await rollup.proveBatches!(1n, s.main.slice(0, 2).map((b) => b.proof), withdrawalsOf(s.main.slice(0, 2)))).wait();
      expect(events(receipt)).toEqual([['BatchFinalized', 2n, s.main[1]!.batch.newStateRoot, 3n]]);
      expect(await rollup.lastFinalizedStateRoot!()).toBe(s.main[1]!.batch.newStateRoot);
      receipt = await (await rollup.proveBatches!(3n, s.main.slice(2).map((b) => b.proof), withdrawalsOf(s.main.slice(2)))).wait();
      expect(events(receipt).filter((e) => e[0] === 'WithdrawalCredited')).toHaveLength(1);
      expect(await rollup.lastFinalizedBatch!()).toBe(5n);
      expect(await rollup.lastFinalizedStateRoot!()).toBe(s.main[4]!.batch.newStateRoot);
      expect(await rollup.l1QueueFinalized!()).toBe(3n);
    });

    test('mixes circuit sizes; refuses reordered proofs, other withdrawals and batches not committed', async () => {
      await commitAll(s.mixed);
      const proofs = s.mixed.map((b) => b.proof);
      await expectRevert(rollup.proveBatches!(1n, [proofs[1], proofs[0], proofs[2], proofs[3]], withdrawalsOf(s.mixed)), rollup, 'InvalidProof', [1n]);
      await expectRevert(rollup.proveBatches!(1n, [...proofs, proofs[0]], [...withdrawalsOf(s.mixed), '0x']), rollup, 'BatchNotNextToProve', [5n, 1n, 4n]);
      const wrongWithdrawals = withdrawalsOf(s.mixed);
      wrongWithdrawals[2] = toHex(s.main[3]!.batch.commit.withdrawals);
      await expectRevert(rollup.proveBatches!(1n, proofs, wrongWithdrawals), rollup, 'WithdrawalsMismatch');
      await expectNothingFinalized(4n);
      await (await rollup.proveBatches!(1n, proofs, withdrawalsOf(s.mixed))).wait();
      expect(await rollup.lastFinalizedStateRoot!()).toBe(s.mixed[3]!.batch.newStateRoot);
    });
  });
});
