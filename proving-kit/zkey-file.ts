import { createHash, randomBytes } from 'node:crypto';
import { numberToBytesLE } from '@noble/curves/utils.js';
import { BinFileWriter, u32le } from './binfile.js';
import { ffjavascript, type ChaChaRng, type Curve, type Elem } from './ffjs.js';
import { forEachTerm, type R1cs } from './r1cs-file.js';
import { WasmArena } from './wasm-arena.js';

/**
 * The Groth16 .zkey layout of snarkjs 0.7 (zkey_utils.js), which rapidsnark reads too. Sections:
 *  1 protocol (1 = Groth16)   2 header: q, r, nVars, nPublic, domainSize, α₁ β₁ β₂ γ₂ δ₁ δ₂
 *  3 IC   4 coefficients of A and B   5 A   6 B₁   7 B₂   8 C (private wires)   9 H   10 MPC transcript
 * Points are affine, Montgomery, little-endian (infinity = zeros); the ids below are snarkjs'.
 */
export const ZKEY_SECTION = { protocol: 1, header: 2, ic: 3, coefs: 4, a: 5, b1: 6, b2: 7, c: 8, h: 9, mpc: 10 } as const;

export interface ZkeyHeader {
  readonly alpha1: Uint8Array;
  readonly beta1: Uint8Array;
  readonly beta2: Uint8Array;
  readonly gamma2: Uint8Array;
  readonly delta1: Uint8Array;
  readonly delta2: Uint8Array;
}

export interface ZkeyContents {
  /** The base field modulus (BN254's q). */
  readonly q: bigint;
  readonly r1cs: R1cs;
  readonly domainSize: number;
  readonly header: ZkeyHeader;
  readonly coefs: Uint8Array;
  readonly ic: Uint8Array;
  readonly a: Uint8Array;
  readonly b1: Uint8Array;
  readonly b2: Uint8Array;
  readonly c: Uint8Array;
  readonly h: Uint8Array;
  readonly mpc: Uint8Array;
}

/** Writes the sections in id order, as a key after `snarkjs zkey contribute` has them. */
export function writeZkey(path: string, z: ZkeyContents): void {
  const out = new BinFileWriter(path, 'zkey', 1, 10);
  const S = ZKEY_SECTION;
  out.writeSection(S.protocol, [u32le(1)]);
  const { header: hd, r1cs } = z;
  out.writeSection(S.header, [
    u32le(32), numberToBytesLE(z.q, 32), u32le(32), numberToBytesLE(r1cs.prime, 32),
    u32le(r1cs.nVars), u32le(r1cs.nPublic), u32le(z.domainSize),
    hd.alpha1, hd.beta1, hd.beta2, hd.gamma2, hd.delta1, hd.delta2,
  ]);
  out.writeSection(S.ic, [z.ic]);
  out.writeSection(S.coefs, [z.coefs]);
  out.writeSection(S.a, [z.a]);
  out.writeSection(S.b1, [z.b1]);
  out.writeSection(S.b2, [z.b2]);
  out.writeSection(S.c, [z.c]);
  out.writeSection(S.h, [z.h]);
  out.writeSection(S.mpc, [z.mpc]);
  out.close();
}

/**
 * Section 4, byte for byte as zkey_new.js writes it: every A then B term of each constraint in r1cs order,
 * then one A term of value 1 per public wire (and wire 0) on the extra rows; each as u32 matrix, u32
 * constraint, u32 wire, value·R² mod r (R = 2^256) so that the prover's Montgomery product lands in form.
 */
export function coefficientSection(curve: Curve, r1cs: R1cs): Uint8Array {
  let count = r1cs.nPublic + 1;
  forEachTerm(r1cs, (m) => {
    if (m < 2) count++;
  });
  const out = new Uint8Array(4 + count * 44);
  const view = new DataView(out.buffer);
  view.setUint32(0, count, true);
  const arena = new WasmArena(curve);
  const tmp = arena.alloc(32);
  const { u8, fr } = arena;
  let pos = 4;
  const push = (m: number, constraint: number, wire: number, value: Uint8Array) => {
    view.setUint32(pos, m, true);
    view.setUint32(pos + 4, constraint, true);
    view.setUint32(pos + 8, wire, true);
    u8.set(value, tmp);
    fr.toMont(tmp, tmp);
    fr.toMont(tmp, tmp);
    out.set(u8.subarray(tmp, tmp + 32), pos + 12);
    pos += 44;
  };
  const cs = r1cs.constraints;
  forEachTerm(r1cs, (m, constraint, wire, off) => {
    if (m < 2) push(m, constraint, wire, cs.subarray(off, off + 32));
  });
  const one = numberToBytesLE(1n, 32);
  for (let s = 0; s <= r1cs.nPublic; s++) push(0, r1cs.nConstraints + s, s, one);
  arena.wipe();
  return out;
}

export function pointLem(curve: Curve, group: 'G1' | 'G2', p: Elem): Uint8Array {
  const G = curve[group];
  const out = new Uint8Array(G.F.n8 * 2);
  G.toRprLEM(out, 0, p);
  return out;
}

/**
 * Section 10 as zkey_utils.writeMPCParams writes it: a 64-byte circuit hash and the contributions. A
 * direct setup has no phase-1 transcript, so the hash is zero and the one "contribution" records δ with
 * snarkjs' proof of knowledge (g1_s, g1_sx = δ·g1_s, g2_spx = δ·hashToG2(transcript)) under `name`.
 */
export function mpcSection(curve: Curve, delta: Uint8Array, name: string): Uint8Array {
  const { G1, G2 } = curve;
  const csHash = new Uint8Array(64);
  const g1s = G1.toAffine(G1.fromRng(chacha(randomBytes(32))));
  const g1sx = G1.toAffine(G1.timesScalar(g1s, delta));
  const uncompressed = (p: Elem) => {
    const b = new Uint8Array(64);
    G1.toRprUncompressed(b, 0, p);
    return b;
  };
  const transcript = createHash('blake2b512').update(csHash).update(uncompressed(g1s)).update(uncompressed(g1sx)).digest();
  const g2sp = G2.fromRng(chacha(transcript)); // snarkjs' hashToG2
  const g2spx = G2.toAffine(G2.timesScalar(g2sp, delta));
  const deltaAfter = G1.toAffine(G1.timesScalar(G1.g, delta));
  const nameBytes = new TextEncoder().encode(name.slice(0, 64));
  const params = Uint8Array.from([1, nameBytes.byteLength, ...nameBytes]);
  return Buffer.concat([
    csHash, u32le(1),
    pointLem(curve, 'G1', deltaAfter), pointLem(curve, 'G1', g1s), pointLem(curve, 'G1', g1sx), pointLem(curve, 'G2', g2spx),
    transcript, u32le(0), u32le(params.byteLength), params,
  ]);
}

/** ffjavascript's ChaCha seeded as snarkjs seeds it: the first 32 bytes as eight big-endian u32. */
export function chacha(seed: Uint8Array): ChaChaRng {
  const view = new DataView(seed.buffer, seed.byteOffset, 32);
  return new ffjavascript.ChaCha(Array.from({ length: 8 }, (_, i) => view.getUint32(i * 4)));
}
