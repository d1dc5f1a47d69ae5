import { snarkjs } from '../../proving-kit/ffjs.js';
import { abortable } from '../backoff.js';
import { ModuloError } from '../../core/errors.js';
import { normalizeProof, normalizePublicSignals, type ProveRequest, type ProveResult, type ProvingBackend } from './backend.js';
import { computeWitness } from './witness.js';

/**
 * snarkjs' Groth16 prover in this process: the default, needs nothing installed. Multi-threaded: the
 * FFTs and multi-exponentiations run on ffjavascript's worker threads (one per core), so the event
 * loop stays free enough for heartbeats (its longest stall on the `test` circuit is ~2 s). An abort
 * cannot stop snarkjs mid-proof: the job is released at once and the computation's result ignored.
 */
export class SnarkjsBackend implements ProvingBackend {
  readonly name = 'snarkjs';

  async prove(r: ProveRequest): Promise<ProveResult> {
    const { wtns, witnessMs } = await computeWitness(r);
    r.onPhase?.('prove');
    const started = performance.now();
    let out: { proof: unknown; publicSignals: unknown };
    try {
      out = await abortable(snarkjs.groth16.prove(r.circuit.zkey, wtns), r.signal);
    } catch (error) {
      if (error instanceof ModuloError) throw error;
      throw new ModuloError('BACKEND_FAILED', `snarkjs: ${(error as Error).message}`, { jobId: r.jobId }, { cause: error });
    }
    return { proof: normalizeProof(out.proof), publicSignals: normalizePublicSignals(out.publicSignals), witnessMs, proveMs: performance.now() - started };
  }

  async close(): Promise<void> {
    await releaseSnarkjsCurve();
  }
}

/** snarkjs keeps the bn128 curve and its worker threads in a global; ending them lets the process exit. */
export async function releaseSnarkjsCurve(): Promise<void> {
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null };
  const curve = g.curve_bn128;
  if (curve) {
    g.curve_bn128 = null;
    await curve.terminate();
  }
}
