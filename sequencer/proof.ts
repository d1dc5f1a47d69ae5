/** A Groth16 proof as snarkjs writes it (proof.json): affine points as decimal strings, projective form. */
export interface Groth16Proof {
  readonly pi_a: readonly string[];
  readonly pi_b: ReadonlyArray<readonly string[]>;
  readonly pi_c: readonly string[];
  readonly protocol: string;
  readonly curve: string;
}

/** Checks a proof of a batch circuit against its one public input (publicInputHash). */
export interface ProofVerifier {
  verify(circuitName: string, publicInputHash: bigint, proof: Groth16Proof): Promise<boolean>;
}
