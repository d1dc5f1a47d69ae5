// @ts-expect-error circomlibjs ships no type declarations; it is only the test oracle here
import { buildPoseidon } from 'circomlibjs';
import { hexToBytes } from '@noble/hashes/utils.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { WITHDRAWAL_BYTES } from '../../core/constants.js';
import { ModuloError } from '../../core/errors.js';
import {
  decodeWithdrawals,
  encodeWithdrawals,
  nextWithdrawalsHash,
  WITHDRAWALS_GENESIS_HASH,
  withdrawalsHash,
  type Withdrawal,
} from '../../core/withdrawals.js';
import { prng, randomBits } from '../fixtures/random.js';
import { thrownCode } from '../fixtures/errors.js';

function randomWithdrawal(rand: () => number): Withdrawal {
  return { ethAddr: randomBits(rand, 160), tokenId: randomBits(rand, 32), amount: randomBits(rand, 128) | 1n };
}

const hex = hexToBytes;

let oracle: (inputs: bigint[]) => bigint;
beforeAll(async () => {
  const p = await buildPoseidon();
  oracle = (inputs) => p.F.toObject(p(inputs)) as bigint;
});

/** docs/protocol.md §7, from circomlibjs directly. */
function referenceChain(list: readonly Withdrawal[]): bigint {
  return list.reduce((h, w) => oracle([h, w.ethAddr, w.tokenId | (w.amount << 32n)]), 0n);
}

describe('withdrawalsHash', () => {
  test('is 0 for a batch without withdrawals', () => {
    expect(WITHDRAWALS_GENESIS_HASH).toBe(0n);
    expect(withdrawalsHash([])).toBe(0n);
  });

  test('chains Poseidon(hash, ethAddr, tokenId | amount << 32) over random records', () => {
    const rand = prng(0x3417);
    for (let n = 1; n <= 6; n++) {
      const list = Array.from({ length: n }, () => randomWithdrawal(rand));
      expect(withdrawalsHash(list)).toBe(referenceChain(list));
    }
  });

  test('the largest record still hashes its fields without overlap', () => {
    const w = { ethAddr: 2n ** 160n - 1n, tokenId: 2n ** 32n - 1n, amount: 2n ** 128n - 1n };
    expect(withdrawalsHash([w])).toBe(oracle([0n, w.ethAddr, 2n ** 160n - 1n]));
  });

  test('nextWithdrawalsHash extends a chain from any previous hash', () => {
    const rand = prng(0x4e47);
    const [a, b] = [randomWithdrawal(rand), randomWithdrawal(rand)];
    expect(nextWithdrawalsHash(withdrawalsHash([a]), b)).toBe(withdrawalsHash([a, b]));
    expect(nextWithdrawalsHash(12345n, a)).toBe(oracle([12345n, a.ethAddr, a.tokenId | (a.amount << 32n)]));
  });

  test('depends on the order of the records', () => {
    const rand = prng(0x0bde);
    const [a, b] = [randomWithdrawal(rand), randomWithdrawal(rand)];
    expect(withdrawalsHash([a, b])).not.toBe(withdrawalsHash([b, a]));
  });
});

describe('encodeWithdrawals', () => {
  test('lays out ethAddr(20) | tokenId(4) | amount(16), 40 bytes a record', () => {
    const w = {
      ethAddr: 0x0102030405060708090a0b0c0d0e0f1011121314n,
      tokenId: 0x21222324n,
      amount: 0x3132333435363738393a3b3c3d3e3f40n,
    };
    const expected = hex('0102030405060708090a0b0c0d0e0f1011121314' + '21222324' + '3132333435363738393a3b3c3d3e3f40');
    expect(WITHDRAWAL_BYTES).toBe(40);
    expect(encodeWithdrawals([w])).toEqual(expected);
    expect(encodeWithdrawals([w, { ethAddr: 1n, tokenId: 2n, amount: 3n }])).toEqual(
      new Uint8Array([...expected, ...hex('00'.repeat(19) + '01' + '00000002' + '00'.repeat(15) + '03')]),
    );
  });

  test('random lists round trip through decodeWithdrawals', () => {
    const rand = prng(0xe7c0);
    for (let n = 0; n <= 8; n++) {
      const list = Array.from({ length: n }, () => randomWithdrawal(rand));
      const encoded = encodeWithdrawals(list);
      expect(encoded).toHaveLength(40 * n);
      expect(decodeWithdrawals(encoded)).toEqual(list);
    }
  });
});

describe('rejected withdrawal records', () => {
  const valid = { ethAddr: 1n, tokenId: 0n, amount: 1n };
  const cases = [
    { what: 'a zero amount', w: { ...valid, amount: 0n }, code: 'MALFORMED' },
    { what: 'an amount of 2^128', w: { ...valid, amount: 2n ** 128n }, code: 'OUT_OF_RANGE' },
    { what: 'a negative amount', w: { ...valid, amount: -1n }, code: 'OUT_OF_RANGE' },
    { what: 'an ethAddr of 2^160', w: { ...valid, ethAddr: 2n ** 160n }, code: 'OUT_OF_RANGE' },
    { what: 'a negative ethAddr', w: { ...valid, ethAddr: -1n }, code: 'OUT_OF_RANGE' },
    { what: 'a tokenId of 2^32', w: { ...valid, tokenId: 2n ** 32n }, code: 'OUT_OF_RANGE' },
  ];

  test.each(cases)('nextWithdrawalsHash and withdrawalsHash reject $what as $code', ({ w, code }) => {
    expect(thrownCode(() => nextWithdrawalsHash(0n, w))).toBe(code);
    expect(thrownCode(() => withdrawalsHash([valid, w]))).toBe(code);
  });

  test.each(cases)('encodeWithdrawals rejects $what as $code', ({ w, code }) => {
    expect(thrownCode(() => encodeWithdrawals([valid, w]))).toBe(code);
  });

  test('decodeWithdrawals rejects a record with a zero amount as MALFORMED', () => {
    const encoded = new Uint8Array([...encodeWithdrawals([valid]), ...hex('11'.repeat(24) + '00'.repeat(16))]);
    expect(thrownCode(() => decodeWithdrawals(encoded))).toBe('MALFORMED');
  });

  test.each([1, 39, 41, 79])('decodeWithdrawals rejects %i bytes (not a multiple of 40) as MALFORMED', (length) => {
    expect(thrownCode(() => decodeWithdrawals(new Uint8Array(length).fill(1)))).toBe('MALFORMED');
  });
});
