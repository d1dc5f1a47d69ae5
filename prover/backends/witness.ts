import { join } from 'node:path';
import { snarkjs } from '../../proving-kit/ffjs.js';
import { makeLinkPlan, type PartKind, type PartLayout } from '../../proving-kit/link-plan.js';
import { writeLinkedWtns } from '../../proving-kit/link-witness.js';
import { isWitnessBundle, readWitnessBundle } from '../../proving-kit/witness-bundle.js';
import { ModuloError } from '../../core/errors.js';
import { abortable } from '../backoff.js';
import type { ProveRequest } from './backend.js';

/**
 * Computes the witness into `<workDir>/witness.wtns` (the file both snarkjs and rapidsnark read) with the
 * circuit's `wasm` artifact: circom's WebAssembly for a circuit compiled whole, or, for a linked circuit,
 * its witness bundle (proving-kit/witness-bundle.ts), whose parts run in order and whose witness is
 * streamed to the file. Runs on this thread: tens of ms to ~2 s for the whole circuits here, ~40 s for
 * 128 linked slots at depth 32 (docs/benchmarks.md).
 */
export async function computeWitness(r: ProveRequest): Promise<{ wtns: string; witnessMs: number }> {
  r.onPhase?.('witness');
  const wtns = join(r.workDir, 'witness.wtns');
  const started = performance.now();
  if (isWitnessBundle(r.circuit.wasm)) {
    const bundle = readWitnessBundle(r.circuit.wasm);
    const layouts = Object.fromEntries(Object.entries(bundle.parts).map(([kind, part]) => [kind, part.layout])) as Record<PartKind, PartLayout>;
    const plan = makeLinkPlan(layouts, bundle.config.batchSize);
    if (r.circuit.keyMeta && plan.nWires !== r.circuit.keyMeta.nVars) {
      throw new ModuloError('MALFORMED', `the ${r.circuit.name} witness bundle links ${plan.nWires} wires, its key has ${r.circuit.keyMeta.nVars}`, { circuit: r.circuit.name });
    }
    await abortable(writeLinkedWtns(plan, bundle.parts, r.input, wtns), r.signal);
  } else {
    await abortable(snarkjs.wtns.calculate(r.input, r.circuit.wasm, wtns), r.signal);
  }
  return { wtns, witnessMs: performance.now() - started };
}
