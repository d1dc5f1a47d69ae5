import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as constants from '../../core/constants.js';
import { loadCircuits } from '../../core/circuits.js';
import { AMOUNT_FLOAT, decodeFloat, FEE_FLOAT } from '../../core/float.js';
import { poseidon } from '../../core/poseidon.js';
import { computeRoot } from '../../core/state-tree.js';
import type { TemplateMain } from '../../proving-kit/compile.js';
import { user } from '../fixtures/rollup.js';
import { failure, templateCircuit } from './helpers.js';

/**
 * The templates one at a time: pinned constraint counts (so that a change in cost is visible in review),
 * widths that mirror core, and a few templates checked directly against core.
 */

/** Pinned sizes (depth 32, 256 slots: larger than circuits.json's prod, 24), fixed here so the pins do not move with circuits.json. */
const PINNED = { depth: 32, batchSize: 256, feeSlots: 4 };
const LEVELS = PINNED.depth / 2;

/** [template as instantiated, where, constraints with --O2]. */
const COUNTS: Array<[string, TemplateMain, number]> = [
  ['FloatDecode(24, 5)', { include: 'float-decode.circom', template: 'FloatDecode', params: [24, 5] }, 29],
  ['FloatDecode(8, 5)', { include: 'float-decode.circom', template: 'FloatDecode', params: [8, 5] }, 13],
  ['AccountFields()', { include: 'account-leaf.circom', template: 'AccountFields' }, 205],
  ['AccountLeafValue()', { include: 'account-leaf.circom', template: 'AccountLeafValue' }, 298],
  ['QuadChildren()', { include: 'merkle-path.circom', template: 'QuadChildren' }, 6],
  [`MerkleRoot(${LEVELS})`, { include: 'merkle-path.circom', template: 'MerkleRoot', params: [LEVELS] }, 4848],
  [`LeafUpdate(${LEVELS})`, { include: 'leaf-update.circom', template: 'LeafUpdate', params: [LEVELS] }, 9696],
  ['BabyCheckIfEnabled()', { include: 'l2-signature.circom', template: 'BabyCheckIfEnabled' }, 4],
  ['L2TxSignature()', { include: 'l2-signature.circom', template: 'L2TxSignature' }, 4491],
  [`L1TxFields(${PINNED.depth})`, { include: 'l1-tx.circom', template: 'L1TxFields', params: [PINNED.depth] }, 370],
  ['L1TxRules()', { include: 'l1-tx.circom', template: 'L1TxRules' }, 15],
  [`L2TxFields(${PINNED.depth})`, { include: 'l2-tx.circom', template: 'L2TxFields', params: [PINNED.depth] }, 180],
  ['L2TxRules()', { include: 'l2-tx.circom', template: 'L2TxRules' }, 7],
  ['SenderEffects()', { include: 'leaf-effects.circom', template: 'SenderEffects' }, 129],
  ['ReceiverCredit()', { include: 'leaf-effects.circom', template: 'ReceiverCredit' }, 129],
  ['ReceiverEffects()', { include: 'leaf-effects.circom', template: 'ReceiverEffects' }, 6],
  ['L1QueueStep()', { include: 'l1-queue.circom', template: 'L1QueueStep' }, 322],
  ['WithdrawalsStep()', { include: 'withdrawals.circom', template: 'WithdrawalsStep' }, 264],
  [`FeeMatch(${PINNED.feeSlots})`, { include: 'fee-slots.circom', template: 'FeeMatch', params: [PINNED.feeSlots] }, 17],
  [`FeeAccount(${PINNED.depth})`, { include: 'fee-slots.circom', template: 'FeeAccount', params: [PINNED.depth] }, 240],
  [`FeeTokensDistinct(${PINNED.feeSlots})`, { include: 'fee-slots.circom', template: 'FeeTokensDistinct', params: [PINNED.feeSlots] }, 24],
  [`FeeCredit(${LEVELS})`, { include: 'fee-slots.circom', template: 'FeeCredit', params: [LEVELS] }, 10420],
  [`L1SlotMask(${PINNED.batchSize})`, { include: 'slot-mask.circom', template: 'L1SlotMask', params: [PINNED.batchSize] }, 511],
  [`SideUpdate(${LEVELS})`, { include: 'slot.circom', template: 'SideUpdate', params: [LEVELS] }, 10292],
  [`Slot(${PINNED.depth}, ${PINNED.feeSlots})`, { include: 'slot.circom', template: 'Slot', params: [PINNED.depth, PINNED.feeSlots] }, 26927],
];

