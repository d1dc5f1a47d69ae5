import { bn254 } from '@noble/curves/bn254.js';
import type { Groth16Proof } from './proof.js';

/** The BN254 base field: every proof coordinate lives in it (not in the scalar field r of the signals). */
const Q = bn254.fields.Fp.ORDER;

/**
 * Cheap checks that refuse a malformed proof before the pairing check (~20 ms) is paid for it: every
 * coordinate a canonical element of the base field, the points affine (z = 1, as snarkjs and rapidsnark
 * write them), pi_a and pi_c on the G1 curve y² = x³ + 3 (microseconds). pi_b's curve and subgroup
 * checks are left to the pairing check (a G2 subgroup check costs a third of it). Returns what is
 * wrong, or null.
 */
export function proofPointsProblem(proof: Groth16Proof): string | null {
  const coords = [...proof.pi_a, ...proof.pi_b.flat(), ...proof.pi_c];
  const outside = coords.find((c) => BigInt(c) >= Q);
  if (outside !== undefined) return `coordinate ${outside} is not in the base field`;
  if (proof.pi_a[2] !== '1' || proof.pi_c[2] !== '1' || proof.pi_b[2]?.[0] !== '1' || proof.pi_b[2]?.[1] !== '0') {
    return 'the points are not affine (z must be 1)';
  }
  for (const [name, [x, y]] of [['pi_a', proof.pi_a], ['pi_c', proof.pi_c]] as const) {
    const X = BigInt(x!);
    const Y = BigInt(y!);
    if ((Y * Y) % Q !== (X * X * X + 3n) % Q) return `${name} is not on the curve`;
  }
  return null;
}
