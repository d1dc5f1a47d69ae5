import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { bytesToHex, concatBytes as concat, hexToBytes } from '@noble/hashes/utils.js';
import { ModuloError } from './errors.js';

/** Throws OUT_OF_RANGE unless 0 <= value < 2^bits. */
export function assertBits(value: bigint, bits: number, what: string): void {
  if (typeof value !== 'bigint' || value < 0n || value >> BigInt(bits) !== 0n) {
    throw new ModuloError('OUT_OF_RANGE', `${what} must be an integer in [0, 2^${bits}), got ${String(value)}`, {
      field: what,
      value: String(value),
      bits,
    });
  }
}

/**
 * Packs fields into one integer, the first in the lowest bits: `[[a, A], [b, B], [c, C]]` is
 * a | b << A | c << (A + B), the layouts of docs/protocol.md. The caller range-checks each value to its width.
 */
export function packFields(fields: ReadonlyArray<readonly [value: bigint, bits: number]>): bigint {
  let packed = 0n;
  let at = 0n;
  for (const [value, bits] of fields) {
    packed |= value << at;
    at += BigInt(bits);
  }
  return packed;
}

/** Big-endian bytes of `value` in exactly `width` bytes; OUT_OF_RANGE unless it fits. */
export function toBytesBE(value: bigint, width: number): Uint8Array {
  assertBits(value, width * 8, 'value');
  return width === 0 ? new Uint8Array(0) : numberToBytesBE(value, width);
}

export function fromBytesBE(bytes: Uint8Array): bigint {
  return bytesToNumberBE(bytes);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  return concat(...parts);
}

export function toHex(bytes: Uint8Array): `0x${string}` {
  return `0x${bytesToHex(bytes)}`;
}

/** The bytes of a 0x-prefixed hex string (even length); MALFORMED otherwise. */
export function fromHex(hex: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new ModuloError('MALFORMED', `not a 0x-prefixed hex string: ${hex}`);
  return hexToBytes(hex.slice(2));
}
