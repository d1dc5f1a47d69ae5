/// <reference lib="webworker" />
import { groth16 } from 'snarkjs';

/**
 * A web worker that checks one Groth16 proof with snarkjs (the same verifier the sequencer and the
 * auditor use), off the page's thread: { vkey, publicSignals, proof } in, { valid } or { error } out.
 */
self.onmessage = async (event: MessageEvent<{ vkey: unknown; publicSignals: string[]; proof: unknown }>) => {
  const { vkey, publicSignals, proof } = event.data;
  try {
    const valid = await groth16.verify(vkey, publicSignals, proof);
    self.postMessage({ valid: valid === true });
  } catch (error) {
    self.postMessage({ valid: false, error: (error as Error).message ?? String(error) });
  }
};