const harness = (label: string, spec: TemplateMain) => templateCircuit(label.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, ''), spec);

describe('constraint counts per template (--O2), pinned', () => {
  test.each(COUNTS)('%s', async (label, spec, expected) => {
    const { compiled } = await harness(label, spec);
    expect(compiled.constraints).toBe(expected);
  });
});

describe('widths', () => {
  const circom = readFileSync(new URL('../../circuits/widths.circom', import.meta.url), 'utf8');
  const declared = Object.fromEntries([...circom.matchAll(/function (\w+)\(\) \{ return (\d+); \}/g)].map((m) => [m[1]!, Number(m[2])]));

  test('circuits/widths.circom declares exactly circuits.json\'s widths', () => {
    expect(declared).toEqual(loadCircuits().widths);
  });

  test('each equals core/constants.ts', () => {
    for (const [name, bits] of Object.entries(declared)) expect([name, (constants as Record<string, unknown>)[name]]).toEqual([name, bits]);
  });
});

describe('templates against core', () => {
  test.each([
    ['amount', 24, AMOUNT_FLOAT, [0, 1, 524_287, (31 << 19) | 524_287, (18 << 19) | 1, (5 << 19) | 123_456]],
    ['fee', 8, FEE_FLOAT, [0, 1, 7, (31 << 3) | 7, (14 << 3) | 2]],
  ] as const)('FloatDecode decodes %s floats as core does', async (_what, bits, format, encodings) => {
    const circuit = await harness(`FloatDecode(${bits}, 5)`, { include: 'float-decode.circom', template: 'FloatDecode', params: [bits, 5] });
    for (const encoded of encodings) {
      const witness = await circuit.witness({ in: String(encoded) });
      expect(circuit.value(witness, 'value')).toBe(decodeFloat(encoded, format));
    }
  });

  test('MerkleRoot is core\'s computeRoot at every position of every level', async () => {
    const circuit = await harness(`MerkleRoot(${LEVELS})`, { include: 'merkle-path.circom', template: 'MerkleRoot', params: [LEVELS] });
    const siblings = Array.from({ length: LEVELS }, (_, k) => [3 * k + 1, 3 * k + 2, 3 * k + 3].map((x) => poseidon([BigInt(x)])));
    for (const idx of [0, 1, 2, 3, 0b1110, 0x9c3a_57e1, 2 ** PINNED.depth - 1]) {
      const pathBits = Array.from({ length: PINNED.depth }, (_, i) => String(Math.floor(idx / 2 ** i) % 2));
      const leaf = 12345n;
      const witness = await circuit.witness({ leaf: String(leaf), pathBits, siblings: siblings.map((g) => g.map(String)) });
      expect(circuit.value(witness, 'root')).toBe(computeRoot({ idx, leaf, siblings }, PINNED.depth));
    }
  });

  test('BabyCheckIfEnabled: a key on the curve passes, an off-curve point passes only when disabled', async () => {
    const circuit = await harness('BabyCheckIfEnabled()', { include: 'l2-signature.circom', template: 'BabyCheckIfEnabled' });
    const { ax, ay } = user(7);
    expect(await failure(() => circuit.witness({ enabled: '1', x: String(ax), y: String(ay) }))).toBeNull();
    expect(await failure(() => circuit.witness({ enabled: '0', x: String(ax), y: String(ay + 1n) }))).toBeNull();
    expect(await failure(() => circuit.witness({ enabled: '1', x: String(ax), y: String(ay + 1n) }))).toMatch(/BabyCheckIfEnabled/);
  });
});
