import type { Groth16Proof } from '../api/jobs.js';

/** A proof as workers hand it in (the wire's form, api/jobs.ts). */
export type { Groth16Proof };

/** Checks a proof of a batch circuit against its one public input (publicInputHash). */
export interface ProofVerifier {
  verify(circuitName: string, publicInputHash: bigint, proof: Groth16Proof): Promise<boolean>;
}
