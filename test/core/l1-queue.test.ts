// @ts-expect-error circomlibjs ships no type declarations; it is only the test oracle here
import { buildPoseidon } from 'circomlibjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { TxType } from '../../core/constants.js';
import { L1_QUEUE_GENESIS_HASH, l1QueueHashes, nextL1QueueHash, packL1Tx } from '../../core/l1-queue.js';
import type { L1Tx } from '../../core/tx.js';
import { prng, randomBits } from '../fixtures/random.js';
import { thrownCode } from '../fixtures/errors.js';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** A random deposit (new account or top-up) or forced exit with fields of full width. */
function randomL1Tx(rand: () => number): L1Tx {
  const kind = Math.floor(rand() * 3);
  const withKey = kind === 0;
  return {
    txType: kind === 2 ? TxType.FORCED_EXIT : TxType.DEPOSIT,
    idx: Math.floor(rand() * 2 ** 32),
    tokenId: kind === 2 ? 0n : randomBits(rand, 32),
    amount: kind === 2 ? 0n : randomBits(rand, 128),
    ethAddr: randomBits(rand, 160),
    ax: withKey ? randomBits(rand, 256) % R : 0n,
    ay: withKey ? randomBits(rand, 256) % R : 0n,
  };
}

let oracle: (inputs: bigint[]) => bigint;
beforeAll(async () => {
  const p = await buildPoseidon();
  oracle = (inputs) => p.F.toObject(p(inputs)) as bigint;
});

const base: L1Tx = { txType: TxType.DEPOSIT, idx: 1, tokenId: 0n, amount: 1n, ethAddr: 2n, ax: 3n, ay: 4n };

describe('packL1Tx', () => {
  test('is txType(1 byte) | idx(4) | tokenId(4) | amount(16), least significant first', () => {
    const amount = 0x2122232425262728292a2b2c2d2e2f30n;
    const tx = { ...base, txType: TxType.FORCED_EXIT, idx: 0x0a0b0c0d, tokenId: 0x11121314n, amount };
    expect(packL1Tx(tx)).toBe(BigInt('0x' + '2122232425262728292a2b2c2d2e2f30' + '11121314' + '0a0b0c0d' + '02'));
  });

  test('the largest fields fill exactly 200 bits', () => {
    const tx = { ...base, txType: TxType.FORCED_EXIT, idx: 2 ** 32 - 1, tokenId: 2n ** 32n - 1n, amount: 2n ** 128n - 1n };
    expect(packL1Tx(tx)).toBe(2n ** 200n - 1n - 1n - 0xfcn);
  });

  test('random txs unpack to their fields', () => {
    const rand = prng(0x11a0);
    for (let i = 0; i < 300; i++) {
      const tx = randomL1Tx(rand);
      const packed = packL1Tx(tx);
      expect({
        txType: Number(packed & 0xffn),
        idx: Number((packed >> 8n) & 0xffffffffn),
        tokenId: (packed >> 40n) & 0xffffffffn,
        amount: packed >> 72n,
      }).toEqual({ txType: tx.txType, idx: tx.idx, tokenId: tx.tokenId, amount: tx.amount });
    }
  });

  test.each([
    { what: 'txType NOOP', tx: { ...base, txType: TxType.NOOP }, code: 'MALFORMED' },
    { what: 'txType TRANSFER', tx: { ...base, txType: TxType.TRANSFER }, code: 'MALFORMED' },
    { what: 'txType WITHDRAW', tx: { ...base, txType: TxType.WITHDRAW }, code: 'MALFORMED' },
    { what: 'idx -1', tx: { ...base, idx: -1 }, code: 'OUT_OF_RANGE' },
    { what: 'idx 2^32', tx: { ...base, idx: 2 ** 32 }, code: 'OUT_OF_RANGE' },
    { what: 'idx 0.5', tx: { ...base, idx: 0.5 }, code: 'OUT_OF_RANGE' },
    { what: 'tokenId 2^32', tx: { ...base, tokenId: 2n ** 32n }, code: 'OUT_OF_RANGE' },
    { what: 'amount 2^128', tx: { ...base, amount: 2n ** 128n }, code: 'OUT_OF_RANGE' },
    { what: 'amount -1', tx: { ...base, amount: -1n }, code: 'OUT_OF_RANGE' },
    { what: 'ethAddr 2^160', tx: { ...base, ethAddr: 2n ** 160n }, code: 'OUT_OF_RANGE' },
    { what: 'ax 2^254', tx: { ...base, ax: 2n ** 254n }, code: 'NOT_IN_FIELD' },
    { what: 'ay -1', tx: { ...base, ay: -1n }, code: 'NOT_IN_FIELD' },
  ])('rejects $what as $code', ({ tx, code }) => {
    expect(thrownCode(() => packL1Tx(tx as L1Tx))).toBe(code);
    expect(thrownCode(() => nextL1QueueHash(0n, tx as L1Tx))).toBe(code);
  });

  // Every hash input is a field element (docs/protocol.md, Notation): a key coordinate in [r, 2^254) passes
  // the 254-bit width check but must not be hashed as its reduction mod r.
  test.each([
    { what: 'ax = r', tx: { ...base, ax: R } },
    { what: 'ay = r + 4', tx: { ...base, ay: R + 4n } },
  ])('nextL1QueueHash rejects a key coordinate outside the field ($what) as NOT_IN_FIELD', ({ tx }) => {
    expect(thrownCode(() => nextL1QueueHash(0n, tx))).toBe('NOT_IN_FIELD');
  });
});

