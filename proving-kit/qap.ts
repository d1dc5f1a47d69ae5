import type { Curve } from './ffjs.js';
import { forEachTerm, domainPower, type R1cs } from './r1cs-file.js';
import { WasmArena } from './wasm-arena.js';
import { ModuloError } from '../core/errors.js';

/** The secret scalars of a Groth16 setup, plain 32-byte little-endian, each in [1, r). */
export interface ToxicWaste {
  readonly tau: Uint8Array;
  readonly alpha: Uint8Array;
  readonly beta: Uint8Array;
  readonly gamma: Uint8Array;
  readonly delta: Uint8Array;
}

/**
 * The scalar behind every point of a .zkey, plain 32-byte little-endian each, in the order of its
 * section: the points are these times the generator. With u_i, v_i, w_i the QAP polynomials of wire i
 * (A, B, C columns interpolated over the domain, plus snarkjs' extra row per public wire):
 *   a[i] = u_i(τ)   b[i] = v_i(τ)   ic[i] = (β u_i(τ) + α v_i(τ) + w_i(τ)) / γ  for public i (and wire 0)
 *   c[i] = (β u_i(τ) + α v_i(τ) + w_i(τ)) / δ for the private wires
 *   h[j] = L'_{2j+1}(τ) / δ with L' the Lagrange basis of the domain of size 2n: snarkjs' prover evaluates
 *   A·B − C on the odd points of that domain (a coset), where Σ (AB−C)(ω'^{2j+1}) L'_{2j+1}(τ) = h(τ) Z(τ).
 */
export interface QapScalars {
  readonly power: number;
  readonly domainSize: number;
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly c: Uint8Array;
  readonly ic: Uint8Array;
  readonly h: Uint8Array;
}

/**
 * Evaluates the circuit's QAP at τ in O(terms + domain) field operations: Lagrange basis values for the
 * domain at τ (one batch inversion), then one multiply-add per r1cs term. Runs on a single-thread curve.
 */
export function evaluateQap(curve: Curve, r1cs: R1cs, toxic: ToxicWaste): QapScalars {
  const power = domainPower(r1cs);
  if (power + 1 > curve.Fr.s) throw new ModuloError('CIRCUIT_TOO_LARGE', `domain 2^${power} too large for BN254 (needs 2^${power + 1} roots)`, { power });
  const n = 2 ** power;
  const arena = new WasmArena(curve, (2 * n + 2) * 32);
  try {
    const { fr } = arena;
    const [tau, alpha, beta, gammaInv, deltaInv] = (['tau', 'alpha', 'beta', 'gamma', 'delta'] as const).map((k) => arena.loadFr(toxic[k]));
    fr.inverse(gammaInv!, gammaInv!);
    fr.inverse(deltaInv!, deltaInv!);
    const [u, v, w] = columnsAtTau(arena, r1cs, lagrangeAtTau(arena, tau!, power, 0, 1, n));

    // k[i] = β u_i + α v_i + w_i, scaled by 1/γ (public) or 1/δ (private), in place of w.
    const tmp = arena.alloc(32);
    for (let s = 0; s < r1cs.nVars; s++) {
      const k = w + 32 * s;
      fr.mul(beta!, u + 32 * s, tmp);
      fr.add(k, tmp, k);
      fr.mul(alpha!, v + 32 * s, tmp);
      fr.add(k, tmp, k);
      fr.mul(k, s <= r1cs.nPublic ? gammaInv! : deltaInv!, k);
    }

    const h = lagrangeAtTau(arena, tau!, power + 1, 1, 2, n);
    for (let j = 0; j < n; j++) fr.mul(h + 32 * j, deltaInv!, h + 32 * j);

    const nIc = r1cs.nPublic + 1;
    return {
      power,
      domainSize: n,
      a: arena.readFr(u, r1cs.nVars),
      b: arena.readFr(v, r1cs.nVars),
      ic: arena.readFr(w, nIc),
      c: arena.readFr(w + 32 * nIc, r1cs.nVars - nIc),
      h: arena.readFr(h, n),
    };
  } finally {
    arena.wipe();
  }
}

/**
 * u_i(τ), v_i(τ), w_i(τ) for every wire: Σ over the terms of column i of coefficient · L_row(τ), plus
 * snarkjs' extra row per public wire (and wire 0): A = that wire, B = C = 0.
 */
function columnsAtTau(arena: WasmArena, r1cs: R1cs, lagrange: number): [number, number, number] {
  const { fr } = arena;
  const acc = [0, 1, 2].map(() => arena.alloc(r1cs.nVars * 32)) as [number, number, number];
  const coef = arena.alloc(32);
  const { u8 } = arena;
  const cs = r1cs.constraints;
  forEachTerm(r1cs, (m, constraint, wire, off) => {
    u8.set(cs.subarray(off, off + 32), coef);
    fr.toMont(coef, coef);
    fr.mul(coef, lagrange + 32 * constraint, coef);
    fr.add(acc[m] + 32 * wire, coef, acc[m] + 32 * wire);
  });
  for (let s = 0; s <= r1cs.nPublic; s++) {
    fr.add(acc[0] + 32 * s, lagrange + 32 * (r1cs.nConstraints + s), acc[0] + 32 * s);
  }
  return acc;
}

/**
 * L_j(τ) for j = first, first + step, … (count values) in the Lagrange basis of the domain of size
 * m = 2^power with snarkjs' root ω = Fr.w[power]:  L_j(τ) = (τ^m − 1)/m · ω^j / (τ − ω^j).
 * Throws if τ lies in the domain (probability ~2^-230 for a random τ).
 */
function lagrangeAtTau(arena: WasmArena, tau: number, power: number, first: number, step: number, count: number): number {
  const { fr, curve } = arena;
  const [z, w, ratio, t] = [0, 1, 2, 3].map(() => arena.alloc(32)) as [number, number, number, number];
  const points = arena.alloc(count * 32);
  const diffs = arena.alloc(count * 32);
  const inverses = arena.alloc(count * 32);
  const { u8 } = arena;

  // z = (τ^m − 1) / m
  u8.set(curve.Fr.e(1), t);
  u8.copyWithin(z, tau, tau + 32);
  for (let i = 0; i < power; i++) fr.square(z, z);
  fr.sub(z, t, z);
  if (fr.isZero(z)) throw new Error('invariant: τ lies in the evaluation domain (probability ~2^-230); draw new randomness');
  u8.set(curve.Fr.e(2 ** power), t);
  fr.inverse(t, t);
  fr.mul(z, t, z);

  // points[i] = ω^(first + i·step); diffs[i] = τ − points[i]
  const root = curve.Fr.w[power];
  if (!root) throw new Error(`invariant: no 2^${power}-th root of unity (the domain size was checked above)`);
  u8.set(root, w);
  u8.set(curve.Fr.e(1), ratio);
  for (let i = 0; i < step; i++) fr.mul(ratio, w, ratio);
  u8.set(curve.Fr.e(1), points);
  for (let i = 0; i < first; i++) fr.mul(points, w, points);
  for (let i = 1; i < count; i++) fr.mul(points + 32 * (i - 1), ratio, points + 32 * i);
  for (let i = 0; i < count; i++) fr.sub(tau, points + 32 * i, diffs + 32 * i);
  arena.batchInverse(diffs, 32, count, inverses, 32);
  for (let i = 0; i < count; i++) {
    const p = points + 32 * i;
    fr.mul(p, inverses + 32 * i, p);
    fr.mul(p, z, p);
  }
  return points;
}
