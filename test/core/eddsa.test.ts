import { readFileSync } from 'node:fs';
import { babyjubjub } from '@noble/curves/misc.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { blake512 } from '@noble/hashes/blake1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
// @ts-expect-error circomlibjs ships no type declarations; it is only the test oracle here
import { buildEddsa } from 'circomlibjs';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  derivePublicKey,
  randomPrivateKey,
  signPoseidon,
  verifyPoseidon,
  type PublicKey,
  type Signature,
} from '../../core/eddsa.js';
import { FIELD_MODULUS, SUBGROUP_ORDER } from '../../core/field.js';
import { poseidon } from '../../core/poseidon.js';
import { thrownCode } from '../fixtures/errors.js';

/** test/vectors/eddsa.json is written by scripts/gen-vectors.ts from circomlibjs, not from core. */
interface EddsaVectors {
  keys: Array<{
    privateKey: string;
    publicKey: { ax: string; ay: string };
    signatures: Array<{ message: string; r8x: string; r8y: string; s: string }>;
  }>;
}
const vectors = JSON.parse(readFileSync(new URL('../vectors/eddsa.json', import.meta.url), 'utf8')) as EddsaVectors;

const R = FIELD_MODULUS;
const L = SUBGROUP_ORDER;

const keyCases = vectors.keys.map((k) => ({
  privateKey: hexToBytes(k.privateKey),
  publicKey: { ax: BigInt(k.publicKey.ax), ay: BigInt(k.publicKey.ay) },
  signatures: k.signatures.map((s) => ({
    message: BigInt(s.message),
    signature: { r8x: BigInt(s.r8x), r8y: BigInt(s.r8y), s: BigInt(s.s) },
  })),
}));
const signatureCases = keyCases.flatMap((k, i) =>
  k.signatures.map((s) => ({ key: i, message: s.message, privateKey: k.privateKey, publicKey: k.publicKey, expected: s.signature })),
);

/** The signer's secret scalar s (circomlibjs: pruned low half of blake512(privateKey), little-endian). */
function secretScalar(privateKey: Uint8Array): bigint {
  const head = blake512(privateKey).slice(0, 32);
  head[0]! &= 0xf8;
  head[31] = (head[31]! & 0x7f) | 0x40;
  return bytesToNumberLE(head);
}

/** Bytes from a seeded xorshift so a failing live case can be replayed. */
function seededBytes(seed: number, length: number): Uint8Array {
  let x = seed >>> 0 || 1;
  return Uint8Array.from({ length }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) & 0xff;
  });
}

describe('derivePublicKey', () => {
  test.each(keyCases.map((k, i) => [i, k] as const))('matches circomlibjs prv2pub for vector key %i', (_i, k) => {
    expect(derivePublicKey(k.privateKey)).toEqual(k.publicKey);
  });

  test.each([0, 31, 33, 64])('rejects a %i-byte private key with INVALID_KEY', (length) => {
    expect(thrownCode(() => derivePublicKey(new Uint8Array(length)))).toBe('INVALID_KEY');
  });
});

