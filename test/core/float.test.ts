import { describe, expect, test } from 'vitest';
import {
  AMOUNT_FLOAT,
  decodeFloat,
  encodeFloat,
  FEE_FLOAT,
  floorToFloat,
  isRepresentable,
  type FloatFormat,
} from '../../core/float.js';
import { prng } from '../fixtures/rollup.js';
import { thrown } from '../fixtures/errors.js';

// docs/protocol.md §4, written out here rather than derived from core.
const AMOUNT_MAX = 524_287n * 10n ** 31n;
const FEE_MAX = 7n * 10n ** 31n;
const FORMATS = [
  { format: AMOUNT_FLOAT, mantissaBits: 19, maxMantissa: 524_287n, max: AMOUNT_MAX },
  { format: FEE_FLOAT, mantissaBits: 3, maxMantissa: 7n, max: FEE_MAX },
] as const;

function randomBelow(rand: () => number, bound: bigint): bigint {
  let v = 0n;
  for (let i = 0; i < 5; i++) v = (v << 32n) | BigInt(Math.floor(rand() * 2 ** 32));
  return v % bound;
}

function exponentOf(encoded: number, mantissaBits: number): number {
  return Math.floor(encoded / 2 ** mantissaBits);
}

/** Every representable value in [lo, hi], sorted: the brute-force reference for floorToFloat. */
function representablesIn(lo: bigint, hi: bigint, maxMantissa: bigint): bigint[] {
  const found = new Set<bigint>();
  for (let e = 0n; e <= 31n; e++) {
    const scale = 10n ** e;
    const top = hi / scale < maxMantissa ? hi / scale : maxMantissa;
    for (let m = (lo + scale - 1n) / scale; m <= top; m++) found.add(m * scale);
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('decodeFloat', () => {
  test.each([
    { format: AMOUNT_FLOAT, encoded: 0, value: 0n },
    { format: AMOUNT_FLOAT, encoded: 524_287, value: 524_287n },
    { format: AMOUNT_FLOAT, encoded: 1 << 19, value: 0n },
    { format: AMOUNT_FLOAT, encoded: (1 << 19) | 5, value: 50n },
    { format: AMOUNT_FLOAT, encoded: (13 << 19) | 123_456, value: 1_234_560_000_000_000_000n },
    { format: AMOUNT_FLOAT, encoded: 0xffffff, value: AMOUNT_MAX },
    { format: FEE_FLOAT, encoded: 0, value: 0n },
    { format: FEE_FLOAT, encoded: 7, value: 7n },
    { format: FEE_FLOAT, encoded: 0x0f, value: 70n },
    { format: FEE_FLOAT, encoded: (14 << 3) | 2, value: 200_000_000_000_000n },
    { format: FEE_FLOAT, encoded: 0xff, value: FEE_MAX },
  ])('$format.name $encoded is $value', ({ format, encoded, value }) => {
    expect(decodeFloat(encoded, format)).toBe(value);
  });

  test.each([
    { format: AMOUNT_FLOAT, encoded: -1 },
    { format: AMOUNT_FLOAT, encoded: 2 ** 24 },
    { format: AMOUNT_FLOAT, encoded: 1.5 },
    { format: AMOUNT_FLOAT, encoded: Number.NaN },
    { format: AMOUNT_FLOAT, encoded: Number.POSITIVE_INFINITY },
    { format: FEE_FLOAT, encoded: -1 },
    { format: FEE_FLOAT, encoded: 256 },
    { format: FEE_FLOAT, encoded: 0.5 },
  ])('rejects $format.name $encoded as OUT_OF_RANGE', ({ format, encoded }) => {
    expect(thrown(() => decodeFloat(encoded, format))?.code).toBe('OUT_OF_RANGE');
  });
});

describe('encodeFloat', () => {
  test.each([
    { format: AMOUNT_FLOAT, value: 0n, encoded: 0 },
    { format: AMOUNT_FLOAT, value: 1000n, encoded: 1000 },
    { format: AMOUNT_FLOAT, value: 524_287n, encoded: 524_287 },
    { format: AMOUNT_FLOAT, value: 524_290n, encoded: (1 << 19) | 52_429 },
    { format: AMOUNT_FLOAT, value: 10n ** 31n, encoded: (26 << 19) | 100_000 },
    { format: AMOUNT_FLOAT, value: 1_234_560_000_000_000_000n, encoded: (13 << 19) | 123_456 },
    { format: FEE_FLOAT, value: 7n, encoded: 7 },
    { format: FEE_FLOAT, value: 10n, encoded: (1 << 3) | 1 },
    { format: FEE_FLOAT, value: 200_000_000_000_000n, encoded: (14 << 3) | 2 },
  ])('encodes $format.name $value with the smallest exponent as $encoded', ({ format, value, encoded }) => {
    expect(encodeFloat(value, format)).toBe(encoded);
  });

  test.each(FORMATS)('$format.name: the largest value encodes to all ones', ({ format, max }) => {
    expect(encodeFloat(max, format)).toBe(2 ** format.bits - 1);
    expect(decodeFloat(2 ** format.bits - 1, format)).toBe(max);
  });

  test.each(FORMATS)('$format.name: random representable values round trip with the smallest exponent', (f) => {
    const rand = prng(0xf10a7 + f.mantissaBits);
    for (let i = 0; i < 2000; i++) {
      const value = randomBelow(rand, f.maxMantissa + 1n) * 10n ** BigInt(Math.floor(rand() * 32));
      const encoded = encodeFloat(value, f.format);
      expect(decodeFloat(encoded, f.format)).toBe(value);
      const e = exponentOf(encoded, f.mantissaBits);
      // A smaller exponent would need a mantissa above the maximum (or a non-integer one).
      if (e > 0) {
        const scale = 10n ** BigInt(e - 1);
        expect(value % scale !== 0n || value / scale > f.maxMantissa).toBe(true);
      }
    }
  });

  test.each(FORMATS)('$format.name: every bit pattern decodes to a value that re-encodes to it or a smaller exponent', (f) => {
    const rand = prng(0xdec0de + f.mantissaBits);
    for (let i = 0; i < 2000; i++) {
      const pattern = Math.floor(rand() * 2 ** f.format.bits);
      const value = decodeFloat(pattern, f.format);
      const encoded = encodeFloat(value, f.format);
      expect(decodeFloat(encoded, f.format)).toBe(value);
      expect(exponentOf(encoded, f.mantissaBits)).toBeLessThanOrEqual(exponentOf(pattern, f.mantissaBits));
    }
  });

  test.each([
    { format: AMOUNT_FLOAT, value: 524_288n, nearestBelow: 524_287n },
    { format: AMOUNT_FLOAT, value: 1_234_567n, nearestBelow: 1_234_560n },
    { format: AMOUNT_FLOAT, value: 5_242_880n, nearestBelow: 5_242_870n },
    { format: AMOUNT_FLOAT, value: AMOUNT_MAX + 1n, nearestBelow: AMOUNT_MAX },
    { format: AMOUNT_FLOAT, value: 524_288n * 10n ** 31n, nearestBelow: AMOUNT_MAX },
    { format: AMOUNT_FLOAT, value: 2n ** 128n - 1n, nearestBelow: AMOUNT_MAX },
    { format: FEE_FLOAT, value: 8n, nearestBelow: 7n },
    { format: FEE_FLOAT, value: 25n, nearestBelow: 20n },
    { format: FEE_FLOAT, value: 80n, nearestBelow: 70n },
    { format: FEE_FLOAT, value: 250_000_000_000_000n, nearestBelow: 200_000_000_000_000n },
    { format: FEE_FLOAT, value: FEE_MAX + 1n, nearestBelow: FEE_MAX },
  ])('rejects $format.name $value as NOT_REPRESENTABLE, offering $nearestBelow', ({ format, value, nearestBelow }) => {
    const error = thrown(() => encodeFloat(value, format));
    expect(error?.code).toBe('NOT_REPRESENTABLE');
    expect(error?.details).toEqual({ value: value.toString(), nearestBelow: nearestBelow.toString() });
  });

  test.each([AMOUNT_FLOAT, FEE_FLOAT])('rejects a negative $name as OUT_OF_RANGE', (format) => {
    expect(thrown(() => encodeFloat(-1n, format))?.code).toBe('OUT_OF_RANGE');
  });
});

describe('floorToFloat', () => {
  const ranges: Array<{ f: (typeof FORMATS)[number]; lo: bigint; hi: bigint }> = [
    { f: FORMATS[1], lo: 0n, hi: 20_000n },
    { f: FORMATS[1], lo: 7n * 10n ** 20n - 500n, hi: 7n * 10n ** 20n + 500n },
    { f: FORMATS[0], lo: 0n, hi: 3_000n },
    { f: FORMATS[0], lo: 524_000n, hi: 526_000n },
    { f: FORMATS[0], lo: 5_242_000n, hi: 5_244_000n },
    { f: FORMATS[0], lo: 52_428_000n, hi: 52_430_000n },
  ];

  test.each([
    { format: AMOUNT_FLOAT, value: 0n, floor: 0n },
    { format: AMOUNT_FLOAT, value: 524_287n, floor: 524_287n },
    { format: AMOUNT_FLOAT, value: 524_288n, floor: 524_287n },
    { format: AMOUNT_FLOAT, value: 524_289n, floor: 524_287n },
    { format: AMOUNT_FLOAT, value: 524_290n, floor: 524_290n },
    { format: AMOUNT_FLOAT, value: 1_234_567n, floor: 1_234_560n },
    { format: FEE_FLOAT, value: 8n, floor: 7n },
    { format: FEE_FLOAT, value: 9n, floor: 7n },
    { format: FEE_FLOAT, value: 15n, floor: 10n },
    { format: FEE_FLOAT, value: 99n, floor: 70n },
    { format: FEE_FLOAT, value: 250_000_000_000_000n, floor: 200_000_000_000_000n },
    { format: FEE_FLOAT, value: 9_885_583_925_413_060_405n, floor: 7_000_000_000_000_000_000n },
  ])('$format.name: floors $value to $floor', ({ format, value, floor }) => {
    expect(floorToFloat(value, format)).toBe(floor);
  });

  test.each(ranges)('$f.format.name: is the largest representable value <= v for every v in [$lo, $hi]', ({ f, lo, hi }) => {
    // Some representable value lies in [v / 2, v] for every v >= 1, so the list covers each floor.
    const sorted = representablesIn(lo / 2n, hi, f.maxMantissa);
    const wrong: string[] = [];
    let next = 0;
    let below = -1n;
    for (let v = lo; v <= hi && wrong.length < 5; v++) {
      while (next < sorted.length && sorted[next]! <= v) below = sorted[next++]!;
      const floor = floorToFloat(v, f.format);
      if (floor !== below) wrong.push(`floorToFloat(${v}) = ${floor}, expected ${below}`);
      if (isRepresentable(v, f.format) !== (below === v)) wrong.push(`isRepresentable(${v}) = ${!(below === v)}`);
    }
    expect(wrong).toEqual([]);
  });

  test.each(FORMATS)('$format.name: on random values it is representable, <= v, and no representable lies in (floor, v]', (f) => {
    const rand = prng(0xf1002 + f.mantissaBits);
    const wrong: string[] = [];
    for (let i = 0; i < 2000 && wrong.length < 5; i++) {
      const v = randomBelow(rand, f.max * 2n) >> BigInt(Math.floor(rand() * 128));
      const floor = floorToFloat(v, f.format);
      if (floor > v || !isRepresentable(floor, f.format)) wrong.push(`floorToFloat(${v}) = ${floor}`);
      // At exponent e the best candidate is min(v / 10^e, maxMantissa) * 10^e.
      for (let e = 0n; e <= 31n; e++) {
        const m = v / 10n ** e;
        const candidate = (m < f.maxMantissa ? m : f.maxMantissa) * 10n ** e;
        if (candidate > floor) wrong.push(`floorToFloat(${v}) = ${floor} < ${candidate}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test.each(FORMATS)('$format.name: values above the largest floor to the largest', ({ format, max }) => {
    expect(floorToFloat(max, format)).toBe(max);
    expect(floorToFloat(max + 1n, format)).toBe(max);
    expect(floorToFloat(2n ** 200n, format)).toBe(max);
  });

  test.each([AMOUNT_FLOAT, FEE_FLOAT])('rejects a negative $name as OUT_OF_RANGE', (format: FloatFormat) => {
    expect(thrown(() => floorToFloat(-1n, format))?.code).toBe('OUT_OF_RANGE');
    expect(isRepresentable(-1n, format)).toBe(false);
  });
});
