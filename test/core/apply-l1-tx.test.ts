import { describe, expect, test } from 'vitest';
import { EMPTY_ACCOUNT, type AccountLeaf } from '../../core/account.js';
import { applyL1Tx } from '../../core/apply-l1-tx.js';
import { MAX_BALANCE, TxType } from '../../core/constants.js';
import { FIELD_MODULUS } from '../../core/field.js';
import type { L1Tx } from '../../core/tx.js';
import type { Withdrawal } from '../../core/withdrawals.js';
import { thrownCode } from '../fixtures/errors.js';
import { account, depositNew, forcedExit, rootAfter, stateWith, TEST_CIRCUIT, topUp, user } from '../fixtures/rollup.js';

/**
 * applyL1Tx on its own (docs/protocol.md §3, "L1 transactions"): a queued L1 tx that is invalid in the
 * state is a no-op, never an error (the contract has already taken it), and a deposit's amount then goes
 * back to the depositor as a withdrawal. Expected accounts are written out here, not derived from core.
 */
const ETH = 0n;
const TOKEN = 1n;
const alice = user(21);
const bob = user(22);
const carol = user(23);
const STRANGER = 0xabcn;
const OUTSIDE = 2 ** TEST_CIRCUIT.depth;

/** alice #1 (100 ETH, nonce 3), bob #2 (TOKEN, 5 below the maximum balance), carol #3 (0 ETH). */
const ACCOUNTS: Readonly<Record<number, AccountLeaf>> = { 1: account(alice, ETH, 100n, 3n), 2: account(bob, TOKEN, MAX_BALANCE - 5n), 3: account(carol, ETH, 0n) };

interface Case {
  readonly name: string;
  readonly tx: L1Tx;
  /** The account at tx.idx afterwards; absent: the tx is a no-op. */
  readonly after?: AccountLeaf;
  readonly withdrawal: Withdrawal | null;
}

const refund = (tx: L1Tx): Withdrawal => ({ ethAddr: tx.ethAddr, tokenId: tx.tokenId, amount: tx.amount });

/** Applies `tx` to the accounts above; checks the witnesses chain from the old root to the new one. */
function apply(tx: L1Tx) {
  const state = stateWith(ACCOUNTS);
  const rootBefore = state.root;
  const outcome = applyL1Tx(state, tx);
  expect(rootAfter(outcome.receiver, rootAfter(outcome.sender, rootBefore))).toBe(state.root);
  return { state, rootBefore, outcome };
}

describe('applyL1Tx: deposits', () => {
  const valid: Case[] = [
    {
      name: 'a deposit with a key creates the account at an empty idx, nonce 0',
      tx: depositNew(carol, 7, TOKEN, 5000n),
      after: { tokenId: TOKEN, nonce: 0n, balance: 5000n, ax: carol.ax, ay: carol.ay, ethAddr: carol.ethAddr },
      withdrawal: null,
    },
    {
      name: 'a deposit of 0 with a key creates an empty-balance account (a fee account)',
      tx: depositNew(bob, 9, ETH, 0n),
      after: { tokenId: ETH, nonce: 0n, balance: 0n, ax: bob.ax, ay: bob.ay, ethAddr: bob.ethAddr },
      withdrawal: null,
    },
    {
      name: 'a top-up adds to the balance and keeps nonce, key and owner',
      tx: topUp(alice.ethAddr, 1, ETH, 23n),
      after: account(alice, ETH, 123n, 3n),
      withdrawal: null,
    },
    {
      name: 'a top-up from anyone is credited to the account',
      tx: topUp(STRANGER, 1, ETH, 1n),
      after: account(alice, ETH, 101n, 3n),
      withdrawal: null,
    },
    {
      name: 'a top-up up to exactly 2^128 - 1 is credited',
      tx: topUp(STRANGER, 2, TOKEN, 5n),
      after: account(bob, TOKEN, MAX_BALANCE),
      withdrawal: null,
    },
  ];

  test.each(valid)('$name', ({ tx, after, withdrawal }) => {
    const { state, rootBefore, outcome } = apply(tx);
    expect(outcome.valid).toBe(true);
    expect(outcome.withdrawal).toEqual(withdrawal);
    expect(state.getAccount(tx.idx)).toEqual(after);
    expect(state.root).not.toBe(rootBefore);
    expect(outcome.sender).toMatchObject({ idx: 0, before: EMPTY_ACCOUNT, after: EMPTY_ACCOUNT });
    expect(outcome.receiver).toMatchObject({ idx: tx.idx, before: ACCOUNTS[tx.idx] ?? EMPTY_ACCOUNT, after });
  });

  const noOps: Array<Omit<Case, 'after'>> = [
    { name: 'a new account at an idx already taken', tx: depositNew(carol, 1, ETH, 7n), withdrawal: { ethAddr: carol.ethAddr, tokenId: ETH, amount: 7n } },
    { name: 'a new account at idx 0', tx: depositNew(carol, 0, ETH, 7n), withdrawal: { ethAddr: carol.ethAddr, tokenId: ETH, amount: 7n } },
    { name: 'a new account outside the tree', tx: depositNew(carol, OUTSIDE, ETH, 7n), withdrawal: { ethAddr: carol.ethAddr, tokenId: ETH, amount: 7n } },
    { name: 'a new account owned by address 0', tx: { ...depositNew(carol, 7, ETH, 7n), ethAddr: 0n }, withdrawal: { ethAddr: 0n, tokenId: ETH, amount: 7n } },
    { name: 'a top-up of an empty idx', tx: topUp(STRANGER, 7, ETH, 7n), withdrawal: { ethAddr: STRANGER, tokenId: ETH, amount: 7n } },
    { name: 'a top-up of idx 0', tx: topUp(STRANGER, 0, ETH, 7n), withdrawal: { ethAddr: STRANGER, tokenId: ETH, amount: 7n } },
    { name: 'a top-up outside the tree', tx: topUp(STRANGER, OUTSIDE, ETH, 7n), withdrawal: { ethAddr: STRANGER, tokenId: ETH, amount: 7n } },
    { name: 'a top-up in another token than the account\'s', tx: topUp(STRANGER, 1, TOKEN, 7n), withdrawal: { ethAddr: STRANGER, tokenId: TOKEN, amount: 7n } },
    { name: 'a top-up past 2^128 - 1', tx: topUp(STRANGER, 2, TOKEN, 6n), withdrawal: { ethAddr: STRANGER, tokenId: TOKEN, amount: 6n } },
    { name: 'an invalid deposit of 0 (nothing to refund)', tx: topUp(STRANGER, 7, ETH, 0n), withdrawal: null },
  ];

  test.each(noOps)('$name is a no-op that refunds the depositor', ({ tx, withdrawal }) => {
    const { state, rootBefore, outcome } = apply(tx);
    expect(outcome.valid).toBe(false);
    expect(outcome.withdrawal).toEqual(withdrawal);
    if (withdrawal !== null) expect(outcome.withdrawal).toEqual(refund(tx));
    expect(state.root).toBe(rootBefore);
    const side = tx.idx < OUTSIDE ? tx.idx : 0; // outside the tree, the receiver side reads leaf 0
    expect(outcome.receiver).toMatchObject({ idx: side, after: outcome.receiver.before });
    expect(outcome.sender).toMatchObject({ idx: 0, before: EMPTY_ACCOUNT, after: EMPTY_ACCOUNT });
  });
});

