import { formatUnits, parseUnits } from 'ethers';
import { AMOUNT_FLOAT, FEE_FLOAT, floorToFloat, isRepresentable } from '../core/float.js';
import { ModuloError } from '../core/errors.js';

/**
 * Amounts in human units ("1.5" of an 18-decimal token) and the L2 float rule (docs/protocol.md §4): an L2
 * amount keeps 5-6 significant digits (mantissa < 2^19, times a power of ten), a fee one digit (1-7, times a
 * power of ten). L1 amounts (deposits) are exact.
 */

/** "1.5" with 18 decimals -> 1500000000000000000n; refuses signs, exponents and excess decimals. */
export function parseAmount(text: string, decimals: number): bigint {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new ModuloError('BAD_AMOUNT', `"${text}" is not an amount (digits with an optional decimal point)`);
  const fraction = text.split('.')[1] ?? '';
  if (fraction.length > decimals) {
    throw new ModuloError('BAD_AMOUNT', `"${text}" has ${fraction.length} decimals; this token has ${decimals}`);
  }
  return parseUnits(text, decimals);
}

/** 1500000000000000000n with 18 decimals -> "1.5". */
export function formatAmount(value: bigint, decimals: number): string {
  const s = formatUnits(value, decimals);
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

export interface L2Amount {
  /** What will be signed: the largest representable amount not above the request. */
  readonly amount: bigint;
  readonly requested: bigint;
  readonly rounded: boolean;
}

/** Rounds an L2 amount down to a representable float (core's floorToFloat). */
export function l2Amount(requested: bigint): L2Amount {
  const amount = floorToFloat(requested, AMOUNT_FLOAT);
  return { amount, requested, rounded: amount !== requested };
}

/** The smallest representable fee not below `minFee` (fees round up: a fee below the minimum is refused). */
export function feeAtLeast(minFee: bigint): bigint {
  if (isRepresentable(minFee, FEE_FLOAT)) return minFee;
  const max = (1n << BigInt(FEE_FLOAT.mantissaBits)) - 1n;
  for (let scale = 1n; ; scale *= 10n) {
    const mantissa = (minFee + scale - 1n) / scale;
    if (mantissa <= max) return mantissa * scale;
  }
}

/** A fee given by the user, which must be representable exactly (a fee is never rounded silently). */
export function exactFee(fee: bigint, decimals: number): bigint {
  if (!isRepresentable(fee, FEE_FLOAT)) {
    const up = feeAtLeast(fee);
    throw new ModuloError('NOT_REPRESENTABLE', `a fee is one digit (1-7) times a power of ten; ${formatAmount(fee, decimals)} is not: use ${formatAmount(floorToFloat(fee, FEE_FLOAT), decimals)} or ${formatAmount(up, decimals)}`);
  }
  return fee;
}
