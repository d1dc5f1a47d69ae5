import { buildBatch, type Batch } from '../../core/build-batch.js';
import { MAX_BALANCE, MAX_NONCE } from '../../core/constants.js';
import { FIELD_MODULUS, SUBGROUP_ORDER } from '../../core/field.js';
import { AMOUNT_FLOAT, decodeFloat, encodeFloat, FEE_FLOAT } from '../../core/float.js';
import { signL2Tx } from '../../core/l2-tx-hash.js';
import type { RollupState } from '../../core/rollup-state.js';
import type { RollupDomain } from '../../core/tx.js';
import { DOMAIN, forcedExit, signed, topUp, type User } from '../fixtures/rollup.js';
import { alice, batchParams, bob, carol, ETH, fundedState } from './helpers.js';

/**
 * False statements as edits of one batch core built (test/circuits/batch-rejections.test.ts runs them
 * against the whole compile, linked.test.ts some of them against the linked form), each with the
 * check that must refuse it; and hinted signals a cheating prover edits in an honest witness
 * (test/circuits/witness-tampering.test.ts).
 *
 * The base batch: slot 0 tops up #2, slot 1 is a forced exit of bob's #2 by alice (a no-op), slot 2
 * alice's #1 transfers to bob's #2 with an ETH fee, slot 3 is a NOOP; fee accounts #3 (ETH), #5 (TOKEN).
 */

export const L2_SLOT = 2;
const NOOP_SLOT = 3;

export function baseBatch(state: RollupState = fundedState()): Batch {
  return buildBatch(state, batchParams({
    l1Txs: [topUp(carol.ethAddr, 2, ETH, 10n), forcedExit(alice.ethAddr, 2)],
    l2Txs: [signed(alice, { fromIdx: 1, toIdx: 2, amount: 10n ** 17n, fee: 2n * 10n ** 14n, nonce: 0n, tokenId: ETH })],
    feeIdx: [3, 5],
  }));
}

export type Input = Record<string, bigint | bigint[] | bigint[][][]>;
const slotArray = (input: Input, name: string) => input[name] as bigint[];

/** Sets slot fields of the input, then signs the slot's L2 tx as the input now reads, with `key` for `domain`. */
export function resign(input: Input, slot: number, key: User, over: { nonce?: bigint } = {}, domain: RollupDomain = DOMAIN): void {
  const at = (name: string) => slotArray(input, name)[slot]!;
  const tx = {
    fromIdx: Number(at('fromIdx')),
    toIdx: Number(at('toIdx')),
    amount: decodeFloat(Number(at('amountFloat')), AMOUNT_FLOAT),
    fee: decodeFloat(Number(at('feeFloat')), FEE_FLOAT),
    nonce: over.nonce ?? at('senderNonce'),
    tokenId: at('senderTokenId'),
  };
  const { signature } = signL2Tx(key.privateKey, tx, domain);
  slotArray(input, 'sigR8x')[slot] = signature.r8x;
  slotArray(input, 'sigR8y')[slot] = signature.r8y;
  slotArray(input, 'sigS')[slot] = signature.s;
}

/** Sets the 6 leaf fields of `side` (sender, receiver, feeAccount) at `slot` to the account at idx in `state`. */
export function setLeaf(input: Input, side: string, slot: number, state: RollupState, idx: number): void {
  const account = state.getAccount(idx);
  for (const field of ['tokenId', 'nonce', 'balance', 'ax', 'ay', 'ethAddr'] as const) {
    slotArray(input, `${side}${field.charAt(0).toUpperCase()}${field.slice(1)}`)[slot] = account[field];
  }
}

export const set = (name: string, slot: number, value: bigint) => (input: Input) => {
  slotArray(input, name)[slot] = value;
};

