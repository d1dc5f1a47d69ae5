import { createHash } from 'node:crypto';
import { hexToNumber, numberToBytesBE } from '@noble/curves/utils.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, test } from 'vitest';
import { publicInputHash, publicInputPreimage, type BatchStatement } from '../../core/public-input.js';
import { prng, randomBits } from '../fixtures/random.js';
import { thrownCode } from '../fixtures/errors.js';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Big-endian hex of `value` in `bytes` bytes. */
const be = (value: bigint, bytes: number): string => bytesToHex(numberToBytesBE(value, bytes));

/** The preimage of docs/protocol.md §8 built from the table, not from core. */
function referencePreimage(s: BatchStatement): string {
  return [
    be(s.domain.chainId, 8),
    be(s.domain.rollupAddress, 20),
    be(s.batchNumber, 8),
    be(s.oldStateRoot, 32),
    be(s.newStateRoot, 32),
    be(s.l1QueueStartHash, 32),
    be(s.l1QueueEndHash, 32),
    be(s.withdrawalsHash, 32),
    ...s.feeIdx.map((idx) => be(BigInt(idx), 4)),
    bytesToHex(s.txData),
  ].join('');
}

function sha256(hex: string): bigint {
  return hexToNumber(createHash('sha256').update(hexToBytes(hex)).digest('hex'));
}

function randomStatement(rand: () => number, feeSlots: number, batchSize: number): BatchStatement {
  const txData = new Uint8Array(batchSize * 12);
  for (let i = 0; i < txData.length; i++) txData[i] = Math.floor(rand() * 256);
  return {
    domain: { chainId: randomBits(rand, 64), rollupAddress: randomBits(rand, 160) },
    batchNumber: randomBits(rand, 64),
    oldStateRoot: randomBits(rand, 256) % R,
    newStateRoot: randomBits(rand, 256) % R,
    l1QueueStartHash: randomBits(rand, 256) % R,
    l1QueueEndHash: randomBits(rand, 256) % R,
    withdrawalsHash: randomBits(rand, 256) % R,
    feeIdx: Array.from({ length: feeSlots }, () => Math.floor(rand() * 2 ** 32)),
    txData,
  };
}

/** Every field a distinct byte pattern, so a field at the wrong offset cannot go unnoticed. */
const pattern = (first: number, bytes: number): bigint =>
  BigInt('0x' + Array.from({ length: bytes }, (_, i) => be(BigInt((first + i) & 0xff), 1)).join(''));
const fixed: BatchStatement = {
  domain: { chainId: pattern(0x01, 8), rollupAddress: pattern(0x11, 20) },
  batchNumber: pattern(0x31, 8),
  oldStateRoot: pattern(0x01, 32) >> 8n,
  newStateRoot: pattern(0x41, 32) >> 8n,
  l1QueueStartHash: pattern(0x61, 32) >> 8n,
  l1QueueEndHash: pattern(0x81, 32) >> 8n,
  withdrawalsHash: pattern(0xa1, 32) >> 8n,
  feeIdx: [0xc1c2c3c4, 0, 0xd1d2d3d4],
  txData: Uint8Array.from({ length: 4 * 12 }, (_, i) => 0xe0 ^ i),
};

describe('publicInputPreimage', () => {
  // docs/protocol.md §8: [name, offset, width] for 3 fee slots and 4 tx slots.
  const table: Array<[string, number, number, string]> = [
    ['chainId', 0, 8, be(fixed.domain.chainId, 8)],
    ['rollupAddress', 8, 20, be(fixed.domain.rollupAddress, 20)],
    ['batchNumber', 28, 8, be(fixed.batchNumber, 8)],
    ['oldStateRoot', 36, 32, be(fixed.oldStateRoot, 32)],
    ['newStateRoot', 68, 32, be(fixed.newStateRoot, 32)],
    ['l1QueueStartHash', 100, 32, be(fixed.l1QueueStartHash, 32)],
    ['l1QueueEndHash', 132, 32, be(fixed.l1QueueEndHash, 32)],
    ['withdrawalsHash', 164, 32, be(fixed.withdrawalsHash, 32)],
    ['feeIdx[0]', 196, 4, 'c1c2c3c4'],
    ['feeIdx[1]', 200, 4, '00000000'],
    ['feeIdx[2]', 204, 4, 'd1d2d3d4'],
    ['txData', 208, 48, bytesToHex(fixed.txData)],
  ];

  test.each(table)('puts %s at byte %i, %i bytes wide', (_name, offset, width, hex) => {
    expect(bytesToHex(publicInputPreimage(fixed).subarray(offset, offset + width))).toBe(hex);
  });

  test('is exactly 196 + 4 * feeSlots + 12 * batchSize bytes, the table concatenated', () => {
    const preimage = publicInputPreimage(fixed);
    expect(preimage).toHaveLength(196 + 4 * 3 + 12 * 4);
    expect(bytesToHex(preimage)).toBe(table.map(([, , , hex]) => hex).join(''));
  });

  test('random statements match the reference layout', () => {
    const rand = prng(0x9b11c);
    for (let i = 0; i < 50; i++) {
      const s = randomStatement(rand, Math.floor(rand() * 4), Math.floor(rand() * 8));
      expect(bytesToHex(publicInputPreimage(s))).toBe(referencePreimage(s));
    }
  });
});

