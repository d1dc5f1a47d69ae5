import { describe, expect, test } from 'vitest';
import { proofTimeData, throughputData } from '../../explorer/src/chart-data.js';
import { formatAmount, formatDuration, formatUnits, shortHash, timeAgo } from '../../explorer/src/format.js';
import { parseRoute } from '../../explorer/src/router.js';
import { parseSearch, searchRoute } from '../../explorer/src/search.js';

const TOKENS = [{ tokenId: 0, symbol: 'ETH', decimals: 18 }, { tokenId: 1, symbol: 'USD6', decimals: 6 }];
const HASH = `0x${'ab'.repeat(32)}`;
const ADDR = `0x${'Cd'.repeat(20)}`;

describe('formatUnits and formatAmount', () => {
  test.each([
    ['1500000000000000000', 18, '1.5'],
    ['1', 18, '0.000000000000000001'],
    ['0', 18, '0'],
    ['1000000', 6, '1'],
    ['123456789012345678901234567890', 18, '123456789012.34567890123456789'],
  ])('%s with %i decimals is %s', (value, decimals, text) => {
    expect(formatUnits(value, decimals)).toBe(text);
  });

  test('in token units, with the symbol; an unknown token in base units', () => {
    expect(formatAmount('250000000000000000', 0, TOKENS)).toBe('0.25 ETH');
    expect(formatAmount(2_500_000n, 1, TOKENS)).toBe('2.5 USD6');
    expect(formatAmount('7', 9, TOKENS)).toBe('7 (token 9, base units)');
  });
});

describe('times and hashes', () => {
  test.each([[250, '250 ms'], [1_234, '1.2 s'], [42_000, '42 s'], [95_000, '1 min 35 s'], [7_260_000, '2 h 1 min']])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test('time ago, and the CLI\'s short hash', () => {
    expect(timeAgo(1_000, 1_500)).toBe('just now');
    expect(timeAgo(0, 95_000)).toBe('1 min ago');
    expect(timeAgo(0, 12_000)).toBe('12 s ago');
    expect(shortHash('0x19ff8ee43edb57bab135ede80670bba01f5bea9000c595498cdd1d2d20f023c3')).toBe('0x19ff8ee4…23c3');
  });
});

describe('parseSearch', () => {
  test.each([
    [HASH.toUpperCase().replace('0X', '0x'), { kind: 'tx', hash: HASH }],
    [` ${ADDR} `, { kind: 'address', ethAddr: ADDR.toLowerCase() }],
    ['12', { kind: 'number', value: 12 }],
    ['batch 3', { kind: 'batch', batchNumber: 3 }],
    ['#3', { kind: 'batch', batchNumber: 3 }],
    ['idx 7', { kind: 'account', idx: 7 }],
    ['account:7', { kind: 'account', idx: 7 }],
    ['123, 456', { kind: 'key', ax: '123', ay: '456' }],
    ['123 456', { kind: 'key', ax: '123', ay: '456' }],
    ['0x1234', { kind: 'invalid', text: '0x1234' }],
    ['99999999999999999999', { kind: 'invalid', text: '99999999999999999999' }],
    ['alice', { kind: 'invalid', text: 'alice' }],
  ])('%j', (input, expected) => {
    expect(parseSearch(input)).toEqual(expected);
  });

  test('leads straight to a page, except a bare number (a batch or an idx)', () => {
    expect(searchRoute(parseSearch(HASH))).toBe(`#/tx/${HASH}`);
    expect(searchRoute(parseSearch('1 2'))).toBe('#/key/1/2');
    expect(searchRoute(parseSearch('batch 2'))).toBe('#/batch/2');
    expect(searchRoute(parseSearch('5'))).toBeNull();
  });
});

describe('parseRoute', () => {
  test.each([
    ['', { page: 'overview' }],
    ['#/', { page: 'overview' }],
    ['#/batches?before=40', { page: 'batches', before: 40 }],
    ['#/batch/3', { page: 'batch', batchNumber: 3 }],
    [`#/tx/${HASH.toUpperCase().replace('0X', '0x')}`, { page: 'tx', hash: HASH }],
    ['#/account/5?before=17', { page: 'account', idx: 5, before: 17 }],
    ['#/key/1/2', { page: 'key', ax: '1', ay: '2' }],
    [`#/address/${ADDR}`, { page: 'address', ethAddr: ADDR.toLowerCase() }],
    ['#/provers', { page: 'provers' }],
    ['#/search/12', { page: 'search', text: '12' }],
    ['#/batch/x', { page: 'not-found', path: 'batch/x' }],
    ['#/tx/0x12', { page: 'not-found', path: 'tx/0x12' }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });
});

describe('chart columns', () => {
  const series = {
    from: 0, to: 120_000, bucketMs: 60_000,
    buckets: [{ t: 0, batches: 1, l1Txs: 2, l2Txs: 3 }, { t: 60_000, batches: 0, l1Txs: 0, l2Txs: 0 }],
    proofs: [{ batchNumber: 2, circuit: 'test', sealedAt: 50_000, provenAt: 90_000, ms: 40_000 }, { batchNumber: 1, circuit: 'test', sealedAt: 0, provenAt: 30_000, ms: 30_000 }],
  };
  test('txs per minute: time in seconds, L2 then L1', () => {
    expect(throughputData(series)).toEqual([[0, 60], [3, 0], [2, 0]]);
  });
  test('proof times in seconds by the time of the proof, the hour\'s ends as gaps', () => {
    expect(proofTimeData(series)).toEqual([[0, 30, 90, 120], [null, 30, 40, null]]);
  });
});
