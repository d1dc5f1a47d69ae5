import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as core from '../../core/constants.js';
import { BATCH_NUMBER_BITS, CHAIN_ID_BITS, TxType } from '../../core/constants.js';

/** Constants the contracts declare beyond the widths (which test/core/constants.test.ts checks), by name. */
function constants(file: string): Map<string, bigint> {
  const source = readFileSync(new URL(`../../contracts/libraries/${file}`, import.meta.url), 'utf8');
  const out = new Map<string, bigint>();
  for (const m of source.matchAll(/uint\d+ internal constant (\w+) =\s*(\d+);/g)) out.set(m[1]!, BigInt(m[2]!));
  return out;
}

describe('contract constants mirror core', () => {
  test('the L1 tx types', () => {
    const c = constants('ProtocolConstants.sol');
    expect(c.get('TX_TYPE_DEPOSIT')).toBe(BigInt(TxType.DEPOSIT));
    expect(c.get('TX_TYPE_FORCED_EXIT')).toBe(BigInt(TxType.FORCED_EXIT));
  });

  test('every size ProtocolConstants declares is core\'s constant of the same name, WITHDRAWAL_BYTES included', () => {
    const mirrored = [...constants('ProtocolConstants.sol')].filter(([name]) => name in core);
    expect(mirrored.map(([name]) => name)).toContain('WITHDRAWAL_BYTES');
    expect(Object.fromEntries(mirrored)).toEqual(
      Object.fromEntries(mirrored.map(([name]) => [name, BigInt(core[name as keyof typeof core] as number)])),
    );
  });

  test('the public input header is chainId, rollupAddress, batchNumber and five field elements', () => {
    const header = CHAIN_ID_BITS / 8 + 20 + BATCH_NUMBER_BITS / 8 + 5 * 32;
    expect(constants('PublicInput.sol').get('HEADER_BYTES')).toBe(BigInt(header));
  });
});
