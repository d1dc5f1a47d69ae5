import { describe, expect, test } from 'vitest';
import { buildBatch, type BatchParams } from '../../core/build-batch.js';
import { ModuloError } from '../../core/errors.js';
import { l1QueueHashes } from '../../core/l1-queue.js';
import { publicInputHash } from '../../core/public-input.js';
import { RollupState } from '../../core/rollup-state.js';
import { computeRoot } from '../../core/state-tree.js';
import { accountLeafValue } from '../../core/account.js';
import { decodeTxDataList } from '../../core/tx-data.js';
import { decodeWithdrawals, withdrawalsHash } from '../../core/withdrawals.js';
import type { L1Tx, SignedL2Tx } from '../../core/tx.js';
import { DOMAIN, TEST_CIRCUIT, depositNew, forcedExit, signed, topUp, user } from '../fixtures/rollup.js';

const alice = user(1);
const bob = user(2);
const operator = user(3);
const ETH = 0n;
const TOKEN = 1n;

function params(over: Partial<BatchParams>): BatchParams {
  return {
    circuit: TEST_CIRCUIT,
    domain: DOMAIN,
    batchNumber: 1n,
    l1QueueStartHash: 0n,
    l1Txs: [],
    l2Txs: [],
    feeIdx: [],
    ...over,
  };
}

/** alice #1 and bob #2 hold ETH, operator #3 collects ETH fees, bob #4 holds TOKEN. */
function funded(): RollupState {
  const state = new RollupState(TEST_CIRCUIT.depth);
  const batch = buildBatch(state, params({
    l1Txs: [
      depositNew(alice, 1, ETH, 10n ** 18n),
      depositNew(bob, 2, ETH, 5n * 10n ** 17n),
      depositNew(operator, 3, ETH, 0n),
      depositNew(bob, 4, TOKEN, 1000n),
    ],
  }));
  batch.state.merge();
  return state;
}

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModuloError);
    expect((error as ModuloError).code).toBe(code);
    return;
  }
  throw new Error(`expected ModuloError ${code}`);
}

describe('buildBatch: L1 txs', () => {
  test('a deposit with a key creates the account at its idx', () => {
    const state = funded();
    expect(state.getAccount(1)).toEqual({ tokenId: ETH, nonce: 0n, balance: 10n ** 18n, ax: alice.ax, ay: alice.ay, ethAddr: alice.ethAddr });
  });

  test('a top-up adds to the balance, from anyone', () => {
    const batch = buildBatch(funded(), params({ l1Txs: [topUp(0xabcn, 1, ETH, 7n)] }));
    expect(batch.state.getAccount(1).balance).toBe(10n ** 18n + 7n);
    expect(batch.withdrawals).toEqual([]);
  });

  const refunds: Array<[string, L1Tx]> = [
    ['a top-up of an account that does not exist', topUp(0xabcn, 9, ETH, 5n)],
    ['a top-up in another token', topUp(0xabcn, 1, TOKEN, 5n)],
    ['a top-up of idx 0', topUp(0xabcn, 0, ETH, 5n)],
    ['a top-up outside the tree', topUp(0xabcn, 2 ** TEST_CIRCUIT.depth, ETH, 5n)],
    ['a top-up past 2^128 - 1', topUp(0xabcn, 4, TOKEN, (1n << 128n) - 1000n)],
    ['a new account at an idx already taken', { ...depositNew(alice, 2, ETH, 5n), ethAddr: 0xabcn }],
  ];
  test.each(refunds)('%s is a no-op that refunds the depositor', (_name, tx) => {
    const state = funded();
    const batch = buildBatch(state, params({ l1Txs: [tx] }));
    expect(batch.newStateRoot).toBe(state.root);
    expect(batch.withdrawals).toEqual([{ ethAddr: 0xabcn, tokenId: tx.tokenId, amount: tx.amount }]);
  });

  test('a forced exit by the owner withdraws the whole balance to the owner, keeping the nonce', () => {
    const batch = buildBatch(funded(), params({ l1Txs: [forcedExit(bob.ethAddr, 2)] }));
    expect(batch.withdrawals).toEqual([{ ethAddr: bob.ethAddr, tokenId: ETH, amount: 5n * 10n ** 17n }]);
    expect(batch.state.getAccount(2)).toMatchObject({ balance: 0n, nonce: 0n });
  });

  test.each([
    ['someone who is not the owner', forcedExit(alice.ethAddr, 2)],
    ['an empty idx', forcedExit(bob.ethAddr, 9)],
    ['idx 0', forcedExit(bob.ethAddr, 0)],
  ])('a forced exit by %s moves nothing', (_name, tx) => {
    const state = funded();
    const batch = buildBatch(state, params({ l1Txs: [tx] }));
    expect(batch.newStateRoot).toBe(state.root);
    expect(batch.withdrawals).toEqual([]);
  });

  test('the queue segment walks the contract hash chain from the start hash', () => {
    const txs = [topUp(1n, 1, ETH, 1n), forcedExit(bob.ethAddr, 2)];
    const batch = buildBatch(funded(), params({ l1Txs: txs, l1QueueStartHash: 123n }));
    expect(batch.l1QueueEndHash).toBe(l1QueueHashes(txs, 123n).at(-1));
    expect(batch.commit.l1TxCount).toBe(2);
  });
});

