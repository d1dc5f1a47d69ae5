import { describe, expect, test } from 'vitest';
import {
  decodeTxData,
  decodeTxDataList,
  encodeTxData,
  encodeTxDataList,
  isNoopTxData,
  NOOP_TX_DATA,
  txDataOf,
  type TxData,
} from '../../core/tx-data.js';
import { prng } from '../fixtures/rollup.js';
import { thrownCode } from '../fixtures/errors.js';

/** A random transfer or withdrawal slot (fromIdx never 0). */
function randomTxData(rand: () => number): TxData {
  return {
    fromIdx: 1 + Math.floor(rand() * (2 ** 32 - 1)),
    toIdx: rand() < 0.2 ? 0 : Math.floor(rand() * 2 ** 32),
    amountFloat: Math.floor(rand() * 2 ** 24),
    feeFloat: Math.floor(rand() * 2 ** 8),
  };
}

const bytes = (...list: number[]): Uint8Array => new Uint8Array(list);

describe('encodeTxData', () => {
  test('lays out fromIdx(4) | toIdx(4) | amountFloat(3) | feeFloat(1), big-endian', () => {
    const data = { fromIdx: 0x01020304, toIdx: 0x0a0b0c0d, amountFloat: 0x123456, feeFloat: 0x9a };
    expect(encodeTxData(data)).toEqual(bytes(1, 2, 3, 4, 10, 11, 12, 13, 0x12, 0x34, 0x56, 0x9a));
  });

  test.each([
    { what: 'a NOOP', data: NOOP_TX_DATA, out: bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) },
    {
      what: 'a withdrawal (toIdx 0)',
      data: { fromIdx: 7, toIdx: 0, amountFloat: 1, feeFloat: 0 },
      out: bytes(0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 1, 0),
    },
    {
      what: 'the largest values',
      data: { fromIdx: 2 ** 32 - 1, toIdx: 2 ** 32 - 1, amountFloat: 2 ** 24 - 1, feeFloat: 255 },
      out: new Uint8Array(12).fill(0xff),
    },
  ])('encodes $what', ({ data, out }) => {
    expect(encodeTxData(data)).toEqual(out);
  });

  test.each([
    { what: 'a toIdx', data: { fromIdx: 0, toIdx: 1, amountFloat: 0, feeFloat: 0 } },
    { what: 'an amountFloat', data: { fromIdx: 0, toIdx: 0, amountFloat: 1, feeFloat: 0 } },
    { what: 'a feeFloat', data: { fromIdx: 0, toIdx: 0, amountFloat: 0, feeFloat: 1 } },
  ])('rejects fromIdx 0 with $what as MALFORMED', ({ data }) => {
    expect(thrownCode(() => encodeTxData(data))).toBe('MALFORMED');
  });

  test.each([
    { what: 'fromIdx -1', data: { fromIdx: -1, toIdx: 0, amountFloat: 0, feeFloat: 0 } },
    { what: 'fromIdx 2^32', data: { fromIdx: 2 ** 32, toIdx: 0, amountFloat: 0, feeFloat: 0 } },
    { what: 'fromIdx 1.5', data: { fromIdx: 1.5, toIdx: 0, amountFloat: 0, feeFloat: 0 } },
    { what: 'toIdx 2^32', data: { fromIdx: 1, toIdx: 2 ** 32, amountFloat: 0, feeFloat: 0 } },
    { what: 'amountFloat 2^24', data: { fromIdx: 1, toIdx: 2, amountFloat: 2 ** 24, feeFloat: 0 } },
    { what: 'amountFloat -1', data: { fromIdx: 1, toIdx: 2, amountFloat: -1, feeFloat: 0 } },
    { what: 'feeFloat 256', data: { fromIdx: 1, toIdx: 2, amountFloat: 0, feeFloat: 256 } },
  ])('rejects $what as OUT_OF_RANGE', ({ data }) => {
    expect(thrownCode(() => encodeTxData(data))).toBe('OUT_OF_RANGE');
  });
});

