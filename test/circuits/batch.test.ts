import { beforeAll, describe, expect, test } from 'vitest';
import { buildBatch, type Batch } from '../../core/build-batch.js';
import { MAX_BALANCE } from '../../core/constants.js';
import { AMOUNT_FLOAT, FEE_FLOAT, floorToFloat } from '../../core/float.js';
import { RollupState } from '../../core/rollup-state.js';
import type { L1Tx, SignedL2Tx } from '../../core/tx.js';
import { depositNew, forcedExit, prng, signed, topUp } from '../fixtures/rollup.js';
import {
  alice, batchParams, bob, carol, CONFIG, ETH, fundedState, GENESIS, operator, ownerOf, testCircuit, TOKEN, USERS, type Circuit,
} from './helpers.js';

/**
 * The batch circuit proves exactly what core computes: for batches core builds, the witness exists,
 * satisfies the r1cs, and the circuit's roots, queue hash, withdrawals hash and public input are core's.
 */

let circuit: Circuit;
beforeAll(async () => {
  circuit = await testCircuit();
});

const ROOTS = ['oldStateRoot', 'newStateRoot', 'l1QueueStartHash', 'l1QueueEndHash', 'withdrawalsHash'] as const;

type Roots = Record<(typeof ROOTS)[number], bigint>;

/** The five field elements the circuit puts into the public input, as far as the witness holds their bits. */
function statementRoots(witness: readonly bigint[], expected: Roots): Roots {
  const entries = ROOTS.map((name, r) => [name, circuit.bigEndianBits(witness, `tail.statement.rootBytes[${r}].bits`, 256, expected[name])]);
  return Object.fromEntries(entries) as Roots;
}

async function expectAgreement(batch: Batch, options: { snarkjs?: boolean } = {}): Promise<void> {
  const witness = await circuit.witness(batch.circuitInput);
  expect(witness[circuit.index('publicInputHash')]).toBe(batch.publicInputHash);
  const expected: Roots = {
    oldStateRoot: batch.statement.oldStateRoot,
    newStateRoot: batch.newStateRoot,
    l1QueueStartHash: batch.statement.l1QueueStartHash,
    l1QueueEndHash: batch.l1QueueEndHash,
    withdrawalsHash: batch.statement.withdrawalsHash,
  };
  expect(statementRoots(witness, expected)).toEqual(expected);
  expect(circuit.value(witness, `tail.feeCredits[${CONFIG.feeSlots - 1}].newStateRoot`)).toBe(batch.newStateRoot);
  expect(await circuit.firstViolation(witness)).toBe(-1);
  if (options.snarkjs) expect(await circuit.snarkjsCheck(witness)).toBe(true);
}

const transfer = (from: number, to: number, amount: bigint, fee: bigint, nonce = 0n, token = ETH) => (state: RollupState) =>
  signed(ownerOf(state, from), { fromIdx: from, toIdx: to, amount, fee, nonce, tokenId: token });

describe('BatchCircuit agrees with core on the batches core builds', () => {
  test('deposits that create accounts (a full batch of L1 slots), checked by snarkjs wtns check', async () => {
    const state = fundedState();
    const batch = buildBatch(state, batchParams({ l1Txs: [depositNew(carol, 8, ETH, 5n), depositNew(bob, 9, TOKEN, 7n)] }));
    await expectAgreement(batch, { snarkjs: true });
  });

  test('a forced exit of an account whose key is not on the curve (a disabled verifier ignores the key)', async () => {
    const state = fundedState();
    const offCurve = { ...depositNew(carol, 8, ETH, 5n), ax: 1n, ay: 2n };
    const batch = buildBatch(state, batchParams({ l1Txs: [offCurve, forcedExit(carol.ethAddr, 8)] }));
    expect(batch.withdrawals).toEqual([{ ethAddr: carol.ethAddr, tokenId: ETH, amount: 5n }]);
    await expectAgreement(batch);
  });

  test('the genesis batches, from the empty tree', async () => {
    const state = new RollupState(CONFIG.depth);
    for (const l1Txs of GENESIS) {
      const batch = buildBatch(state, batchParams({ l1Txs }));
      await expectAgreement(batch);
      batch.state.merge();
    }
  });

  const cases: Array<[string, readonly L1Tx[], ReadonlyArray<(s: RollupState) => SignedL2Tx>, number[]]> = [
    ['a top-up and deposits refunded: taken idx, unknown idx, idx 0, idx outside the tree', [
      topUp(0xabcn, 2, ETH, 9n), { ...depositNew(carol, 1, ETH, 5n) }, topUp(0xabcn, 12, ETH, 5n), topUp(0xabcn, 2 ** CONFIG.depth + 3, ETH, 4n),
    ], [], []],
    ['deposits refunded: wrong token, balance overflow, a new account without ethAddr, idx 0', [
      topUp(0xabcn, 1, TOKEN, 5n), topUp(0xabcn, 4, TOKEN, MAX_BALANCE - 999n), { ...depositNew(carol, 9, ETH, 3n), ethAddr: 0n }, depositNew(carol, 0, ETH, 8n),
    ], [], []],
    ['forced exits: by the owner, by a non-owner, of an empty idx, outside the tree', [
      forcedExit(bob.ethAddr, 2), forcedExit(alice.ethAddr, 6), forcedExit(bob.ethAddr, 11), forcedExit(bob.ethAddr, 2 ** CONFIG.depth + 2),
    ], [], []],
    ['a forced exit of an empty balance and a zero-amount refund emit nothing', [
      forcedExit(operator.ethAddr, 3), topUp(0xabcn, 13, ETH, 0n),
    ], [], [3]],
    ['a transfer with fee, a withdrawal, a self-transfer and a NOOP', [], [
      transfer(1, 2, 10n ** 17n, 2n * 10n ** 14n), transfer(1, 0, 3n * 10n ** 17n, 0n, 1n), transfer(6, 6, 10n ** 9n, 10n ** 12n),
    ], [3, 5]],
    ['an L1 prefix then L2 txs in two tokens with fees to two fee accounts', [topUp(carol.ethAddr, 2, ETH, 10n)], [
      transfer(4, 7, 100n, 3n, 0n, TOKEN), transfer(2, 1, 10n ** 16n, 10n ** 13n), transfer(7, 0, 1000n, 0n, 0n, TOKEN),
    ], [5, 3]],
    ['a batch of NOOPs', [], [], []],
  ];
  test.each(cases)('%s', async (_name, l1Txs, l2, feeIdx) => {
    const state = fundedState();
    const batch = buildBatch(state, batchParams({ l1Txs, l2Txs: l2.map((make) => make(state)), feeIdx, batchNumber: 7n, l1QueueStartHash: 99n }));
    await expectAgreement(batch);
  });

  test.each([1, 2, 3])('random batch sequence %i mixing every tx type', async (seed) => {
    const state = fundedState();
    const rand = prng(seed);
    let [l1, l2] = [0, 0];
    for (let n = 0; n < 3; n++) {
      const batch = randomBatch(state, rand, BigInt(n + 2));
      await expectAgreement(batch, { snarkjs: seed === 1 && n === 0 });
      l1 += Number(batch.circuitInput.l1TxCount);
      l2 += (batch.circuitInput.fromIdx as bigint[]).filter((idx) => idx !== 0n).length;
      batch.state.merge();
    }
    expect(l1).toBeGreaterThan(0);
    expect(l2).toBeGreaterThan(0);
  });
});

