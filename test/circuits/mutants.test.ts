import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { MUTANT_SOURCE } from './helpers.js';
import { enumerateMutants, runMutant } from '../../proving-kit/mutation.js';

/**
 * A fixed sample of the circuit mutants (proving-kit/mutation.ts), each compiled and killed by the
 * behavioural circuit tests; `make mutants` runs all of them and writes docs/mutants.md. The sample:
 * the account-takeover deletion of issue #15, a weakened range check that only an r1cs-level attack
 * catches and the NOOP toIdx deletion, all three killed by attacks on their template alone (seconds),
 * and the deleted check of the public input hash, which takes a compile of the batch circuit.
 */

const SAMPLE = [
  'account-leaf.circom: ethAddrIsZero.out * ax === 0;',
  'l1-tx.circom: tokenIdN2b.in <== tokenId;',
  'l2-tx.circom: fromIsZero.out * toIdx === 0;',
  'batch-tail.circom: statement.out === publicInputHash;',
];

describe.skipIf(MUTANT_SOURCE !== undefined)('circuit mutants, a fixed sample (make mutants runs all)', () => {
  test.each(SAMPLE)('killed: %s', async (id) => {
    const mutant = enumerateMutants().find((m) => m.id === id);
    expect(mutant, `no mutant ${id} in circuits/`).toBeDefined();
    const result = await runMutant(mutant!);
    expect([result.verdict, result.by]).toEqual(['killed', expect.any(String)]);
  }, 900_000);
});

describe('circuits/mutants-equivalent.json', () => {
  test('names only mutants that circuits/ has, each with a reason', () => {
    const reasons = JSON.parse(readFileSync(new URL('../../circuits/mutants-equivalent.json', import.meta.url), 'utf8')) as Record<string, string>;
    const ids = new Set(enumerateMutants().map((m) => m.id));
    expect(Object.keys(reasons).filter((id) => !ids.has(id))).toEqual([]);
    for (const reason of Object.values(reasons)) expect(reason.length).toBeGreaterThan(40);
  });
});
