import { Interface } from 'ethers';
import { describe, expect, test } from 'vitest';
import { contractErrorDocs, decodeRevert, l1Error, parseErrorDocs } from '../../wallet/contract-errors.js';
import { artifactRollupAbi } from '../../wallet/rollup-abi.js';

const docs = contractErrorDocs();
const iface = new Interface(docs.map((d) => d.declaration));

describe('contract error docs', () => {
  test('reads each error with its NatSpec notice from the interfaces', () => {
    const doc = docs.find((d) => d.name === 'NothingToClaim');
    expect(doc).toEqual({ declaration: 'error NothingToClaim(address ethAddr, uint32 tokenId)', name: 'NothingToClaim', notice: '`ethAddr` has no credit of `tokenId` to claim.' });
    expect(docs.every((d) => d.notice.length > 0)).toBe(true);
  });

  test('parses multi-line notices and stops at the next tag', () => {
    const source = '/// @notice First line\n///         second line.\n/// @param x ignored\nerror Foo(uint256 x);\nerror Bare();';
    expect(parseErrorDocs(source)).toEqual([
      { declaration: 'error Foo(uint256 x)', name: 'Foo', notice: 'First line second line.' },
      { declaration: 'error Bare()', name: 'Bare', notice: '' },
    ]);
  });

  test.skipIf(artifactRollupAbi() === null)('covers every custom error the compiled Rollup can revert with', () => {
    const compiled = (artifactRollupAbi() as Array<{ type: string; name: string }>).filter((f) => f.type === 'error').map((f) => f.name);
    const known = new Set(docs.map((d) => d.name));
    expect(compiled.filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('decodeRevert', () => {
  test('names the error, its arguments and its notice', () => {
    const data = iface.encodeErrorResult('BridgeCapReached', [1, 2n ** 128n]);
    expect(decodeRevert(data)).toMatchObject({
      name: 'BridgeCapReached',
      text: `BridgeCapReached(tokenId=1, balance=${2n ** 128n})`,
    });
  });

  test('returns null for data it does not know', () => {
    expect(decodeRevert('0x12345678')).toBeNull();
    expect(decodeRevert(undefined)).toBeNull();
  });
});

describe('l1Error', () => {
  test('a revert with custom error data becomes L1_REVERTED with the decoded error and its notice', () => {
    const data = iface.encodeErrorResult('NothingToClaim', ['0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', 0]);
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
