import { describe, expect, test } from 'vitest';
import { EMPTY_ACCOUNT, type AccountLeaf } from '../../core/account.js';
import { MAX_BALANCE } from '../../core/constants.js';
import { FeeSlots } from '../../core/fee-slots.js';
import { thrownCode } from '../fixtures/errors.js';
import { account, rootAfter, stateWith, TEST_CIRCUIT, user } from '../fixtures/rollup.js';

/**
 * FeeSlots on its own (docs/protocol.md §3, "Fees"): the batch's fee accounts are read once, fees are
 * summed per slot by token as txs are applied, and each slot's account is credited once, in slot order,
 * after the last tx; an unused slot updates leaf 0 to itself.
 */
const ETH = 0n;
const TOKEN = 1n;
const OTHER = 2n;
const operator = user(41);
const SLOTS = TEST_CIRCUIT.feeSlots;
const OUTSIDE = 2 ** TEST_CIRCUIT.depth;

/** Fee accounts: #1 ETH (10), #2 TOKEN (5 below the maximum), #3 ETH again (0). */
const ACCOUNTS: Readonly<Record<number, AccountLeaf>> = {
  1: account(operator, ETH, 10n),
  2: account(operator, TOKEN, MAX_BALANCE - 5n),
  3: account(operator, ETH, 0n),
};

describe('FeeSlots: the batch\'s fee accounts', () => {
  test('pads feeIdx with 0 up to the circuit\'s fee slots', () => {
    expect(new FeeSlots(stateWith(ACCOUNTS), [1], SLOTS).feeIdx).toEqual([1, ...Array<number>(SLOTS - 1).fill(0)]);
    expect(new FeeSlots(stateWith(ACCOUNTS), [], SLOTS).feeIdx).toEqual(Array<number>(SLOTS).fill(0));
  });

  test('slotOf finds the slot collecting a token, -1 for any other; empty slots collect none', () => {
    const slots = new FeeSlots(stateWith(ACCOUNTS), [2, 1], SLOTS);
    expect([slots.slotOf(TOKEN), slots.slotOf(ETH), slots.slotOf(OTHER)]).toEqual([0, 1, -1]);
    expect(new FeeSlots(stateWith(ACCOUNTS), [0, 1], SLOTS).slotOf(ETH)).toBe(1);
  });

  test.each([
    { name: 'more fee accounts than fee slots', feeIdx: Array.from({ length: SLOTS + 1 }, (_, i) => i + 1), code: 'MALFORMED' },
    { name: 'two fee accounts in the same token', feeIdx: [1, 3], code: 'MALFORMED' },
    { name: 'a fee account that does not exist', feeIdx: [9], code: 'UNKNOWN_ACCOUNT' },
    { name: 'a fee account outside the tree', feeIdx: [OUTSIDE], code: 'UNKNOWN_ACCOUNT' },
    { name: 'a negative feeIdx', feeIdx: [-1], code: 'OUT_OF_RANGE' },
    { name: 'a feeIdx of 2^32', feeIdx: [2 ** 32], code: 'OUT_OF_RANGE' },
  ])('refuses $name: $code', ({ feeIdx, code }) => {
    expect(thrownCode(() => new FeeSlots(stateWith(ACCOUNTS), feeIdx, SLOTS))).toBe(code);
  });
});

describe('FeeSlots: fees', () => {
  test('a fee of 0 needs no slot; a non-zero fee in a token no fee account holds is NO_FEE_SLOT', () => {
    const slots = new FeeSlots(stateWith(ACCOUNTS), [1], SLOTS);
    expect(thrownCode(() => slots.checkFee(OTHER, 0n))).toBeUndefined();
    expect(thrownCode(() => slots.checkFee(ETH, 7n))).toBeUndefined();
    expect(thrownCode(() => slots.checkFee(OTHER, 1n))).toBe('NO_FEE_SLOT');
    expect(thrownCode(() => slots.collect(TOKEN, 1n))).toBe('NO_FEE_SLOT');
  });

  test('credit adds each slot\'s total to its account once, in slot order; the witnesses chain the roots', () => {
    const state = stateWith(ACCOUNTS);
    const slots = new FeeSlots(state, [2, 1], SLOTS);
    for (const [token, fee] of [[ETH, 3n], [TOKEN, 2n], [ETH, 0n], [ETH, 4n], [OTHER, 0n]] as const) slots.collect(token, fee);
    const rootBefore = state.root;
    const updates = slots.credit(state);
    expect(updates.map((u) => u.idx)).toEqual([2, 1]);
    expect(state.getAccount(2)).toEqual(account(operator, TOKEN, MAX_BALANCE - 3n));
    expect(state.getAccount(1)).toEqual(account(operator, ETH, 17n));
    expect(updates.map((u) => u.after)).toEqual([state.getAccount(2), state.getAccount(1)]);
    expect(updates.reduce((root, u) => rootAfter(u, root), rootBefore)).toBe(state.root);
  });

  test('an unused slot updates leaf 0 to itself; a slot that collected nothing keeps its balance', () => {
    const state = stateWith(ACCOUNTS);
    const rootBefore = state.root;
    const updates = new FeeSlots(state, [3], SLOTS).credit(state);
    expect(updates).toHaveLength(SLOTS);
    expect(updates[0]).toMatchObject({ idx: 3, before: ACCOUNTS[3], after: ACCOUNTS[3] });
    for (const u of updates.slice(1)) expect(u).toMatchObject({ idx: 0, before: EMPTY_ACCOUNT, after: EMPTY_ACCOUNT });
    expect(state.root).toBe(rootBefore);
    expect(updates.reduce((root, u) => rootAfter(u, root), rootBefore)).toBe(rootBefore);
  });

  test('a credit past 2^128 - 1 is BALANCE_OVERFLOW', () => {
    const state = stateWith(ACCOUNTS);
    const slots = new FeeSlots(state, [2], SLOTS);
    slots.collect(TOKEN, 6n);
    expect(thrownCode(() => slots.credit(state))).toBe('BALANCE_OVERFLOW');
  });
});
