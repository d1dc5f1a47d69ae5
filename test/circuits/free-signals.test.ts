import { describe, expect, test } from 'vitest';
import { FIELD_MODULUS } from '../../core/field.js';
import { freePairs } from './free-signals.js';
import type { Circuit, Constraints } from './helpers.js';

/** freePairs on hand-written r1cs rows (wire 0 is the constant 1). */

type Lc = Array<[number, bigint]>;
function r1cs(rows: Array<[Lc, Lc, Lc]>): Circuit {
  const start = [0];
  const wire: number[] = [];
  const coeff: bigint[] = [];
  for (const row of rows) {
    for (const lc of row) {
      for (const [w, k] of lc) {
        wire.push(w);
        coeff.push(((k % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS);
      }
      start.push(wire.length);
    }
  }
  const constraints: Constraints = { count: rows.length, start: Uint32Array.from(start), wire: Uint32Array.from(wire), coeff };
  return { constraints: async () => constraints } as unknown as Circuit;
}

describe('freePairs', () => {
  test('finds two signals bound only by their sum, and no pair among three so bound', async () => {
    // x + y = 5, x = w, w + y = 5: (x, w, y) move together, no two of them do.
    const circuit = r1cs([
      [[[1, 1n], [2, 1n]], [[0, 1n]], [[0, 5n]]], // x + y = 5
      [[[1, 1n]], [[0, 1n]], [[3, 1n]]], //          x = w  (w a copy of x)
      [[[3, 1n], [2, 1n]], [[0, 1n]], [[0, 5n]]], // w + y = 5
    ]);
    expect(await freePairs(circuit, [1n, 2n, 3n, 2n])).toEqual([]);
    const pair = r1cs([[[[1, 1n], [2, 1n]], [[0, 1n]], [[0, 5n]]]]);
    expect(await freePairs(pair, [1n, 2n, 3n])).toEqual([[1, 2]]);
  });

  test('pins a pair whose rows hold only along a curve: x * y = 6', async () => {
    const circuit = r1cs([[[[1, 1n]], [[2, 1n]], [[0, 6n]]]]);
    expect(await freePairs(circuit, [1n, 2n, 3n])).toEqual([]);
  });
});
