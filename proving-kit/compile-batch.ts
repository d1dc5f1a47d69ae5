import { loadCircuits, type CircuitEntry, type CircuitForm, type CircuitName } from '../core/circuits.js';
import { ModuloError } from '../core/errors.js';
import { compileCircuit, type CompileOptions } from './compile.js';
import { compileLinked, linkedBuild } from './compile-linked.js';
import type { CircuitBuild } from './key-meta.js';

/**
 * A batch circuit of circuits/circuits.json built in its form: compiled whole by circom2, or compiled in
 * parts and linked (compile-linked.ts). What a setup, a prover and an export need is the same for both:
 * the r1cs, the file the witness is computed with (`wasm`: circom's WASM, or a linked circuit's witness
 * bundle) and the content hash keys are made for.
 */
export interface BatchCompile {
  readonly name: string;
  readonly form: CircuitForm;
  readonly dir: string;
  readonly r1cs: string;
  readonly wasm: string;
  readonly constraints: number;
  readonly hash: string;
  /** For a key's sidecar: how a linked r1cs was built; absent for a whole compile. */
  readonly build?: CircuitBuild;
}

export interface CompileBatchOptions extends Omit<CompileOptions, 'config'> {
  /** Sizes and form to build under `name` instead of circuits.json's entry (tests, measurements). */
  readonly config?: CircuitEntry;
}

export async function compileBatch(name: CircuitName | string, options: CompileBatchOptions = {}): Promise<BatchCompile> {
  const { circuits } = loadCircuits();
  const entry = options.config ?? (Object.hasOwn(circuits, name) ? circuits[name as CircuitName] : undefined);
  if (!entry) throw new ModuloError('MALFORMED', `circuits.json has no circuit named ${name}`, { name });
  const { form = 'whole', depth, batchSize, feeSlots } = entry;
  const config = { depth, batchSize, feeSlots };
  if (form === 'whole') {
    // circuits.json's own entry compiles without `config` (the generated main names its origin, and so
    // its hash): the same compile `make circuits` made, not a second one under the same name.
    const c = await compileCircuit(name, options.config ? { ...options, config } : options);
    return { name, form, dir: c.dir, r1cs: c.r1cs, wasm: c.wasm, constraints: c.constraints, hash: c.hash };
  }
  if (form !== 'linked') throw new ModuloError('MALFORMED', `circuit ${name}: form must be whole or linked, not ${String(form)}`, { name, form });
  const linked = await compileLinked(name, config, options);
  return { name, form, dir: linked.dir, r1cs: linked.r1cs, wasm: linked.wasm, constraints: linked.constraints, hash: linked.hash, build: linkedBuild(linked) };
}
