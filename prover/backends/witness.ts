import { join } from 'node:path';
import { snarkjs } from '../../proving-kit/ffjs.js';
import { abortable } from '../backoff.js';
import type { ProveRequest } from './backend.js';

/**
 * Computes the witness with the circuit's WebAssembly into `<workDir>/witness.wtns` (the file both
 * snarkjs and rapidsnark read). Runs on this thread: tens of ms to ~2 s for the circuits here.
 */
export async function computeWitness(r: ProveRequest): Promise<{ wtns: string; witnessMs: number }> {
  r.onPhase?.('witness');
  const wtns = join(r.workDir, 'witness.wtns');
  const started = performance.now();
  await abortable(snarkjs.wtns.calculate(r.input, r.circuit.wasm, wtns), r.signal);
  return { wtns, witnessMs: performance.now() - started };
}