describe('publicInputHash', () => {
  test('is uint256(sha256(preimage)) mod r, checked with node:crypto', () => {
    const rand = prng(0x5a256);
    let reduced = 0;
    for (let i = 0; i < 40; i++) {
      const s = i === 0 ? fixed : randomStatement(rand, 1 + Math.floor(rand() * 3), 1 + Math.floor(rand() * 8));
      const digest = sha256(referencePreimage(s));
      if (digest >= R) reduced += 1;
      expect(publicInputHash(s)).toBe(digest % R);
    }
    // About 81% of digests are >= r; the reduction must have been exercised.
    expect(reduced).toBeGreaterThan(0);
  });

  test('changes with any byte of the statement', () => {
    const reference = publicInputHash(fixed);
    const txData = fixed.txData.slice();
    txData[47] = txData[47]! ^ 1;
    const variants: BatchStatement[] = [
      { ...fixed, domain: { ...fixed.domain, chainId: fixed.domain.chainId + 1n } },
      { ...fixed, domain: { ...fixed.domain, rollupAddress: fixed.domain.rollupAddress + 1n } },
      { ...fixed, batchNumber: fixed.batchNumber + 1n },
      { ...fixed, withdrawalsHash: fixed.withdrawalsHash + 1n },
      { ...fixed, feeIdx: [0xc1c2c3c4, 1, 0xd1d2d3d4] },
      { ...fixed, txData },
    ];
    for (const s of variants) expect(publicInputHash(s)).not.toBe(reference);
  });
});

describe('rejected statements', () => {
  const roots = ['oldStateRoot', 'newStateRoot', 'l1QueueStartHash', 'l1QueueEndHash', 'withdrawalsHash'] as const;

  test.each(roots.flatMap((field) => [R, R + 1n, 2n ** 256n - 1n, -1n].map((value) => ({ field, value }))))(
    'rejects $field = $value (not in the field) as NOT_IN_FIELD',
    ({ field, value }) => {
      const s = { ...fixed, [field]: value };
      expect(thrownCode(() => publicInputPreimage(s))).toBe('NOT_IN_FIELD');
      expect(thrownCode(() => publicInputHash(s))).toBe('NOT_IN_FIELD');
    },
  );

  test.each(roots)('accepts %s = r - 1', (field) => {
    expect(bytesToHex(publicInputPreimage({ ...fixed, [field]: R - 1n }))).toContain(be(R - 1n, 32));
  });

  test.each([
    { what: 'chainId 2^64', s: { ...fixed, domain: { ...fixed.domain, chainId: 2n ** 64n } }, code: 'OUT_OF_RANGE' },
    {
      what: 'rollupAddress 2^160',
      s: { ...fixed, domain: { ...fixed.domain, rollupAddress: 2n ** 160n } },
      code: 'OUT_OF_RANGE',
    },
    { what: 'batchNumber 2^64', s: { ...fixed, batchNumber: 2n ** 64n }, code: 'OUT_OF_RANGE' },
    { what: 'batchNumber -1', s: { ...fixed, batchNumber: -1n }, code: 'OUT_OF_RANGE' },
    { what: 'feeIdx 2^32', s: { ...fixed, feeIdx: [2 ** 32] }, code: 'OUT_OF_RANGE' },
    { what: 'feeIdx -1', s: { ...fixed, feeIdx: [-1] }, code: 'OUT_OF_RANGE' },
    { what: 'txData of 13 bytes', s: { ...fixed, txData: new Uint8Array(13) }, code: 'MALFORMED' },
    { what: 'txData of 11 bytes', s: { ...fixed, txData: new Uint8Array(11) }, code: 'MALFORMED' },
  ])('rejects $what as $code', ({ s, code }) => {
    expect(thrownCode(() => publicInputPreimage(s))).toBe(code);
    expect(thrownCode(() => publicInputHash(s))).toBe(code);
  });
});