describe('decodeTxData', () => {
  test('random slots round trip through encodeTxData', () => {
    const rand = prng(0x7da7a);
    for (let i = 0; i < 500; i++) {
      const data = randomTxData(rand);
      expect(decodeTxData(encodeTxData(data))).toEqual(data);
    }
  });

  test('twelve zero bytes are a NOOP', () => {
    const data = decodeTxData(new Uint8Array(12));
    expect(data).toEqual(NOOP_TX_DATA);
    expect(isNoopTxData(data)).toBe(true);
  });

  test.each([4, 5, 6, 7, 8, 9, 10, 11])('rejects fromIdx 0 with byte %i set as MALFORMED', (position) => {
    const slot = new Uint8Array(12);
    slot[position] = 1;
    expect(thrownCode(() => decodeTxData(slot))).toBe('MALFORMED');
  });

  test.each([0, 11, 13, 24])('rejects %i bytes as MALFORMED', (length) => {
    expect(thrownCode(() => decodeTxData(new Uint8Array(length)))).toBe('MALFORMED');
  });
});

describe('isNoopTxData', () => {
  test.each([
    { data: NOOP_TX_DATA, noop: true },
    { data: { fromIdx: 1, toIdx: 0, amountFloat: 0, feeFloat: 0 }, noop: false },
    { data: { fromIdx: 0, toIdx: 0, amountFloat: 0, feeFloat: 1 }, noop: false },
  ])('$data is a NOOP: $noop', ({ data, noop }) => {
    expect(isNoopTxData(data)).toBe(noop);
  });
});

describe('txDataOf', () => {
  test('encodes amount and fee as floats with the smallest exponent', () => {
    const tx = { fromIdx: 5, toIdx: 7, amount: 1_234_560_000_000_000_000n, fee: 200_000_000_000_000n, nonce: 3n, tokenId: 1n };
    expect(txDataOf(tx)).toEqual({ fromIdx: 5, toIdx: 7, amountFloat: (13 << 19) | 123_456, feeFloat: (14 << 3) | 2 });
  });

  test.each([
    { what: 'amount', amount: 1_234_567n, fee: 0n },
    { what: 'fee', amount: 1n, fee: 250_000_000_000_000n },
  ])('rejects an unrepresentable $what as NOT_REPRESENTABLE', ({ amount, fee }) => {
    const tx = { fromIdx: 1, toIdx: 2, amount, fee, nonce: 0n, tokenId: 0n };
    expect(thrownCode(() => txDataOf(tx))).toBe('NOT_REPRESENTABLE');
  });
});

describe('encodeTxDataList / decodeTxDataList', () => {
  test('concatenates the slots and pads with NOOPs up to `slots`', () => {
    const rand = prng(0x5107);
    const list = [randomTxData(rand), randomTxData(rand), randomTxData(rand)];
    const encoded = encodeTxDataList(list, 5);
    expect(encoded).toHaveLength(5 * 12);
    list.forEach((data, i) => expect(encoded.subarray(i * 12, i * 12 + 12)).toEqual(encodeTxData(data)));
    expect(encoded.subarray(36)).toEqual(new Uint8Array(24));
    expect(decodeTxDataList(encoded)).toEqual([...list, NOOP_TX_DATA, NOOP_TX_DATA]);
  });

  test('random lists round trip', () => {
    const rand = prng(0x1157);
    for (let i = 0; i < 50; i++) {
      const list = Array.from({ length: Math.floor(rand() * 10) }, () => randomTxData(rand));
      expect(decodeTxDataList(encodeTxDataList(list))).toEqual(list);
    }
  });

  test('an empty list with no slots is zero bytes', () => {
    expect(encodeTxDataList([])).toEqual(new Uint8Array(0));
    expect(decodeTxDataList(new Uint8Array(0))).toEqual([]);
  });

  test('rejects more entries than slots as BATCH_FULL', () => {
    const rand = prng(0xf011);
    const list = [randomTxData(rand), randomTxData(rand), randomTxData(rand)];
    expect(thrownCode(() => encodeTxDataList(list, 2))).toBe('BATCH_FULL');
  });

  test('rejects a malformed entry as MALFORMED', () => {
    const list = [NOOP_TX_DATA, { fromIdx: 0, toIdx: 3, amountFloat: 0, feeFloat: 0 }];
    expect(thrownCode(() => encodeTxDataList(list, 4))).toBe('MALFORMED');
  });

  test.each([1, 11, 13, 23, 25])('rejects %i bytes (not a multiple of 12) as MALFORMED', (length) => {
    expect(thrownCode(() => decodeTxDataList(new Uint8Array(length)))).toBe('MALFORMED');
  });

  test('rejects a list with a malformed slot as MALFORMED', () => {
    const encoded = new Uint8Array(36);
    encoded[12 + 11] = 1;
    expect(thrownCode(() => decodeTxDataList(encoded))).toBe('MALFORMED');
  });
});