describe('l1QueueHashes', () => {
  test('starts from l1QueueHash[0] = 0 and is empty for no txs', () => {
    expect(L1_QUEUE_GENESIS_HASH).toBe(0n);
    expect(l1QueueHashes([])).toEqual([]);
  });

  test('chains Poseidon(previous, packedL1Tx, ethAddr, ax, ay) over random txs', () => {
    const rand = prng(0xc4a1);
    const txs = Array.from({ length: 6 }, () => randomL1Tx(rand));
    const expected: bigint[] = [];
    let hash = 0n;
    for (const tx of txs) {
      const packed = BigInt(tx.txType) | (BigInt(tx.idx) << 8n) | (tx.tokenId << 40n) | (tx.amount << 72n);
      hash = oracle([hash, packed, tx.ethAddr, tx.ax, tx.ay]);
      expected.push(hash);
    }
    expect(l1QueueHashes(txs)).toEqual(expected);
  });

  test('continues from a given start hash, as a batch does from l1QueueHash[start]', () => {
    const rand = prng(0x57a7);
    const txs = Array.from({ length: 5 }, () => randomL1Tx(rand));
    const all = l1QueueHashes(txs);
    expect(l1QueueHashes(txs.slice(2), all[1])).toEqual(all.slice(2));
    expect(nextL1QueueHash(all[3]!, txs[4]!)).toBe(all[4]);
  });

  test('rejects a start hash outside the field as NOT_IN_FIELD', () => {
    expect(thrownCode(() => l1QueueHashes([base], R))).toBe('NOT_IN_FIELD');
  });

  test('every field of a tx changes the hash', () => {
    const reference = nextL1QueueHash(0n, base);
    const variants: L1Tx[] = [
      { ...base, txType: TxType.FORCED_EXIT },
      { ...base, idx: 2 },
      { ...base, tokenId: 1n },
      { ...base, amount: 2n },
      { ...base, ethAddr: 3n },
      { ...base, ax: 4n },
      { ...base, ay: 5n },
    ];
    for (const tx of variants) expect(nextL1QueueHash(0n, tx)).not.toBe(reference);
    expect(nextL1QueueHash(1n, base)).not.toBe(reference);
  });
});
