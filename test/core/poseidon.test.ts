import { readFileSync } from 'node:fs';
// @ts-expect-error circomlibjs ships no type declarations; it is only the test oracle here
import { buildPoseidon } from 'circomlibjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { assertField, FIELD_MODULUS, isField } from '../../core/field.js';
import { poseidon } from '../../core/poseidon.js';
import { prng, randomField } from '../fixtures/random.js';
import { thrownCode } from '../fixtures/errors.js';

/** test/vectors/poseidon.json is written by scripts/gen-vectors.ts from circomlibjs, not from core. */
interface PoseidonVectors {
  cases: Array<{ inputs: string[]; hash: string }>;
}
const vectors = JSON.parse(
  readFileSync(new URL('../vectors/poseidon.json', import.meta.url), 'utf8'),
) as PoseidonVectors;

const R = FIELD_MODULUS;


describe('field', () => {
  test.each([
    [0n, true],
    [1n, true],
    [R - 1n, true],
    [R, false],
    [R + 1n, false],
    [-1n, false],
  ])('isField(%s) is %s', (x, expected) => {
    expect(isField(x)).toBe(expected);
  });

  test('assertField reports NOT_IN_FIELD with the offending value', () => {
    expect(thrownCode(() => assertField(R, 'leaf'))).toBe('NOT_IN_FIELD');
    expect(() => assertField(R, 'leaf')).toThrow(/leaf/);
    expect(thrownCode(() => assertField(R - 1n, 'leaf'))).toBeUndefined();
  });
});

describe('poseidon', () => {
  test.each(vectors.cases.map((c) => [c.inputs.length, c.inputs, c.hash] as const))(
    'matches the circomlibjs vector for %i inputs %j',
    (_n, inputs, hash) => {
      expect(poseidon(inputs.map(BigInt))).toBe(BigInt(hash));
    },
  );

  test('the vectors cover 1..6 inputs with 0, 1 and r - 1', () => {
    const counts = new Set(vectors.cases.map((c) => c.inputs.length));
    expect([...counts].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const values = new Set(vectors.cases.flatMap((c) => c.inputs));
    for (const edge of ['0', '1', String(R - 1n)]) expect(values.has(edge)).toBe(true);
  });

  test.each([
    ['r', [R, 0n]],
    ['r + 1 in the last position', [1n, 2n, 3n, R + 1n]],
    ['a negative input', [-1n]],
  ])('rejects %s with NOT_IN_FIELD', (_name, inputs) => {
    expect(thrownCode(() => poseidon(inputs))).toBe('NOT_IN_FIELD');
  });

  test.each([0, 7])('rejects %i inputs with OUT_OF_RANGE', (n) => {
    expect(thrownCode(() => poseidon(Array<bigint>(n).fill(1n)))).toBe('OUT_OF_RANGE');
  });

  test('does not depend on earlier calls (no state kept between hashes)', () => {
    const first = poseidon([5n, 6n]);
    poseidon([7n, 8n, 9n, 10n]);
    expect(poseidon([5n, 6n])).toBe(first);
  });
});

describe('agreement with circomlibjs Poseidon on random inputs', () => {
  let reference: (inputs: bigint[]) => bigint;
  beforeAll(async () => {
    const circomlib = await buildPoseidon();
    reference = (inputs) => circomlib.F.toObject(circomlib(inputs)) as bigint;
  });

  test.each([1, 2, 3, 4, 5, 6])('agrees for 40 random inputs of length %i', (n) => {
    const rand = prng(1000 + n);
    for (let k = 0; k < 40; k++) {
      const inputs = Array.from({ length: n }, () => randomField(rand));
      expect(poseidon(inputs)).toBe(reference(inputs));
    }
  });

  test('agrees near the top of the field', () => {
    const rand = prng(7);
    for (let k = 0; k < 20; k++) {
      const inputs = Array.from({ length: 4 }, () => R - 1n - BigInt(Math.floor(rand() * 1000)));
      expect(poseidon(inputs)).toBe(reference(inputs));
    }
  });
});
