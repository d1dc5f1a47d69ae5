import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ABI_MODULE, generateAbiModule } from '../../l1/generate-abi.js';
import { buildContracts } from '../contracts/helpers.js';

describe('l1/generated/abi.ts', () => {
  test('is what the current build of contracts/ generates (else: make contracts, and commit it)', async () => {
    await buildContracts();
    const committed = readFileSync(new URL(`../../${ABI_MODULE}`, import.meta.url), 'utf8');
    expect(generateAbiModule()).toBe(committed);
  });
});