/** [what is proven false, how the input is edited, the failing templates, innermost first]. */
export const cases: Array<[string, (input: Input, state: RollupState) => void, string[]]> = [
  ['an overdraft: amount + fee above the sender balance', (input) => {
    set('amountFloat', L2_SLOT, BigInt(encodeFloat(10n ** 18n, AMOUNT_FLOAT)))(input);
    resign(input, L2_SLOT, alice);
  }, ['Num2Bits', 'SenderEffects']],
  ['a signature over the wrong nonce', (input) => resign(input, L2_SLOT, alice, { nonce: 1n }), ['ForceEqualIfEnabled', 'EdDSAPoseidonVerifier']],
  ['a signature by another key', (input) => resign(input, L2_SLOT, bob), ['ForceEqualIfEnabled', 'EdDSAPoseidonVerifier']],
  ['a signature for another chainId', (input) => resign(input, L2_SLOT, alice, {}, { ...DOMAIN, chainId: 1n }), ['ForceEqualIfEnabled', 'EdDSAPoseidonVerifier']],
  ['a signature for another rollupAddress', (input) => resign(input, L2_SLOT, alice, {}, { ...DOMAIN, rollupAddress: 0xdeadn }), ['ForceEqualIfEnabled', 'EdDSAPoseidonVerifier']],
  ['a malleated signature, S + subgroup order', (input) => {
    slotArray(input, 'sigS')[L2_SLOT]! += SUBGROUP_ORDER;
  }, ['EdDSAPoseidonVerifier', 'L2TxSignature']],
  ['tx data changed after signing: the amount', (input) => {
    slotArray(input, 'amountFloat')[L2_SLOT]! += 1n;
  }, ['ForceEqualIfEnabled', 'EdDSAPoseidonVerifier']],
  ['tx data changed after signing: the receiver', set('toIdx', L2_SLOT, 6n), ['ForceEqualIfEnabled', 'EdDSAPoseidonVerifier']],
  ['a wrong oldStateRoot', (input) => {
    input.oldStateRoot = (input.oldStateRoot as bigint) + 1n;
  }, ['LeafUpdate', 'SideUpdate', 'Slot']],
  ['a public input that is not the statement\'s hash', (input) => {
    input.publicInputHash = (input.publicInputHash as bigint) + 1n;
  }, ['BatchTail']],
  ['an L1 amount of 2^128', set('l1Amount', 0, 1n << 128n), ['Num2Bits', 'L1TxFields']],
  ['an L1 ethAddr of 2^160', set('l1EthAddr', 0, 1n << 160n), ['Num2Bits', 'L1TxFields']],
  ['a leaf balance of 2^128', set('senderBalance', L2_SLOT, 1n << 128n), ['Num2Bits', 'AccountFields']],
  ['a leaf nonce of 2^40', set('senderNonce', L2_SLOT, 1n << 40n), ['Num2Bits', 'AccountFields']],
  ['a leaf tokenId of 2^32', set('receiverTokenId', L2_SLOT, 1n << 32n), ['Num2Bits', 'AccountFields']],
  ['an amountFloat of 2^24', set('amountFloat', L2_SLOT, 1n << 24n), ['Num2Bits', 'FloatDecode']],
  ['a feeFloat of 2^8', set('feeFloat', L2_SLOT, 1n << 8n), ['Num2Bits', 'FloatDecode']],
  ['an L2 fromIdx outside the tree (2^depth + 1)', set('fromIdx', L2_SLOT, 257n), ['Num2Bits', 'L2TxFields']],
  ['tx data in an L1 slot', set('fromIdx', 0, 1n), ['L2TxFields']],
  ['a NOOP slot (fromIdx 0) with an amount', set('amountFloat', NOOP_SLOT, 5n), ['L2TxFields']],
  ['L1 tx fields in a slot after the L1 prefix', set('l1TxType', NOOP_SLOT, 1n), ['L1TxFields']],
  ['an L1 txType that is neither DEPOSIT nor FORCED_EXIT', set('l1TxType', 0, 3n), ['L1TxFields']],
  ['an L1 tx count above the batch size', (input) => {
    input.l1TxCount = 5n;
  }, ['L1SlotMask']],
  ['an L1 tx count that leaves a queued tx out of the prefix', (input) => {
    input.l1TxCount = 1n;
  }, ['L1TxFields']],
  ['a transfer to an account that does not exist', (input, state) => {
    set('toIdx', L2_SLOT, 12n)(input);
    setLeaf(input, 'receiver', L2_SLOT, state, 12);
    resign(input, L2_SLOT, alice);
  }, ['L2TxRules']],
  ['a transfer to an account of another token', (input, state) => {
    set('toIdx', L2_SLOT, 4n)(input);
    setLeaf(input, 'receiver', L2_SLOT, state, 4);
    resign(input, L2_SLOT, alice);
  }, ['L2TxRules']],
  ['an L2 tx from an account that does not exist', (input, state) => {
    set('fromIdx', L2_SLOT, 12n)(input);
    setLeaf(input, 'sender', L2_SLOT, state, 12);
    resign(input, L2_SLOT, alice);
  }, ['L2TxRules']],
  ['an L2 tx from an account whose nonce is exhausted', (input) => {
    set('senderNonce', L2_SLOT, MAX_NONCE)(input);
    resign(input, L2_SLOT, alice);
  }, ['L2TxRules']],
  ['a fee in a token no active fee slot holds', (input) => {
    (input.feeIdx as bigint[])[0] = 0n;
  }, ['FeeMatch']],
  ['two active fee slots of one token', (input, state) => {
    (input.feeIdx as bigint[])[1] = 1n;
    setLeaf(input, 'feeAccount', 1, state, 1);
  }, ['FeeTokensDistinct']],
  ['a fee account that does not exist', (input, state) => {
    (input.feeIdx as bigint[])[1] = 12n;
    setLeaf(input, 'feeAccount', 1, state, 12);
  }, ['FeeAccount']],
  ['a non-owner\'s forced exit presented with the owner\'s ethAddr in the leaf', set('senderEthAddr', 1, alice.ethAddr), ['LeafUpdate', 'SideUpdate', 'Slot']],
];

