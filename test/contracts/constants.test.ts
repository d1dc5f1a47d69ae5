import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BATCH_NUMBER_BITS, CHAIN_ID_BITS, TxType } from '../../core/constants.js';
import { WITHDRAWAL_BYTES } from '../../core/withdrawals.js';

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

  test('a withdrawal record is WITHDRAWAL_BYTES', () => {
    expect(constants('WithdrawalRecords.sol').get('RECORD_BYTES')).toBe(BigInt(WITHDRAWAL_BYTES));
  });

  test('the public input header is chainId, rollupAddress, batchNumber and five field elements', () => {
    const header = CHAIN_ID_BITS / 8 + 20 + BATCH_NUMBER_BITS / 8 + 5 * 32;
    expect(constants('PublicInput.sol').get('HEADER_BYTES')).toBe(BigInt(header));
  });
});