describe('applyL1Tx: forced exits', () => {
  test('by the owner: the whole balance is withdrawn to the owner; token, nonce and key stay', () => {
    const { state, outcome } = apply(forcedExit(alice.ethAddr, 1));
    expect(outcome.valid).toBe(true);
    expect(outcome.withdrawal).toEqual({ ethAddr: alice.ethAddr, tokenId: ETH, amount: 100n });
    expect(state.getAccount(1)).toEqual(account(alice, ETH, 0n, 3n));
    expect(outcome.sender).toMatchObject({ idx: 1, before: ACCOUNTS[1], after: account(alice, ETH, 0n, 3n) });
    expect(outcome.receiver).toMatchObject({ idx: 0, before: EMPTY_ACCOUNT, after: EMPTY_ACCOUNT });
  });

  test('by the owner of an empty balance: valid, nothing to withdraw', () => {
    const { state, rootBefore, outcome } = apply(forcedExit(carol.ethAddr, 3));
    expect(outcome.valid).toBe(true);
    expect(outcome.withdrawal).toBeNull();
    expect(state.root).toBe(rootBefore);
  });

  test.each([
    { name: 'someone who is not the owner', tx: forcedExit(bob.ethAddr, 1), side: 1 },
    { name: 'anyone, of an empty idx', tx: forcedExit(alice.ethAddr, 7), side: 7 },
    { name: 'anyone, of idx 0', tx: forcedExit(alice.ethAddr, 0), side: 0 },
    { name: 'anyone, outside the tree', tx: forcedExit(alice.ethAddr, OUTSIDE), side: 0 },
  ])('by $name is a no-op', ({ tx, side }) => {
    const { state, rootBefore, outcome } = apply(tx);
    expect(outcome.valid).toBe(false);
    expect(outcome.withdrawal).toBeNull();
    expect(state.root).toBe(rootBefore);
    expect(outcome.sender).toMatchObject({ idx: side, after: outcome.sender.before });
  });
});

describe('applyL1Tx: malformed txs', () => {
  test.each([
    { name: 'an L2 tx type', tx: { ...topUp(STRANGER, 1, ETH, 1n), txType: TxType.TRANSFER as never }, code: 'MALFORMED' },
    { name: 'an amount of 2^128', tx: topUp(STRANGER, 1, ETH, 1n << 128n), code: 'OUT_OF_RANGE' },
    { name: 'a token of 2^32', tx: topUp(STRANGER, 1, 1n << 32n, 1n), code: 'OUT_OF_RANGE' },
    { name: 'an ethAddr of 2^160', tx: topUp(1n << 160n, 1, ETH, 1n), code: 'OUT_OF_RANGE' },
    { name: 'a negative idx', tx: topUp(STRANGER, -1, ETH, 1n), code: 'OUT_OF_RANGE' },
    { name: 'an idx of 2^32', tx: topUp(STRANGER, 2 ** 32, ETH, 1n), code: 'OUT_OF_RANGE' },
    { name: 'a key coordinate outside the field', tx: { ...depositNew(carol, 7, ETH, 1n), ax: FIELD_MODULUS }, code: 'NOT_IN_FIELD' },
  ])('$name throws $code and changes nothing', ({ tx, code }) => {
    const state = stateWith(ACCOUNTS);
    const root = state.root;
    expect(thrownCode(() => applyL1Tx(state, tx))).toBe(code);
    expect(state.root).toBe(root);
  });
});