/** The templates of circom's failed-assert trace, innermost first, without instance numbers. */
export function trace(message: string): string[] {
  return [...message.matchAll(/Error in template (\w+?)_\d+ line/g)].map((m) => m[1]!);
}

/**
 * [the hint and what the cheat would gain, signal edits (name without `main.`, new value from old)].
 * Each case edits only signals that a hint computes (an `<--`: ours in L1SlotMask, circomlib's in
 * Num2Bits, IsZero, BabyAdd), plus what the hinted value defines with `<==` where the cheat needs it, so
 * that the row that refuses it is the hint's own binding constraint. --O2 keeps some hints under another
 * name: Num2Bits' bits of fromIdx are the wires `senderPathBits` (fromBits plus a term that is 0 here).
 */
export const cheats: Array<[string, Array<[string, (old: bigint) => bigint]>]> = [
  ['L1SlotMask isL1 (ours): drop the second L1 slot from the prefix', [['head.isL1[1]', () => 0n]]],
  ['L1SlotMask isL1 (ours): a gap in the prefix, same count', [['head.isL1[1]', () => 0n], ['head.isL1[2]', () => 1n]]],
  ['Num2Bits bits (circomlib): a sender balance bit flipped', [['slots[2].sender.balanceBits.out[5]', (v) => 1n - v]]],
  ['Num2Bits bits (circomlib): non-boolean fromIdx bits with the same idx, -1 + 2 * 1 = 1', [
    ['slots[2].senderPathBits[0]', () => FIELD_MODULUS - 1n],
    ['slots[2].senderPathBits[1]', () => 1n],
  ]],
  ['Num2Bits bits (circomlib): a bit of the receiver\'s credited sum flipped (its bit 128 is the overflow flag)', [
    ['slots[2].credit.sumBits.out[127]', (v) => 1n - v],
  ]],
  ['IsZero inverse (circomlib): the sender reads as not existing', [['slots[2].sender.ethAddrIsZero.inv', (v) => v + 1n]]],
  ['IsZero inverse (circomlib): a non-owner\'s forced exit reads as the owner\'s (inv 0, so out = 1 - in * inv = 1)', [
    ['slots[1].l1Rules.ownerMatches.isz.inv', () => 0n],
    ['slots[1].l1Rules.ownerMatches.out', () => 1n],
  ]],
  ['BabyAdd quotient (circomlib): the verifier\'s R8 + h*8A', [['slots[2].signature.verifier.addRight.xout', (v) => v + 1n]]],
];
