import { readFileSync } from 'node:fs';
import type { CircuitArtifacts } from './artifacts.js';
import type { Groth16Proof, ProofVerifier } from './proof.js';
import { proofPointsProblem } from './proof-points.js';

interface Snarkjs {
  groth16: { verify(vkey: unknown, publicSignals: string[], proof: unknown): Promise<boolean> };
}

/** snarkjs ships no types; the specifier in a variable keeps TypeScript from looking for them. */
const SNARKJS = 'snarkjs';
let snarkjs: Promise<Snarkjs> | undefined;

/**
 * Verifies proofs off-chain with snarkjs against the circuit's verification key, so a bad proof is
 * refused before anything goes to L1. Malformed points are refused before the pairing check
 * (proof-points.ts). Keys are read once per circuit.
 */
export class SnarkjsVerifier implements ProofVerifier {
  readonly #artifacts: CircuitArtifacts;
  readonly #keys = new Map<string, unknown>();

  constructor(artifacts: CircuitArtifacts) {
    this.#artifacts = artifacts;
  }

  async verify(circuitName: string, publicInputHash: bigint, proof: Groth16Proof): Promise<boolean> {
    if (proofPointsProblem(proof) !== null) return false;
    let vkey = this.#keys.get(circuitName);
    if (vkey === undefined) {
      vkey = JSON.parse(readFileSync(this.#artifacts.path(circuitName, 'vkey'), 'utf8')) as unknown;
      this.#keys.set(circuitName, vkey);
    }
    snarkjs ??= import(SNARKJS) as Promise<Snarkjs>;
    try {
      return await (await snarkjs).groth16.verify(vkey, [publicInputHash.toString()], proof);
    } catch {
      return false; // a malformed point makes snarkjs throw: that is a bad proof too
    }
  }
}
