import { AMOUNT_FLOAT_BITS, FEE_FLOAT_BITS, FLOAT_EXPONENT_BITS } from './constants.js';
import { ModuloError } from './errors.js';

/**
 * Decimal floats for L2 amounts and fees (docs/protocol.md §4): value = mantissa * 10^exponent, the
 * exponent in the top FLOAT_EXPONENT_BITS bits, the mantissa below.
 */
export interface FloatFormat {
  readonly name: 'amountFloat' | 'feeFloat';
  readonly bits: number;
  readonly mantissaBits: number;
}

export const AMOUNT_FLOAT: FloatFormat = {
  name: 'amountFloat',
  bits: AMOUNT_FLOAT_BITS,
  mantissaBits: AMOUNT_FLOAT_BITS - FLOAT_EXPONENT_BITS,
};
export const FEE_FLOAT: FloatFormat = {
  name: 'feeFloat',
  bits: FEE_FLOAT_BITS,
  mantissaBits: FEE_FLOAT_BITS - FLOAT_EXPONENT_BITS,
};

const MAX_EXPONENT = (1 << FLOAT_EXPONENT_BITS) - 1;

function maxMantissa(format: FloatFormat): bigint {
  return (1n << BigInt(format.mantissaBits)) - 1n;
}

/** The value of an encoded float; any bit pattern of the format's width is valid. */
export function decodeFloat(encoded: number, format: FloatFormat): bigint {
  if (!Number.isInteger(encoded) || encoded < 0 || encoded >= 2 ** format.bits) {
    throw new ModuloError('OUT_OF_RANGE', `${format.name} ${encoded} is not a ${format.bits}-bit value`);
  }
  const mantissa = BigInt(encoded % 2 ** format.mantissaBits);
  const exponent = Math.floor(encoded / 2 ** format.mantissaBits);
  return mantissa * 10n ** BigInt(exponent);
}

/** Encodes `value` exactly with the smallest exponent, or throws NOT_REPRESENTABLE. */
export function encodeFloat(value: bigint, format: FloatFormat): number {
  if (value < 0n) throw new ModuloError('OUT_OF_RANGE', `${format.name}: negative value ${value}`);
  let mantissa = value;
  let exponent = 0;
  while (mantissa > maxMantissa(format) && mantissa % 10n === 0n && exponent < MAX_EXPONENT) {
    mantissa /= 10n;
    exponent += 1;
  }
  if (mantissa > maxMantissa(format)) {
    throw new ModuloError('NOT_REPRESENTABLE', `${value} is not representable as ${format.name}`, {
      value: value.toString(),
      nearestBelow: floorToFloat(value, format).toString(),
    });
  }
  return exponent * 2 ** format.mantissaBits + Number(mantissa);
}

/** The largest representable value not above `value` (what a wallet offers instead of an exact amount). */
export function floorToFloat(value: bigint, format: FloatFormat): bigint {
  if (value < 0n) throw new ModuloError('OUT_OF_RANGE', `${format.name}: negative value ${value}`);
  const max = maxMantissa(format);
  // At the first exponent whose truncated mantissa fits, the best is that truncation or a full
  // mantissa one exponent below (which is below `value` because its mantissa did not fit there).
  for (let exponent = 0, scale = 1n; exponent <= MAX_EXPONENT; exponent += 1, scale *= 10n) {
    const mantissa = value / scale;
    if (mantissa <= max) {
      const truncated = mantissa * scale;
      const fullBelow = exponent === 0 ? 0n : (max * scale) / 10n;
      return truncated > fullBelow ? truncated : fullBelow;
    }
  }
  return max * 10n ** BigInt(MAX_EXPONENT);
}

export function isRepresentable(value: bigint, format: FloatFormat): boolean {
  return value >= 0n && floorToFloat(value, format) === value;
}
