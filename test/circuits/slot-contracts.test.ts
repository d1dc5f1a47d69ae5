import { describe, expect, test } from 'vitest';
import { buildBatch, type BatchParams } from '../../core/build-batch.js';
import type { TemplateMain } from '../../proving-kit/compile.js';
import { depositNew, forcedExit, signed, topUp } from '../fixtures/rollup.js';
import { breach, templateName, type ContractBreach, type Lift } from './adversarial.js';
import { freePairs } from './free-signals.js';
import { alice, batchParams, carol, CONFIG, ETH, fundedState, templateCircuit } from './helpers.js';

/**
 * The Slot template (one transaction of a batch) on its own, against a prover who lifts one of its
 * checks: a false statement its real r1cs refuses; and no signal of an honest Slot witness is free.
 * template-contracts.test.ts does the same for the templates a Slot is made of.
 */

const lift = (file: string, from: string, to: string): Lift => ({ file, from, to });
const t = (include: string, template: string, ...params: number[]): TemplateMain => ({ include, template, params });
const TX = { fromIdx: 1, toIdx: 2, amount: 10n ** 17n, fee: 0n, nonce: 0n, tokenId: 0n };

/**
 * Slot 0 of a batch core builds, as the input of Slot(DEPTH, FEE_SLOTS) of the `test` configuration on
 * its own: the batch's per-slot signals at index 0, the roots and hashes the batch starts from.
 */
function slotInput(params: Partial<BatchParams>, state = fundedState()): Record<string, unknown> {
  const input = buildBatch(state, batchParams(params)).circuitInput;
  const perSlot = Object.fromEntries(Object.entries(input).filter(([, v]) => Array.isArray(v) && v.length === CONFIG.batchSize).map(([k, v]) => [k, (v as bigint[])[0]]));
  const feeIdx = input.feeIdx as bigint[];
  return {
    ...perSlot, isL1: input.l1TxCount === 0n ? 0n : 1n, chainId: input.chainId, rollupAddress: input.rollupAddress,
    stateRoot: input.oldStateRoot, l1QueueHash: input.l1QueueStartHash, withdrawalsHash: 0n,
    feeTokenId: input.feeAccountTokenId, feeActive: feeIdx.map((idx) => (idx === 0n ? 0n : 1n)),
  };
}

const SLOT = t('slot.circom', 'Slot', CONFIG.depth, CONFIG.feeSlots);
/** IsZero inverses of a zero input are free and harmless (witness-tampering.test.ts says why). */
const HARMLESS = /(IsZero|\.isz|\.isZero|\.zeropoint)\.inv$/;

describe('a Slot with the check lifted: a false statement the real r1cs refuses', () => {
  test('a transfer applied to a tree in which alice holds 1 ETH more than in stateRoot', async () => {
    const transfer = { l2Txs: [signed(alice, TX)] };
    const richer = fundedState();
    richer.setAccount(1, { ...richer.getAccount(1), balance: richer.getAccount(1).balance + 10n ** 18n });
    const forged = slotInput(transfer, richer);
    const attack: ContractBreach = {
      spec: SLOT, input: { ...forged, stateRoot: slotInput(transfer).stateRoot },
      lifts: [lift('slot.circom', 'senderUpdate.stateRoot <== stateRoot;', `senderUpdate.stateRoot <-- ${forged.stateRoot};`)], changes: [],
    };
    const { refused, rows } = await breach(await templateCircuit(templateName(SLOT), SLOT), attack);
    expect(refused, 'the real witness calculator refuses it').toBe(true);
    expect(rows?.length, 'real rows violated').toBeGreaterThan(0);
  });

  test('a slot after the L1 prefix (no queue entry consumed) that creates carol\'s #8 holding 1000 ETH', async () => {
    const deposit = slotInput({ l1Txs: [depositNew(carol, 8, ETH, 1000n)] });
    const attack: ContractBreach = {
      spec: SLOT, input: { ...deposit, isL1: 0n },
      lifts: [lift('slot.circom', '(l1.isL1, l1.txType, l1.idx, l1.tokenId) <== (isL1,', '(l1.isL1, l1.txType, l1.idx, l1.tokenId) <-- (1,')], changes: [],
    };
    const { refused, rows } = await breach(await templateCircuit(templateName(SLOT), SLOT), attack);
    expect(refused, 'the real witness calculator refuses it').toBe(true);
    expect(rows?.length, 'real rows violated').toBeGreaterThan(0);
  });

  test('alice\'s transfer to bob\'s #2, signed and published as such, credited to the operator\'s #3', async () => {
    const toBob = slotInput({ l2Txs: [signed(alice, TX)] });
    const toOperator = slotInput({ l2Txs: [signed(alice, { ...TX, toIdx: 3 })] });
    const attack: ContractBreach = {
      spec: SLOT, input: { ...toOperator, toIdx: toBob.toIdx, sigR8x: toBob.sigR8x, sigR8y: toBob.sigR8y, sigS: toBob.sigS },
      lifts: [lift('slot.circom', 'receiverPathBits[k] <== l2.toBits[k] + depositSelect * l1.idxBits[k];', 'receiverPathBits[k] <-- k < 2 ? 1 : 0;')],
      changes: [],
    };
    const { refused, rows } = await breach(await templateCircuit(templateName(SLOT), SLOT), attack);
    expect(refused, 'the real witness calculator refuses it').toBe(true);
    expect(rows?.length, 'real rows violated').toBeGreaterThan(0);
  });
});

describe('no signal of a Slot witness is free, alone or with another', () => {
  test.each([
    ['a transfer with a fee', { l2Txs: [signed(alice, { ...TX, fee: 2n * 10n ** 14n })], feeIdx: [3, 5] }],
    ['a top-up', { l1Txs: [topUp(carol.ethAddr, 2, ETH, 10n)] }],
    ['a forced exit by the owner', { l1Txs: [forcedExit(alice.ethAddr, 1)] }],
  ] as Array<[string, Partial<BatchParams>]>)('%s', async (_name, params) => {
    const slot = await templateCircuit(templateName(SLOT), SLOT);
    const input = slotInput(params);
    const witness = await slot.witness(input);
    const name = (wire: number) => slot.names.get(wire) ?? `wire ${wire}`;
    // Slot's own inputs are the caller's to pin (BatchCircuit: feeActive by FeeAccount, say).
    const ours = (n: string) => !HARMLESS.test(n) && !Object.keys(input).some((key) => n === `main.${key}` || n.startsWith(`main.${key}[`));
    expect((await slot.unpinned(witness)).map(name).filter(ours)).toEqual([]);
    expect((await freePairs(slot, witness)).map((pair) => pair.map(name)).filter((pair) => pair.every(ours))).toEqual([]);
  });
});
