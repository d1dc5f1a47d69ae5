import { Interface } from 'ethers';
import { describe, expect, test } from 'vitest';
import { ROLLUP_ABI } from '../../l1/rollup-abi.js';
import { l1Error } from '../../wallet/contract-errors.js';

const rollup = new Interface(ROLLUP_ABI);

describe('l1Error', () => {
  test('a revert with custom error data becomes L1_REVERTED with the decoded error and its notice', () => {
    const data = rollup.encodeErrorResult('NothingToClaim', ['0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', 0]);
    const e = l1Error({ code: 'CALL_EXCEPTION', data, shortMessage: 'execution reverted' }, 'Rollup.claim(0)');
    expect(e.code).toBe('L1_REVERTED');
    expect(e.message).toBe('Rollup.claim(0) reverted with NothingToClaim(ethAddr=0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65, tokenId=0) — `ethAddr` has no credit of `tokenId` to claim.');
  });

  test.each([
    [{ code: 'UNKNOWN_ERROR', shortMessage: 'could not coalesce error', error: { code: -32000, message: "Sender doesn't have enough funds to send tx." } }, 'L1_FAILED', /cannot pay for value and gas/],
    [{ code: 'UNKNOWN_ERROR', message: 'request failed: fetch failed ECONNREFUSED' }, 'L1_UNREACHABLE', /does not answer/],
    [{ code: 'CALL_EXCEPTION', reason: 'require(false)', shortMessage: 'execution reverted' }, 'L1_REVERTED', /reverted: require\(false\)/],
  ])('maps %j to %s', (error, code, message) => {
    const e = l1Error(error, 'call');
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});