describe('buildBatch: L2 txs', () => {
  const transfer = (over: Partial<SignedL2Tx> = {}) =>
    signed(alice, { fromIdx: 1, toIdx: 2, amount: 10n ** 17n, fee: 10n ** 15n, nonce: 0n, tokenId: ETH, ...over });

  test('a transfer moves the amount, pays the fee to the fee account and bumps the nonce', () => {
    const batch = buildBatch(funded(), params({ l2Txs: [transfer()], feeIdx: [3] }));
    expect(batch.state.getAccount(1)).toMatchObject({ balance: 10n ** 18n - 10n ** 17n - 10n ** 15n, nonce: 1n });
    expect(batch.state.getAccount(2).balance).toBe(6n * 10n ** 17n);
    expect(batch.state.getAccount(3).balance).toBe(10n ** 15n);
  });

  test('a withdrawal pays out to the sender account owner on L1', () => {
    const tx = signed(alice, { fromIdx: 1, toIdx: 0, amount: 3n * 10n ** 17n, fee: 0n, nonce: 0n, tokenId: ETH });
    const batch = buildBatch(funded(), params({ l2Txs: [tx] }));
    expect(batch.withdrawals).toEqual([{ ethAddr: alice.ethAddr, tokenId: ETH, amount: 3n * 10n ** 17n }]);
    expect(batch.state.getAccount(1).balance).toBe(7n * 10n ** 17n);
  });

  test('a transfer to oneself only pays the fee', () => {
    const batch = buildBatch(funded(), params({ l2Txs: [transfer({ toIdx: 1 })], feeIdx: [3] }));
    expect(batch.state.getAccount(1)).toMatchObject({ balance: 10n ** 18n - 10n ** 15n, nonce: 1n });
  });

  test('consecutive txs of one sender use consecutive nonces', () => {
    const batch = buildBatch(funded(), params({ l2Txs: [transfer(), transfer({ nonce: 1n })], feeIdx: [3] }));
    expect(batch.state.getAccount(1).nonce).toBe(2n);
  });

  const rejections: Array<[string, () => SignedL2Tx, string]> = [
    ['an unknown sender', () => signed(alice, { fromIdx: 9, toIdx: 2, amount: 1n, fee: 0n, nonce: 0n, tokenId: ETH }), 'UNKNOWN_ACCOUNT'],
    ['an unknown receiver', () => transfer({ toIdx: 9 }), 'UNKNOWN_ACCOUNT'],
    ['a receiver in another token', () => transfer({ toIdx: 4 }), 'TOKEN_MISMATCH'],
    ['a token the sender does not hold', () => transfer({ tokenId: TOKEN }), 'TOKEN_MISMATCH'],
    ['a wrong nonce', () => transfer({ nonce: 1n }), 'WRONG_NONCE'],
    ['a signature by another key', () => signed(bob, { fromIdx: 1, toIdx: 2, amount: 1n, fee: 0n, nonce: 0n, tokenId: ETH }), 'INVALID_SIGNATURE'],
    ['a signature for another rollup', () => signed(alice, { fromIdx: 1, toIdx: 2, amount: 1n, fee: 0n, nonce: 0n, tokenId: ETH }, { ...DOMAIN, rollupAddress: 1n }), 'INVALID_SIGNATURE'],
    ['a signature for another chain', () => signed(alice, { fromIdx: 1, toIdx: 2, amount: 1n, fee: 0n, nonce: 0n, tokenId: ETH }, { ...DOMAIN, chainId: 1n }), 'INVALID_SIGNATURE'],
    ['a tampered amount', () => ({ ...transfer(), amount: 2n * 10n ** 17n }), 'INVALID_SIGNATURE'],
    ['an overdraft', () => transfer({ amount: 10n ** 18n }), 'INSUFFICIENT_BALANCE'],
    ['a fee in a token no fee account holds', () => signed(bob, { fromIdx: 4, toIdx: 4, amount: 1n, fee: 1n, nonce: 0n, tokenId: TOKEN }), 'NO_FEE_SLOT'],
    ['an amount that is not a float', () => ({ ...transfer(), amount: 1234567n }), 'NOT_REPRESENTABLE'],
  ];
  test.each(rejections)('rejects %s and leaves the state untouched', (_name, make, code) => {
    const state = funded();
    const root = state.root;
    expectCode(() => buildBatch(state, params({ l2Txs: [make()], feeIdx: [3] })), code);
    expect(state.root).toBe(root);
    expect(state.getAccount(1).nonce).toBe(0n);
  });

  test('rejects more txs than slots', () => {
    const txs = Array.from({ length: TEST_CIRCUIT.batchSize + 1 }, (_, i) => topUp(1n, 1, ETH, BigInt(i + 1)));
    expectCode(() => buildBatch(funded(), params({ l1Txs: txs })), 'BATCH_FULL');
  });

  test('rejects two fee accounts of one token and a fee account that does not exist', () => {
    expectCode(() => buildBatch(funded(), params({ feeIdx: [1, 3] })), 'MALFORMED');
    expectCode(() => buildBatch(funded(), params({ feeIdx: [9] })), 'UNKNOWN_ACCOUNT');
  });
});

