import type { BatchDetail } from '../../api/explorer.js';
import { api } from './api.js';
import { recomputePublicInput } from './statement.js';

export interface Verdict {
  readonly valid: boolean;
  /** The public input the proof was checked against, recomputed here from the batch data. */
  readonly publicInputHash: string;
  readonly matchesSequencer: boolean;
  readonly ms: number;
  readonly error?: string;
}

/**
 * Checks the batch's proof in this browser: the public input recomputed from the batch data (core's
 * functions), the circuit's verification key, and snarkjs' Groth16 verify in a web worker.
 */
export async function verifyInBrowser(batch: BatchDetail): Promise<Verdict> {
  if (batch.proof === null) throw new Error(`batch ${batch.batchNumber} has no proof yet`);
  const started = performance.now();
  const input = recomputePublicInput(batch);
  const vkey = await api.vkey(batch.circuit.name);
  const worker = new Worker(new URL('./verify-worker.ts', import.meta.url), { type: 'module' });
  try {
    const result = await new Promise<{ valid: boolean; error?: string }>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<{ valid: boolean; error?: string }>) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message || 'the verifier worker failed'));
      worker.postMessage({ vkey, publicSignals: [input.publicInputHash], proof: batch.proof });
    });
    return { ...result, publicInputHash: input.publicInputHash, matchesSequencer: input.matchesSequencer, ms: performance.now() - started };
  } finally {
    worker.terminate();
  }
}