describe('signPoseidon', () => {
  test.each(signatureCases.map((c) => [c.key, c.message, c] as const))(
    'matches circomlibjs signPoseidon for key %i, message %s',
    (_key, message, c) => {
      expect(signPoseidon(c.privateKey, message)).toEqual(c.expected);
    },
  );

  test('the vectors include the signature circomlib\'s EdDSAPoseidonVerifier circuit test accepts', () => {
    // circomlibjs' own test key (000102..0809000102..0001) on message 1234: the valid witness that
    // circuit test suites built on circomlib's EdDSAPoseidonVerifier use.
    const k = keyCases[1]!;
    expect(k.publicKey.ax).toBe(13277427435165878497778222415993513565335242147425444199013288855685581939618n);
    expect(signPoseidon(k.privateKey, 1234n)).toEqual({
      r8x: 11220723668893468001994760120794694848178115379170651044669708829805665054484n,
      r8y: 2367470421002446880004241260470975644531657398480773647535134774673409612366n,
      s: 2010143491207902444122668013146870263468969134090678646686512037244361350365n,
    });
  });

  test('rejects a message outside the field with NOT_IN_FIELD', () => {
    expect(thrownCode(() => signPoseidon(keyCases[0]!.privateKey, R))).toBe('NOT_IN_FIELD');
    expect(thrownCode(() => signPoseidon(keyCases[0]!.privateKey, -1n))).toBe('NOT_IN_FIELD');
  });

  test('rejects a 31-byte private key with INVALID_KEY', () => {
    expect(thrownCode(() => signPoseidon(new Uint8Array(31), 1n))).toBe('INVALID_KEY');
  });

  test('signs with a fresh random key so that the signature verifies', () => {
    const privateKey = randomPrivateKey();
    expect(privateKey).toHaveLength(32);
    expect(randomPrivateKey()).not.toEqual(privateKey);
    const message = 42n;
    expect(verifyPoseidon(message, signPoseidon(privateKey, message), derivePublicKey(privateKey))).toBe(true);
  });
});

describe('verifyPoseidon', () => {
  test.each(signatureCases.map((c) => [c.key, c.message, c] as const))(
    'accepts the circomlibjs signature for key %i, message %s',
    (_key, message, c) => {
      expect(verifyPoseidon(message, c.expected, c.publicKey)).toBe(true);
    },
  );

  const valid = signatureCases.find((c) => c.key === 1 && c.message === 1234n)!;
  const other = keyCases[3]!;
  type Tamper = { message?: bigint; signature?: Partial<Signature>; publicKey?: PublicKey };
  const tampered: Array<[string, Tamper]> = [
    ['a tampered message', { message: valid.message + 1n }],
    ['the same message plus r (not a canonical field element)', { message: valid.message + R }],
    ['a negative message', { message: -1n }],
    ['S + 1', { signature: { s: valid.expected.s + 1n } }],
    ['S + l, which satisfies the curve equation but not S < l', { signature: { s: valid.expected.s + L } }],
    ['a negative S', { signature: { s: valid.expected.s - L } }],
    ['R8 off the curve', { signature: { r8x: valid.expected.r8x + 1n } }],
    ['R8 with a non-canonical coordinate (x + r)', { signature: { r8x: valid.expected.r8x + R } }],
    ['A off the curve', { publicKey: { ax: valid.publicKey.ax + 1n, ay: valid.publicKey.ay } }],
    ['A with a non-canonical coordinate (y + r)', { publicKey: { ax: valid.publicKey.ax, ay: valid.publicKey.ay + R } }],
    ['A negated', { publicKey: { ax: R - valid.publicKey.ax, ay: valid.publicKey.ay } }],
    ['A of order two', { publicKey: { ax: 0n, ay: R - 1n } }],
    ['another account\'s key', { publicKey: other.publicKey }],
    ['R8 and S of another signature', { signature: other.signatures[0]!.signature }],
  ];

  test.each(tampered)('rejects %s', (_name, t) => {
    const signature = { ...valid.expected, ...t.signature };
    expect(verifyPoseidon(t.message ?? valid.message, signature, t.publicKey ?? valid.publicKey)).toBe(false);
  });

  test('returns false rather than throwing for values of any size or sign', () => {
    const huge = 1n << 300n;
    const weird = [-huge, -1n, 0n, R, huge];
    for (const v of weird) {
      expect(verifyPoseidon(v, { r8x: v, r8y: v, s: v }, { ax: v, ay: v })).toBe(false);
      expect(verifyPoseidon(valid.message, { ...valid.expected, r8y: v }, valid.publicKey)).toBe(false);
      expect(verifyPoseidon(valid.message, valid.expected, { ax: v, ay: valid.publicKey.ay })).toBe(false);
    }
  });
});