describe('buildBatch: what circuit and contract receive', () => {
  const l1Txs = [topUp(7n, 2, ETH, 3n), forcedExit(bob.ethAddr, 4)];
  const l2Txs = [signed(alice, { fromIdx: 1, toIdx: 2, amount: 5n, fee: 1n, nonce: 0n, tokenId: ETH })];
  const make = () => {
    const state = funded();
    return { state, batch: buildBatch(state, params({ l1Txs, l2Txs, feeIdx: [3], batchNumber: 2n })) };
  };

  test('the public input is the hash of the statement and the statement holds both roots', () => {
    const { state, batch } = make();
    expect(batch.publicInputHash).toBe(publicInputHash(batch.statement));
    expect(batch.statement.oldStateRoot).toBe(state.root);
    expect(batch.statement.newStateRoot).toBe(batch.state.root);
    expect(batch.statement.withdrawalsHash).toBe(withdrawalsHash(batch.withdrawals));
    expect(batch.circuitInput.publicInputHash).toBe(batch.publicInputHash);
  });

  test('commit calldata holds the L2 slots without L1 slots or padding, and the withdrawals', () => {
    const { batch } = make();
    expect(decodeTxDataList(batch.commit.txData)).toEqual([{ fromIdx: 1, toIdx: 2, amountFloat: 5, feeFloat: 1 }]);
    expect(decodeWithdrawals(batch.commit.withdrawals)).toEqual(batch.withdrawals);
    expect(batch.commit.feeIdx).toEqual([3, 0]);
    expect(batch.statement.txData.length).toBe(TEST_CIRCUIT.batchSize * 12);
  });

  test('circuit input arrays have one entry per slot and per fee slot, siblings [levels][3]', () => {
    const { batch } = make();
    const input = batch.circuitInput;
    for (const name of ['l1TxType', 'fromIdx', 'sigS', 'senderBalance', 'receiverEthAddr']) {
      expect(input[name]).toHaveLength(TEST_CIRCUIT.batchSize);
    }
    expect(input.feeAccountBalance).toHaveLength(TEST_CIRCUIT.feeSlots);
    const siblings = input.senderSiblings as bigint[][][];
    expect(siblings[0]).toHaveLength(TEST_CIRCUIT.depth / 2);
    expect(siblings[0]![0]).toHaveLength(3);
    expect(input.l1TxCount).toBe(2n);
    expect((input.l1TxType as bigint[]).slice(0, 3)).toEqual([1n, 2n, 0n]);
  });

  test('the leaf update witnesses chain from the old root to the new root', () => {
    const { state, batch } = make();
    let root = state.root;
    for (const u of batch.updates) {
      expect(computeRoot({ idx: u.idx, leaf: accountLeafValue(u.before), siblings: u.siblings }, TEST_CIRCUIT.depth)).toBe(root);
      root = computeRoot({ idx: u.idx, leaf: accountLeafValue(u.after), siblings: u.siblings }, TEST_CIRCUIT.depth);
    }
    expect(root).toBe(batch.newStateRoot);
    expect(batch.updates).toHaveLength(2 * TEST_CIRCUIT.batchSize + TEST_CIRCUIT.feeSlots);
  });

  test('the circuit input carries each update\'s leaf before it, per side', () => {
    const { batch } = make();
    const senders = batch.updates.filter((_, i) => i < 2 * TEST_CIRCUIT.batchSize && i % 2 === 0);
    expect(batch.circuitInput.senderBalance).toEqual(senders.map((u) => u.before.balance));
    expect(batch.circuitInput.senderSiblings).toEqual(senders.map((u) => u.siblings));
  });
});
