import { describe, expect, test } from 'vitest';
import { loadCircuits } from '../../core/circuits.js';
import { L2_TX_BYTES } from '../../core/constants.js';
import { preimageBits, sha256Blocks, SLOT_STEP } from '../../proving-kit/constraint-cost.js';

/**
 * proving-kit/constraint-cost.ts: the batch sizes `make bench` compiles to measure constraints per
 * transfer must differ by whole sha256 blocks, so that each slot is charged its fair share of the hash.
 * (The depth-32 compiles themselves run in the bench only: CI stays fast.)
 */

describe('sha256Blocks', () => {
  test('counts the padding: 55 bytes fit one 64-byte block, 56 need two', () => {
    expect([sha256Blocks(0), sha256Blocks(55 * 8), sha256Blocks(56 * 8), sha256Blocks(119 * 8), sha256Blocks(120 * 8)]).toEqual([1, 1, 2, 2, 3]);
  });
});

describe('SLOT_STEP', () => {
  test('is the fewest slots whose tx data fills whole blocks (16 slots = 1,536 bits = 3 blocks)', () => {
    expect(SLOT_STEP).toBe(16);
    expect((SLOT_STEP * 8 * L2_TX_BYTES) % 512).toBe(0);
    for (let slots = 1; slots < SLOT_STEP; slots++) expect((slots * 8 * L2_TX_BYTES) % 512).not.toBe(0);
  });

  test.each(Object.entries(loadCircuits().circuits))('adds exactly 3 blocks to %s at any batch size', (_, config) => {
    for (let batchSize = 1; batchSize <= 64; batchSize++) {
      const blocks = (size: number) => sha256Blocks(preimageBits({ ...config, batchSize: size }));
      expect(blocks(batchSize + SLOT_STEP) - blocks(batchSize)).toBe(3);
    }
  });
});

describe('preimageBits', () => {
  test('grows by 96 bits per slot and 32 per fee slot (core\'s publicInputPreimage)', () => {
    const base = { depth: 32, batchSize: 1, feeSlots: 1 };
    expect(preimageBits({ ...base, batchSize: 2 }) - preimageBits(base)).toBe(96);
    expect(preimageBits({ ...base, feeSlots: 2 }) - preimageBits(base)).toBe(32);
  });

  test('the test configuration hashes 5 sha256 blocks (circuits/README.md)', () => {
    expect(sha256Blocks(preimageBits(loadCircuits().circuits.test))).toBe(5);
  });
});