describe('agreement with circomlibjs', () => {
  interface Field {
    e(x: bigint): unknown;
    toObject(x: unknown): bigint;
  }
  interface CircomlibSignature {
    R8: [unknown, unknown];
    S: bigint;
  }
  let circomlib: {
    babyJub: { F: Field; Base8: [unknown, unknown]; subOrder: bigint; p: bigint };
    prv2pub(prv: Uint8Array): [unknown, unknown];
    signPoseidon(prv: Uint8Array, msg: unknown): CircomlibSignature;
    verifyPoseidon(msg: unknown, sig: CircomlibSignature, A: [unknown, unknown]): boolean;
  };
  beforeAll(async () => {
    circomlib = await buildEddsa();
  });

  test('uses circomlib\'s Base8, subgroup order and field', () => {
    const { F, Base8, subOrder, p } = circomlib.babyJub;
    const base = babyjubjub.Point.BASE.toAffine();
    expect([base.x, base.y]).toEqual([F.toObject(Base8[0]), F.toObject(Base8[1])]);
    expect(SUBGROUP_ORDER).toBe(subOrder);
    expect(FIELD_MODULUS).toBe(p);
  });

  // circomlibjs signs about 20 times a second, so only a few live cases.
  test.each([1, 2, 3])('signs and verifies like circomlibjs for seeded random key %i', (seed) => {
    const { F } = circomlib.babyJub;
    const privateKey = seededBytes(seed, 32);
    const message = bytesToNumberBE(seededBytes(seed + 100, 32)) % R;
    const A = circomlib.prv2pub(privateKey);
    const publicKey = derivePublicKey(privateKey);
    expect(publicKey).toEqual({ ax: F.toObject(A[0]), ay: F.toObject(A[1]) });

    const theirs = circomlib.signPoseidon(privateKey, F.e(message));
    const ours = signPoseidon(privateKey, message);
    expect(ours).toEqual({ r8x: F.toObject(theirs.R8[0]), r8y: F.toObject(theirs.R8[1]), s: theirs.S });
    expect(verifyPoseidon(message, ours, publicKey)).toBe(true);

    const forged = { R8: theirs.R8, S: (theirs.S + 1n) % L };
    expect(circomlib.verifyPoseidon(F.e(message), forged, A)).toBe(false);
    expect(verifyPoseidon(message, { ...ours, s: forged.S }, publicKey)).toBe(false);
  });

  // Each of these satisfies S * Base8 == R8 + 8 * hm * A; only the extra checks refuse them.
  const forgeries: Array<[string, boolean, () => { message: bigint; signature: Signature; publicKey: PublicKey }]> = [
    ['S + l', false, () => {
      const { message, expected, publicKey } = signatureCases[0]!;
      return { message, signature: { ...expected, s: expected.s + L }, publicKey };
    }],
    ['any R8 = S * Base8 under the identity as public key (the circuit refuses it)', true, () => {
      const { x, y } = babyjubjub.Point.BASE.multiply(5n).toAffine();
      return { message: 7n, signature: { r8x: x, r8y: y, s: 5n }, publicKey: { ax: 0n, ay: 1n } };
    }],
    ['R8 = identity with S = hm * s, made with the private key', true, () => {
      const { privateKey, publicKey } = keyCases[2]!;
      const message = 99n;
      const hm = poseidon([0n, 1n, publicKey.ax, publicKey.ay, message]);
      return { message, signature: { r8x: 0n, r8y: 1n, s: (hm * secretScalar(privateKey)) % L }, publicKey };
    }],
  ];

  test.each(forgeries)('rejects a forgery with %s (circomlibjs accepts: %s)', (_name, circomlibAccepts, make) => {
    const { message, signature, publicKey } = make();
    const { F } = circomlib.babyJub;
    const A: [unknown, unknown] = [F.e(publicKey.ax), F.e(publicKey.ay)];
    const sig = { R8: [F.e(signature.r8x), F.e(signature.r8y)] as [unknown, unknown], S: signature.s };
    expect(circomlib.verifyPoseidon(F.e(message), sig, A)).toBe(circomlibAccepts);
    expect(verifyPoseidon(message, signature, publicKey)).toBe(false);
  });
});
