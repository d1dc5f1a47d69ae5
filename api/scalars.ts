import Type from 'typebox';
import { toBytesBE, toHex } from '../core/bits.js';
import { assertField } from '../core/field.js';

/**
 * The scalars of the wire: integers as decimal strings (JSON numbers lose precision above 2^53, and a
 * number where a string is required is refused, never coerced), hashes and byte strings as 0x hex.
 */

/** A decimal string of at most `digits` digits, no sign, no leading zero. */
export function decimal(digits: number, description?: string) {
  return Type.String({ pattern: `^(0|[1-9][0-9]{0,${digits - 1}})$`, ...(description ? { description } : {}) });
}

export const Idx = decimal(10, 'account index');
export const Field = decimal(78, 'field element');
export const Amount = decimal(39, 'base units');
export const Nonce = decimal(13);
export const TokenId = decimal(10);
/** 32 bytes: the API's own hashes are lower case, a path parameter may be either. */
export const Hash = Type.String({ pattern: '^0x[0-9a-fA-F]{64}$' });
export const Hex = Type.String({ pattern: '^0x([0-9a-f]{2})*$' });
export const Address = Type.String({ pattern: '^0x[0-9a-f]{40}$' });

/** `integer | null` as one JSON type list (not an anyOf), as the OpenAPI document has always said it. */
export const NullableInt = Type.Unsafe<number | null>({ type: ['integer', 'null'] });
export const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });

/** A string of a fixed set, as `{ type: 'string', enum }`. */
export function stringEnum<const T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
}

/** An object the API passes through as it is (no schema of its own). */
export function anyObject(description?: string) {
  return Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, ...(description ? { description } : {}) });
}

/**
 * A wire `Field` as a bigint: the schema bounds it to 78 digits, this to [0, r) (NOT_IN_FIELD, never
 * reduced, never passed on to fail later as something else).
 */
export function fieldFromWire(value: string, what: string): bigint {
  const x = BigInt(value);
  assertField(x, what);
  return x;
}

export function hashHex(hash: bigint): string {
  return toHex(toBytesBE(hash, 32));
}

export function addressHex(address: bigint): string {
  return toHex(toBytesBE(address, 20));
}
