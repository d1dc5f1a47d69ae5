import { Interface } from 'ethers';
import { describe, expect, test } from 'vitest';
import { CONTRACT_ERRORS, decodeRevert } from '../../l1/contract-errors.js';
import { ERC20_ERRORS_ABI, ROLLUP_ABI } from '../../l1/generated/abi.js';

const rollup = new Interface(ROLLUP_ABI);

describe('the contracts\' custom errors', () => {
  test('each has its NatSpec from the interfaces', () => {
    expect(CONTRACT_ERRORS.find((d) => d.name === 'NothingToClaim')).toEqual({
      signature: 'NothingToClaim(address,uint32)', name: 'NothingToClaim', notice: '`ethAddr` has no credit of `tokenId` to claim.', params: {},
    });
  });

  test('every error of the Rollup and of IERC20Errors is known, with NatSpec text', () => {
    const declared = [...ROLLUP_ABI, ...ERC20_ERRORS_ABI].filter((f) => f.type === 'error').map((f) => f.name);
    expect(CONTRACT_ERRORS.map((d) => d.name).sort()).toEqual([...new Set(declared)].sort());
    expect(CONTRACT_ERRORS.filter((d) => d.notice.length === 0)).toEqual([]);
  });

  test('OpenZeppelin\'s errors carry their @dev text and @param texts', () => {
    const allowance = CONTRACT_ERRORS.find((d) => d.name === 'ERC20InsufficientAllowance')!;
    expect(allowance.notice).toMatch(/allowance/);
    expect(Object.keys(allowance.params).sort()).toEqual(['allowance', 'needed', 'spender']);
  });
});

describe('decodeRevert', () => {
  test('names the error, its arguments and its notice', () => {
    const data = rollup.encodeErrorResult('BridgeCapReached', [1, 2n ** 128n]);
    expect(decodeRevert(data)).toMatchObject({
      name: 'BridgeCapReached',
      text: `BridgeCapReached(tokenId=1, balance=${2n ** 128n})`,
      notice: CONTRACT_ERRORS.find((d) => d.name === 'BridgeCapReached')!.notice,
    });
  });

  test('decodes a token\'s error bubbling up through the Rollup', () => {
    const data = new Interface(ERC20_ERRORS_ABI).encodeErrorResult('ERC20InsufficientBalance', ['0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', 1n, 2n]);
    expect(decodeRevert(data)?.text).toBe('ERC20InsufficientBalance(sender=0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65, balance=1, needed=2)');
  });

  test('returns null for data it does not know', () => {
    expect(decodeRevert('0x12345678')).toBeNull();
    expect(decodeRevert(undefined)).toBeNull();
  });
});
