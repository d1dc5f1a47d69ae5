import { describe, expect, test } from 'vitest';
import { EMPTY_ACCOUNT, type AccountLeaf } from '../../core/account.js';
import { applyL2Tx, checkL2Tx } from '../../core/apply-l2-tx.js';
import { MAX_BALANCE, MAX_NONCE } from '../../core/constants.js';
import type { L2Tx, SignedL2Tx } from '../../core/tx.js';
import { thrown } from '../fixtures/errors.js';
import { account, DOMAIN, rootAfter, signed, stateWith, TEST_CIRCUIT, user, type User } from '../fixtures/rollup.js';

/**
 * checkL2Tx and applyL2Tx on their own (docs/protocol.md §3, "L2 transactions"): an invalid L2 tx is
 * refused with the code a user needs to fix it and changes nothing; a valid one debits amount + fee from
 * the sender and bumps its nonce, then credits the receiver (a transfer) or withdraws to the sender's L1
 * address (toIdx 0). The fee is only debited here: fee slots credit it (fee-slots.test.ts).
 */
const ETH = 0n;
const TOKEN = 1n;
const alice = user(31);
const bob = user(32);
const carol = user(33);
const dave = user(34);
const OUTSIDE = 2 ** TEST_CIRCUIT.depth;

/** alice #1 (1000 ETH, nonce 5), bob #2 (10 ETH), carol #3 (TOKEN), dave #4 (ETH, 5 below the maximum), alice #5 (ETH, nonce exhausted). */
const ACCOUNTS: Readonly<Record<number, AccountLeaf>> = {
  1: account(alice, ETH, 1000n, 5n),
  2: account(bob, ETH, 10n),
  3: account(carol, TOKEN, 50n),
  4: account(dave, ETH, MAX_BALANCE - 5n),
  5: account(alice, ETH, 1000n, MAX_NONCE),
};
const OWNERS: Readonly<Record<number, User>> = { 1: alice, 2: bob, 3: carol, 4: dave, 5: alice };

/** A tx from alice #1 to bob #2, signed by the owner of fromIdx (or `by`). */
function tx(over: Partial<L2Tx> = {}, by?: User): SignedL2Tx {
  const t: L2Tx = { fromIdx: 1, toIdx: 2, amount: 100n, fee: 3n, nonce: 5n, tokenId: ETH, ...over };
  return signed(by ?? OWNERS[t.fromIdx] ?? alice, t);
}

function apply(t: SignedL2Tx) {
  const state = stateWith(ACCOUNTS);
  const rootBefore = state.root;
  const outcome = applyL2Tx(state, t, { domain: DOMAIN });
  expect(rootAfter(outcome.receiver, rootAfter(outcome.sender, rootBefore))).toBe(state.root);
  return { state, outcome };
}

describe('applyL2Tx: valid txs', () => {
  test('a transfer debits amount + fee and bumps the nonce, then credits the amount', () => {
    const { state, outcome } = apply(tx());
    expect(state.getAccount(1)).toEqual(account(alice, ETH, 897n, 6n));
    expect(state.getAccount(2)).toEqual(account(bob, ETH, 110n));
    expect(outcome.withdrawal).toBeNull();
    expect(outcome.sender).toMatchObject({ idx: 1, before: ACCOUNTS[1], after: account(alice, ETH, 897n, 6n) });
    expect(outcome.receiver).toMatchObject({ idx: 2, before: ACCOUNTS[2], after: account(bob, ETH, 110n) });
  });

  test('a transfer of the whole balance (amount + fee = balance) leaves 0', () => {
    const { state } = apply(tx({ fromIdx: 2, toIdx: 1, amount: 7n, fee: 3n, nonce: 0n }));
    expect(state.getAccount(2)).toEqual(account(bob, ETH, 0n, 1n));
    expect(state.getAccount(1)).toEqual(account(alice, ETH, 1007n, 5n));
  });

  test('a transfer to oneself pays only the fee; the receiver side sees the debited account', () => {
    const { state, outcome } = apply(tx({ toIdx: 1 }));
    expect(state.getAccount(1)).toEqual(account(alice, ETH, 997n, 6n));
    expect(outcome.receiver).toMatchObject({ idx: 1, before: account(alice, ETH, 897n, 6n), after: account(alice, ETH, 997n, 6n) });
  });

  test('a transfer to oneself near the maximum balance is no overflow', () => {
    const { state } = apply(tx({ fromIdx: 4, toIdx: 4, amount: 10n, fee: 1n, nonce: 0n }));
    expect(state.getAccount(4)).toEqual(account(dave, ETH, MAX_BALANCE - 6n, 1n));
  });

  test('a withdrawal (toIdx 0) debits the sender and pays the amount to its L1 address; the receiver side is idle', () => {
    const { state, outcome } = apply(tx({ toIdx: 0 }));
    expect(state.getAccount(1)).toEqual(account(alice, ETH, 897n, 6n));
    expect(outcome.withdrawal).toEqual({ ethAddr: alice.ethAddr, tokenId: ETH, amount: 100n });
    expect(outcome.receiver).toMatchObject({ idx: 0, before: EMPTY_ACCOUNT, after: EMPTY_ACCOUNT });
  });

  test('a withdrawal of 0 only pays the fee: no withdrawal', () => {
    const { state, outcome } = apply(tx({ toIdx: 0, amount: 0n }));
    expect(state.getAccount(1)).toEqual(account(alice, ETH, 997n, 6n));
    expect(outcome.withdrawal).toBeNull();
  });

  test('a transfer with fee 0 moves only the amount', () => {
    const { state } = apply(tx({ fee: 0n }));
    expect(state.getAccount(1).balance).toBe(900n);
  });

  test('a tx whose signature the caller already verified is not verified again', () => {
    const state = stateWith(ACCOUNTS);
    const forged = tx({}, bob);
    expect(() => applyL2Tx(state, forged, { domain: DOMAIN, signatureVerified: true })).not.toThrow();
    expect(state.getAccount(1).nonce).toBe(6n);
  });
});

