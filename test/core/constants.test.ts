import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as constants from '../../core/constants.js';
import { loadCircuits } from '../../core/circuits.js';
import { FIELD_MODULUS } from '../../core/field.js';

const solidity = readFileSync(new URL('../../contracts/libraries/ProtocolConstants.sol', import.meta.url), 'utf8');

function solidityConstants(): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const m of solidity.matchAll(/uint256 internal constant (\w+) =\s*(\d+);/g)) out.set(m[1]!, BigInt(m[2]!));
  return out;
}

const WIDTHS = [
  'IDX_BITS', 'TOKEN_BITS', 'NONCE_BITS', 'BALANCE_BITS', 'AMOUNT_BITS', 'ETH_ADDR_BITS', 'TX_TYPE_BITS',
  'CHAIN_ID_BITS', 'BATCH_NUMBER_BITS', 'AMOUNT_FLOAT_BITS', 'FEE_FLOAT_BITS', 'FLOAT_EXPONENT_BITS', 'L2_TX_BYTES',
] as const;

describe('protocol constants', () => {
  test.each(WIDTHS)('%s is mirrored by name in Solidity and circuits.json', (name) => {
    const value = constants[name];
    expect(solidityConstants().get(name)).toBe(BigInt(value));
    expect(loadCircuits().widths[name]).toBe(value);
  });

  test('Solidity and circuits.json declare no width core does not have', () => {
    const known = new Set<string>([...WIDTHS, 'FIELD_MODULUS']);
    // ProtocolConstants.sol also mirrors sizes only the contracts need (test/contracts/constants.test.ts).
    const core = new Set<string>([...known, ...Object.keys(constants)]);
    expect([...solidityConstants().keys()].filter((k) => !core.has(k))).toEqual([]);
    expect(Object.keys(loadCircuits().widths).filter((k) => !known.has(k))).toEqual([]);
  });

  test('the field modulus is the same in Solidity', () => {
    expect(solidityConstants().get('FIELD_MODULUS')).toBe(FIELD_MODULUS);
  });

  test('an L2 slot is exactly its fields: two idx, an amount float and a fee float', () => {
    expect(constants.L2_TX_BYTES * 8).toBe(2 * constants.IDX_BITS + constants.AMOUNT_FLOAT_BITS + constants.FEE_FLOAT_BITS);
  });

  test.each(Object.entries(loadCircuits().circuits))('circuit %s has an even depth within idx width', (_name, c) => {
    expect(c.depth % 2).toBe(0);
    expect(c.depth).toBeGreaterThanOrEqual(2);
    expect(c.depth).toBeLessThanOrEqual(constants.IDX_BITS);
    expect(c.batchSize).toBeGreaterThan(0);
    expect(c.feeSlots).toBeGreaterThan(0);
  });
});
