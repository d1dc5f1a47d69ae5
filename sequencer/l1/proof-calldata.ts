import type { Groth16Proof } from '../proof.js';

/** IRollup.Proof: the points as snarkjs' exportSolidityCallData orders them. */
export interface SolidityProof {
  readonly a: [bigint, bigint];
  readonly b: [[bigint, bigint], [bigint, bigint]];
  readonly c: [bigint, bigint];
}

/** snarkjs proof.json to the contract's Proof; B's Fp2 coordinates are swapped, as the verifier expects. */
export function solidityProof(proof: Groth16Proof): SolidityProof {
  const n = (v: string | undefined) => BigInt(v ?? '0');
  const [b0, b1] = [proof.pi_b[0] ?? [], proof.pi_b[1] ?? []];
  return {
    a: [n(proof.pi_a[0]), n(proof.pi_a[1])],
    b: [
      [n(b0[1]), n(b0[0])],
      [n(b1[1]), n(b1[0])],
    ],
    c: [n(proof.pi_c[0]), n(proof.pi_c[1])],
  };
}