describe('checkL2Tx: invalid txs are refused with their code and change nothing', () => {
  test.each([
    // Field ranges come first: these carry the signature of the valid tx they were edited from.
    { name: 'a sender at idx 0', t: () => ({ ...tx(), fromIdx: 0 }), code: 'MALFORMED' },
    { name: 'an amount that is no AMOUNT_FLOAT', t: () => ({ ...tx(), amount: 1234567891n }), code: 'NOT_REPRESENTABLE' },
    { name: 'a fee that is no FEE_FLOAT', t: () => ({ ...tx(), fee: 11n }), code: 'NOT_REPRESENTABLE' },
    { name: 'a nonce of 2^40', t: () => ({ ...tx(), nonce: MAX_NONCE + 1n }), code: 'OUT_OF_RANGE' },
    { name: 'a sender that does not exist', t: () => tx({ fromIdx: 9 }), code: 'UNKNOWN_ACCOUNT', details: { idx: 9 } },
    { name: 'a sender outside the tree', t: () => tx({ fromIdx: OUTSIDE }), code: 'UNKNOWN_ACCOUNT', details: { idx: OUTSIDE } },
    { name: 'a token the sender does not hold', t: () => tx({ tokenId: TOKEN }), code: 'TOKEN_MISMATCH', details: { idx: 1, accountToken: '0', txToken: '1' } },
    { name: 'a nonce already used', t: () => tx({ nonce: 4n }), code: 'WRONG_NONCE', details: { idx: 1, expected: '5', got: '4' } },
    { name: 'a nonce ahead of the account', t: () => tx({ nonce: 6n }), code: 'WRONG_NONCE', details: { idx: 1, expected: '5', got: '6' } },
    { name: 'a sender that has used every nonce', t: () => tx({ fromIdx: 5, nonce: MAX_NONCE }), code: 'OUT_OF_RANGE' },
    { name: 'a signature by another key', t: () => tx({}, bob), code: 'INVALID_SIGNATURE', details: { idx: 1 } },
    { name: 'a signature for another chain', t: () => signed(alice, tx(), { ...DOMAIN, chainId: 1n }), code: 'INVALID_SIGNATURE', details: { idx: 1 } },
    { name: 'amount + fee above the balance', t: () => tx({ fromIdx: 2, toIdx: 1, amount: 8n, fee: 3n, nonce: 0n }), code: 'INSUFFICIENT_BALANCE', details: { idx: 2, balance: '10', needed: '11' } },
    { name: 'a receiver that does not exist', t: () => tx({ toIdx: 9 }), code: 'UNKNOWN_ACCOUNT', details: { idx: 9 } },
    { name: 'a receiver outside the tree', t: () => tx({ toIdx: OUTSIDE }), code: 'UNKNOWN_ACCOUNT', details: { idx: OUTSIDE } },
    { name: 'a receiver in another token', t: () => tx({ toIdx: 3 }), code: 'TOKEN_MISMATCH', details: { idx: 3, accountToken: '1', txToken: '0' } },
    { name: 'a receiver credited past 2^128 - 1', t: () => tx({ toIdx: 4, amount: 6n }), code: 'BALANCE_OVERFLOW', details: { idx: 4 } },
  ])('$name: $code', ({ t, code, details }) => {
    const state = stateWith(ACCOUNTS);
    const root = state.root;
    const signedTx = t();
    for (const run of [() => checkL2Tx(state, signedTx, { domain: DOMAIN }), () => applyL2Tx(state, signedTx, { domain: DOMAIN })]) {
      const error = thrown(run);
      expect(error?.code).toBe(code);
      if (details) expect(error?.details).toEqual(details);
      expect(state.root).toBe(root);
    }
  });
});
