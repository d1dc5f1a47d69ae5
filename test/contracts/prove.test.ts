import { beforeAll, describe, expect, test } from 'vitest';
import type { Contract } from 'ethers';
import { toHex } from '../../core/bits.js';
import { buildBatch, type Batch } from '../../core/build-batch.js';
import { FIELD_MODULUS } from '../../core/field.js';
import type { AccountLeaf } from '../../core/account.js';
import { requireBuilt } from '../fixtures/built.js';
import { signed, user } from '../fixtures/rollup.js';
import {
  addressOf, buildContracts, commitAndProveArgs, commitArgs, connect, CoreMirror, DAY, deployRollup, ETH, expectRevert, forcedExitArgs, increaseTime,
  l1TxStruct, proveWithSnarkjs, queuedL1Txs, TEST_ARTIFACTS, TEST_CIRCUIT, testArtifactsExist, type Deployment,
  type SolidityProof,
} from './helpers.js';

// Real Groth16 proofs of the `test` circuit: its wasm, dev key and generated verifier come from the circuit
// pipeline (`npx tsx scripts/circuits/build.ts test`). The witness is core's circuit input, so every root,
// queue hash and withdrawal the contract accepts here is the one core computed. The tests run in order on
// one chain: each proof is a few seconds, so batches are proven once and built on.

const alice = user(1);
const bob = user(2);
const carol = user(3);
const ONE = 10n ** 18n;
const TOKEN = 1;