/** A batch of random L1 txs (valid or not) then random valid L2 txs, each L2 tx kept only if core takes it. */
function randomBatch(state: RollupState, rand: () => number, batchNumber: bigint): Batch {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const idxs = Array.from({ length: 12 }, (_, i) => i);
  const existing = () => idxs.filter((i) => i > 0 && state.exists(i));
  const someone = () => pick(USERS);
  const amount = (max: bigint) => (max <= 0n ? 0n : BigInt(Math.floor(rand() * Number(max > 10n ** 15n ? 10n ** 15n : max))));
  const l1Makers: Array<() => L1Tx> = [
    () => depositNew(someone(), pick(idxs.filter((i) => !state.exists(i) && i > 0)) ?? 11, pick([ETH, TOKEN]), amount(10n ** 12n)),
    () => depositNew(someone(), pick(idxs), ETH, amount(100n)),
    () => topUp(someone().ethAddr, pick(idxs), pick([ETH, TOKEN]), amount(10n ** 9n)),
    () => topUp(someone().ethAddr, pick(existing()), ETH, MAX_BALANCE - amount(5n)),
    () => forcedExit(pick(existing().map((i) => state.getAccount(i).ethAddr)), pick(existing())),
    () => forcedExit(someone().ethAddr, pick([...idxs, 2 ** CONFIG.depth])),
  ];
  const l1Txs = Array.from({ length: Math.floor(rand() * 3) }, () => pick(l1Makers)());
  const feeIdx = pick([[], [3], [5, 3], [3, 5]]);
  let batch = buildBatch(state, batchParams({ l1Txs, feeIdx, batchNumber }));
  const l2Txs: SignedL2Tx[] = [];
  for (let tries = 0; l1Txs.length + l2Txs.length < CONFIG.batchSize && tries < 12; tries++) {
    const now = batch.state;
    const from = pick(idxs.filter((i) => i > 0 && now.exists(i) && now.getAccount(i).balance > 0n));
    if (from === undefined) break;
    const sender = now.getAccount(from);
    const to = pick([0, from, ...idxs.filter((i) => i > 0 && now.exists(i) && now.getAccount(i).tokenId === sender.tokenId)]);
    const value = floorToFloat(amount(sender.balance), AMOUNT_FLOAT);
    const fee = floorToFloat(amount((sender.balance - value) / 1000n), FEE_FLOAT);
    const owner = USERS.find((u) => u.ethAddr === sender.ethAddr);
    if (!owner) continue;
    const tx = signed(owner, { fromIdx: from, toIdx: to, amount: value, fee, nonce: sender.nonce, tokenId: sender.tokenId });
    try {
      batch = buildBatch(state, batchParams({ l1Txs, l2Txs: [...l2Txs, tx], feeIdx, batchNumber }));
      l2Txs.push(tx);
    } catch {
      // core refuses it (no fee slot for its token, a fee account's balance, ...): so would the circuit
    }
  }
  return batch;
}
