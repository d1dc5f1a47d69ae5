import { beforeAll, describe, expect, test } from 'vitest';
import { buildBatch, type Batch } from '../../core/build-batch.js';
import { circuitInputToJson } from '../../core/circuit-input.js';
import { FIELD_MODULUS } from '../../core/field.js';
import { compileCircuit } from '../../proving-kit/compile.js';
import { compileLinked, PART_KINDS, type LinkedCircuit } from '../../proving-kit/compile-linked.js';
import type { PartKind } from '../../proving-kit/link-plan.js';
import { linkedWitness } from '../../proving-kit/link-witness.js';
import { readR1csCounts } from '../../proving-kit/r1cs-file.js';
import { prng, signed, topUp } from '../fixtures/rollup.js';
import { batchParams, carol, Circuit, CONFIG, ETH, fundedState, MUTANT_SOURCE, ownerOf, PREFIX, TOKEN } from './helpers.js';
import { linkedToWhole, Names, Rows, wholeToLinked } from './linked.js';
import { baseBatch, cheats } from './rejection-cases.js';

/**
 * The linked form (proving-kit/link-plan.ts) is, row for row, the system circom compiles whole, at the
 * sizes circom compiles both: the same counts; the same rows (each witness mapped across by .sym names,
 * the residuals of every row at a random point agree as multisets); a batch core builds has a linked
 * witness, computed part by part, that is the whole witness mapped across, and the same public signal;
 * a tampered witness is refused by both or by neither, and the whole compile's cheating witnesses
 * (test/circuits/witness-tampering.test.ts), mapped across, are refused.
 */

const R = FIELD_MODULUS;

