/** The part of snarkjs' browser build the verifier worker calls (snarkjs ships no types). */
declare module 'snarkjs' {
  export const groth16: {
    verify(vkey: unknown, publicSignals: readonly string[], proof: unknown): Promise<boolean>;
  };
}
