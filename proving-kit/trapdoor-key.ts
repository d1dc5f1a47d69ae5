import { createHash } from 'node:crypto';
import { bn254 } from '@noble/curves/bn254.js';
import type { VerificationKey } from './ffjs.js';

/**
 * A Groth16 verification key whose secrets (α, β, γ, δ and the IC scalars) are known, so that a valid proof
 * can be made for ANY public input without a circuit: A = a·G1, B = b·G2, C = c·G1 with
 * a·b = α·β + (ic0 + x·ic1)·γ + c·δ. Its verifier is generated exactly as a real one (same template, same
 * code, other constants), so it stands in for a circuit that cannot be proven here: a second circuit size in
 * contract tests, prod-size batches in the gas benchmark. Never a key for anything else.
 */

const R = bn254.fields.Fr.ORDER;
const G1 = bn254.G1.Point.BASE;
const G2 = bn254.G2.Point.BASE;

export interface TrapdoorProof {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
}

export interface TrapdoorKey {
  readonly vk: VerificationKey;
  /** A proof that the key's verifier accepts for `publicInput` (< r). */
  prove(publicInput: bigint): TrapdoorProof;
}

function scalar(seed: string, label: string): bigint {
  const digest = createHash('sha256').update(`${seed}/${label}`).digest('hex');
  return (BigInt(`0x${digest}`) % (R - 1n)) + 1n;
}

function inverse(v: bigint): bigint {
  return bn254.fields.Fr.inv(v);
}

type G1Point = ReturnType<typeof G1.multiply>;
type G2Point = ReturnType<typeof G2.multiply>;

function g1Json(p: G1Point): string[] {
  const { x, y } = p.toAffine();
  return [x.toString(), y.toString(), '1'];
}

function g2Json(p: G2Point): string[][] {
  const { x, y } = p.toAffine();
  return [[x.c0.toString(), x.c1.toString()], [y.c0.toString(), y.c1.toString()], ['1', '0']];
}

/** Deterministic in `seed`, so its verifier's code is the same on every run. */
export function trapdoorKey(seed: string): TrapdoorKey {
  const [alpha, beta, gamma, delta, ic0, ic1] = ['alpha', 'beta', 'gamma', 'delta', 'ic0', 'ic1'].map((l) => scalar(seed, l)) as [bigint, bigint, bigint, bigint, bigint, bigint];
  const vk: VerificationKey = {
    protocol: 'groth16',
    curve: 'bn128',
    nPublic: 1,
    vk_alpha_1: g1Json(G1.multiply(alpha)) as VerificationKey['vk_alpha_1'],
    vk_beta_2: g2Json(G2.multiply(beta)) as VerificationKey['vk_beta_2'],
    vk_gamma_2: g2Json(G2.multiply(gamma)) as VerificationKey['vk_gamma_2'],
    vk_delta_2: g2Json(G2.multiply(delta)) as VerificationKey['vk_delta_2'],
    IC: [g1Json(G1.multiply(ic0)), g1Json(G1.multiply(ic1))] as VerificationKey['IC'],
  };
  const prove = (publicInput: bigint): TrapdoorProof => {
    const a = scalar(seed, `a/${publicInput}`);
    const c = scalar(seed, `c/${publicInput}`);
    const vkx = (ic0 + publicInput * ic1) % R;
    const b = (((alpha * beta + vkx * gamma + c * delta) % R) * inverse(a)) % R;
    const A = G1.multiply(a).toAffine();
    const B = G2.multiply(b).toAffine();
    const C = G1.multiply(c).toAffine();
    return { a: [A.x, A.y], b: [[B.x.c1, B.x.c0], [B.y.c1, B.y.c0]], c: [C.x, C.y] };
  };
  return { vk, prove };
}