describe.runIf(requireBuilt('the test circuit\'s wasm, key and verifier (npx tsx scripts/circuits/build.ts test)', testArtifactsExist))(`with real proofs of the test circuit (needs ${TEST_ARTIFACTS.zkey})`, () => {
  let d: Deployment;
  let rollup: Contract;
  let verifier: Contract;
  let token: Contract;
  let mirror: CoreMirror;
  let batch1: Batch;
  let proof1: SolidityProof;
  let batch2: Batch;

  const asSequencer = () => rollup.connect(d.signers.sequencer);

  beforeAll(async () => {
    await buildContracts();
    const ethers = await connect();
    verifier = await ethers.deployContract('TestBatchVerifier');
    d = await deployRollup(ethers, {
      circuits: [{ verifier: await verifier.getAddress(), batchSize: TEST_CIRCUIT.batchSize, feeSlots: TEST_CIRCUIT.feeSlots }],
    });
    rollup = d.rollup;
    token = await ethers.deployContract('MockERC20', ['Token', 'TKN']);
    await (await rollup.connect(d.signers.governance).getFunction('registerToken')(await token.getAddress())).wait();
    await (await token.getFunction('mint')(d.signers.bob.address, 1000n)).wait();
    await (await token.connect(d.signers.bob).getFunction('approve')(d.address, 1000n)).wait();
    mirror = new CoreMirror(d);
  });

  test('a batch of deposits is committed and proven: the finalized root and queue are core\'s', async () => {
    await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, ONE, alice.ax, alice.ay, { value: ONE })).wait();
    await (await rollup.connect(d.signers.bob).getFunction('deposit')(ETH, ONE / 2n, bob.ax, bob.ay, { value: ONE / 2n })).wait();
    await (await rollup.connect(d.signers.carol).getFunction('deposit')(ETH, 0n, carol.ax, carol.ay)).wait();
    await (await rollup.connect(d.signers.bob).getFunction('deposit')(TOKEN, 1000n, bob.ax, bob.ay)).wait();
    batch1 = await mirror.next();
    await (await asSequencer().getFunction('commitBatch')(...commitArgs(0, batch1.commit))).wait();
    const { proof, publicSignals } = await proveWithSnarkjs(batch1);
    proof1 = proof;
    expect(publicSignals).toEqual([batch1.publicInputHash]);
    const receipt = await (await rollup.connect(d.signers.carol).getFunction('proveBatches')(1n, [proof], ['0x'])).wait();
    const event = rollup.interface.parseLog(receipt!.logs.at(-1)!)!;
    expect([event.name, ...event.args]).toEqual(['BatchFinalized', 1n, batch1.newStateRoot, 4n]);
    mirror.accept(batch1);
    expect(await rollup.lastFinalizedBatch!()).toBe(1n);
    expect(await rollup.lastFinalizedStateRoot!()).toBe(batch1.newStateRoot);
    expect(await rollup.lastFinalizedStateRoot!()).toBe(mirror.state.root);
    expect(await rollup.l1QueueFinalized!()).toBe(4n);
  });

  test('the verifier accepts the proof for the stored commitment only, and no public input at or above r', async () => {
    const input = await rollup.batchCommitment!(1n);
    expect(await verifier.verifyProof!(proof1.a, proof1.b, proof1.c, [input])).toBe(true);
    expect(await verifier.verifyProof!(proof1.a, proof1.b, proof1.c, [input + FIELD_MODULUS])).toBe(false);
    expect(await verifier.verifyProof!(proof1.a, proof1.b, proof1.c, [FIELD_MODULUS])).toBe(false);
    expect(await verifier.verifyProof!(proof1.a, proof1.b, proof1.c, [input + 1n])).toBe(false);
  });

  test('an invalid proof is rejected and changes nothing', async () => {
    await (await rollup.connect(d.signers.bob).getFunction('forcedExit')(...(await forcedExitArgs(rollup, 4)))).wait();
    batch2 = await mirror.next({
      feeIdx: [3],
      l2Txs: [
        signed(alice, { fromIdx: 1, toIdx: 2, amount: ONE / 10n, fee: 10n ** 14n, nonce: 0n, tokenId: 0n }, d.domain),
        signed(bob, { fromIdx: 2, toIdx: 0, amount: ONE / 20n, fee: 0n, nonce: 0n, tokenId: 0n }, d.domain),
      ],
    });
    expect(batch2.withdrawals).toHaveLength(2);
    await (await asSequencer().getFunction('commitBatch')(...commitArgs(0, batch2.commit))).wait();
    const withdrawals = toHex(batch2.commit.withdrawals);
    // Batch 1's proof is a valid proof, of another statement.
    await expectRevert(rollup.proveBatches!(2n, [proof1], [withdrawals]), rollup, 'InvalidProof', [2n]);
    const bent: SolidityProof = { ...proof1, c: [proof1.c[0], (proof1.c[1] + 1n) % FIELD_MODULUS] };
    await expectRevert(rollup.proveBatches!(2n, [bent], [withdrawals]), rollup, 'InvalidProof', [2n]);
    expect(await rollup.lastFinalizedBatch!()).toBe(1n);
  });

  test('a proof of L1 queue data that does not match the chain is rejected', async () => {
    // The sequencer proves a statement in which bob's forced exit is alice's: a valid proof of the wrong batch.
    const [queuedExit] = (await queuedL1Txs(rollup)).slice(4);
    const forged = buildBatch(mirror.state, {
      circuit: TEST_CIRCUIT, domain: d.domain, batchNumber: 2n, l1QueueStartHash: batch1.l1QueueEndHash,
      l1Txs: [{ ...queuedExit!, ethAddr: BigInt(d.signers.alice.address) }], l2Txs: [], feeIdx: [],
    });
    const { proof } = await proveWithSnarkjs(forged);
    expect(forged.publicInputHash).not.toBe(await rollup.batchCommitment!(2n));
    await expectRevert(rollup.proveBatches!(2n, [proof], [toHex(batch2.commit.withdrawals)]), rollup, 'InvalidProof', [2n]);
  });

  test('a batch with transfers, a forced exit and a withdrawal is proven; its withdrawals are credited and claimed once', async () => {
    const { proof } = await proveWithSnarkjs(batch2);
    const receipt = await (await rollup.proveBatches!(2n, [proof], [toHex(batch2.commit.withdrawals)])).wait();
    const credited = receipt!.logs
      .map((l: Parameters<typeof rollup.interface.parseLog>[0]) => rollup.interface.parseLog(l)!)
      .filter((e: { name: string }) => e.name === 'WithdrawalCredited')
      .map((e: { args: unknown[] }) => [...e.args]);
    expect(credited).toEqual(batch2.withdrawals.map((w) => [addressOf(w.ethAddr), w.tokenId, w.amount, 2n]));
    mirror.accept(batch2);
    expect(await rollup.lastFinalizedStateRoot!()).toBe(mirror.state.root);
    expect(await rollup.l1QueueFinalized!()).toBe(5n);
    const bobEth = batch2.withdrawals.find((w) => w.tokenId === 0n)!.amount;
    expect(await rollup.credit!(d.signers.bob.address, ETH)).toBe(bobEth);
    expect(await rollup.credit!(d.signers.bob.address, TOKEN)).toBe(1000n);
    await (await rollup.connect(d.signers.bob).getFunction('claim')(TOKEN)).wait();
    expect(await token.balanceOf!(d.signers.bob.address)).toBe(1000n);
    await expectRevert(rollup.connect(d.signers.bob).getFunction('claim')(TOKEN), rollup, 'NothingToClaim', [d.signers.bob.address, BigInt(TOKEN)]);
    const before = await d.ethers.provider.getBalance(d.address);
    await (await rollup.connect(d.signers.bob).getFunction('claim')(ETH)).wait();
    expect(before - (await d.ethers.provider.getBalance(d.address))).toBe(bobEth);
  });

  test('a finalized batch cannot be proven again or reverted', async () => {
    await expectRevert(rollup.proveBatches!(2n, [proof1], ['0x']), rollup, 'BatchNotNextToProve', [2n, 3n, 2n]);
    await expectRevert(rollup.connect(d.signers.operator).getFunction('revertBatches')(1n), rollup, 'RevertTargetInvalid', [1n, 2n, 2n]);
  });

  test('commitAndProveBatches of one batch commits and finalizes it in one transaction', async () => {
    await (await rollup.connect(d.signers.alice).getFunction('depositTo')(1, ETH, 7n, { value: 7n })).wait();
    const batch3 = await mirror.next({ l2Txs: [signed(bob, { fromIdx: 2, toIdx: 1, amount: 1000n, fee: 0n, nonce: 1n, tokenId: 0n }, d.domain)] });
    const { proof } = await proveWithSnarkjs(batch3);
    await (await asSequencer().getFunction('commitAndProveBatches')(...commitAndProveArgs(0, batch3.commit, proof))).wait();
    mirror.accept(batch3);
    expect(await rollup.lastFinalizedBatch!()).toBe(3n);
    expect(await rollup.lastFinalizedStateRoot!()).toBe(mirror.state.root);
  });

  test('exodus after finalized batches: leaves leave by Merkle proof from core, pending deposits are refunded, once each', async () => {
    await (await rollup.connect(d.signers.carol).getFunction('depositTo')(3, ETH, 3n, { value: 3n })).wait();
    // A committed, never proven batch consumes the deposit; exodus voids it. The mirror does not accept it, so
    // core's state stays the finalized one.
    const batch4 = await mirror.next();
    await (await asSequencer().getFunction('commitBatch')(...commitArgs(0, batch4.commit))).wait();
    await increaseTime(d.ethers, DAY + 1);
    await (await rollup.activateExodus!()).wait();
    expect(await rollup.lastFinalizedStateRoot!()).toBe(mirror.state.root);

    for (const [idx, signer] of [[1, d.signers.alice], [2, d.signers.bob]] as const) {
      const leaf: AccountLeaf = mirror.state.getAccount(idx);
      const { siblings } = mirror.state.prove(idx);
      const struct = { ...leaf, ethAddr: addressOf(leaf.ethAddr) };
      const before = await rollup.credit!(signer.address, ETH);
      await (await rollup.withdrawExodus!(idx, struct, siblings)).wait();
      expect(await rollup.credit!(signer.address, ETH)).toBe(before + leaf.balance);
      await expectRevert(rollup.withdrawExodus!(idx, struct, siblings), rollup, 'AccountAlreadyWithdrawn', [BigInt(idx)]);
    }

    const queued = await queuedL1Txs(rollup);
    const pending = queued.length - 1;
    await (await rollup.refundDeposit!(pending, l1TxStruct(queued[pending]!))).wait();
    expect(await rollup.credit!(d.signers.carol.address, ETH)).toBe(3n);
    await expectRevert(rollup.refundDeposit!(pending, l1TxStruct(queued[pending]!)), rollup, 'DepositAlreadyRefunded', [BigInt(pending)]);
    await expectRevert(rollup.refundDeposit!(pending - 1, l1TxStruct(queued[pending - 1]!)), rollup, 'L1TxNotPending', [BigInt(pending - 1), BigInt(pending), BigInt(queued.length)]);
    // What the exits credited is what the bridge holds for them.
    const aliceCredit = await rollup.credit!(d.signers.alice.address, ETH);
    await (await rollup.connect(d.signers.alice).getFunction('claim')(ETH)).wait();
    expect(aliceCredit).toBe(mirror.state.getAccount(1).balance);
  });
});