describe.each([4, 8])('the linked batch circuit at depth 8, 2 fee slots, %i slots,', (batchSize) => {
  const config = { ...CONFIG, batchSize };
  let linked: LinkedCircuit;
  let whole: Circuit;
  let wholeNames: Names;
  let partNames: Map<PartKind, Names>;
  let wholeRows: Rows;
  let linkedRows: Rows;
  let batch: Batch;

  beforeAll(async () => {
    const log = () => {};
    // Under a mutant (scripts/mutants.ts) the parts come from the mutated sources, the whole compile from circuits/.
    const source = MUTANT_SOURCE ? { sourceDir: MUTANT_SOURCE, partPrefix: PREFIX } : {};
    linked = await compileLinked(`${PREFIX}linked-test-${batchSize}`, config, { substitutions: true, log, ...source });
    const compiled = await compileCircuit(`whole-test-${batchSize}`, { config, substitutions: true, log });
    whole = await Circuit.load(compiled);
    wholeNames = Names.load(compiled);
    partNames = new Map(PART_KINDS.map((kind) => [kind, Names.load(linked.parts[kind])]));
    wholeRows = Rows.load(compiled.r1cs);
    linkedRows = Rows.load(linked.r1cs);
    const state = fundedState();
    const transfer = (from: number, to: number, amount: bigint, fee: bigint, token = ETH) =>
      signed(ownerOf(state, from), { fromIdx: from, toIdx: to, amount, fee, nonce: state.getAccount(from).nonce, tokenId: token });
    batch = buildBatch(state, batchParams({
      circuit: config,
      l1Txs: [topUp(carol.ethAddr, 2, ETH, 10n)],
      l2Txs: [transfer(4, 7, 100n, 3n, TOKEN), transfer(1, 2, 10n ** 16n, 10n ** 13n), transfer(6, 0, 10n ** 9n, 0n)],
      feeIdx: [5, 3],
      batchNumber: 7n,
      l1QueueStartHash: 99n,
    }));
  }, 1_800_000);

  const wholeWires = () => readR1csCounts(whole.compiled.r1cs).nWires;

  test('has the whole compile\'s counts: constraints, wires, public and private inputs', () => {
    // Labels (names, eliminated signals included) are not wires: the linked file has one per wire.
    const [{ nLabels: _a, ...a }, { nLabels: _b, ...b }] = [readR1csCounts(linked.r1cs), readR1csCounts(whole.compiled.r1cs)];
    expect(a).toEqual(b);
    expect(linked.constraints).toBe(b.nConstraints);
  });

  test('has the whole compile\'s rows: at a random point, mapped across by names, the residuals agree', () => {
    const rand = prng(batchSize);
    const point = Array.from({ length: wholeWires() }, (_, w) => (w === 0 ? 1n : BigInt(Math.floor(rand() * 2 ** 52)) * 2n ** 200n + BigInt(w)) % R);
    const mapped = wholeToLinked(linked, partNames, wholeNames, point);
    expect(linkedToWhole(linked, partNames, wholeNames, point.length, mapped)).toEqual(point);
    expect(linkedRows.residuals(mapped)).toEqual(wholeRows.residuals(point));
  });

  test('computes, part by part, the whole witness mapped across, with the same public signal', async () => {
    const wholeWitness = await whole.witness(batch.circuitInput);
    const ours = await linkedWitness(linked.plan, linked.parts, circuitInputToJson(batch.circuitInput));
    expect(ours[1]).toBe(batch.circuitInput.publicInputHash);
    expect(wholeWitness[1]).toBe(batch.circuitInput.publicInputHash);
    expect(ours).toEqual(wholeToLinked(linked, partNames, wholeNames, wholeWitness));
    expect(linkedToWhole(linked, partNames, wholeNames, wholeWitness.length, ours)).toEqual(wholeWitness);
    expect(linkedRows.residuals(ours).every((r) => r === 0n)).toBe(true);
  });

  test('refuses a tampered witness exactly when the whole compile does, mapped either way', async () => {
    const wholeWitness = await whole.witness(batch.circuitInput);
    const ours = wholeToLinked(linked, partNames, wholeNames, wholeWitness);
    const changed = (a: readonly bigint[], b: readonly bigint[]) => a.flatMap((v, w) => (v === b[w] ? [] : [w]));
    let refused = 0;
    const STEPS = 12;
    for (let k = 1; k <= STEPS; k++) {
      const w = Math.floor((k * (wholeWitness.length - 2)) / (STEPS + 1)) + 1;
      const tampered = [...wholeWitness];
      tampered[w] = (tampered[w]! + 1n) % R;
      const across = wholeToLinked(linked, partNames, wholeNames, tampered);
      const verdict = wholeRows.refuses(tampered, [w]);
      expect(linkedRows.refuses(across, changed(ours, across)), `whole wire ${w}`).toBe(verdict);
      refused += verdict ? 1 : 0;

      const g = Math.floor((k * (ours.length - 2)) / (STEPS + 1)) + 1;
      const ourTampered = [...ours];
      ourTampered[g] = (ourTampered[g]! + 1n) % R;
      const back = linkedToWhole(linked, partNames, wholeNames, wholeWitness.length, ourTampered);
      expect(wholeRows.refuses(back, changed(wholeWitness, back)), `linked wire ${g}`).toBe(linkedRows.refuses(ourTampered, [g]));
    }
    expect(refused).toBeGreaterThan(STEPS / 2);
  });

  // The cheats of test/circuits/witness-tampering.test.ts edit the whole witness of its batch (4 slots).
  test.skipIf(batchSize !== 4).each(cheats)('refuses the cheating witness mapped across: %s', async (_name, edits) => {
    const honest = await whole.witness(baseBatch().circuitInput);
    const witness = [...honest];
    for (const [name, edit] of edits) witness[whole.index(name)] = edit(witness[whole.index(name)]!);
    const [ours, across] = [wholeToLinked(linked, partNames, wholeNames, honest), wholeToLinked(linked, partNames, wholeNames, witness)];
    const changed = across.flatMap((v, w) => (v === ours[w] ? [] : [w]));
    expect(changed.length).toBeGreaterThan(0);
    expect(linkedRows.refuses(ours, changed)).toBe(false);
    expect(linkedRows.refuses(across, changed)).toBe(true);
  });
});
