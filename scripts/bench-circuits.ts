import { existsSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { circuitConfig, type CircuitName } from '../core/circuits.js';
import { compileCircuit } from '../proving-kit/compile.js';
import { snarkjs } from '../proving-kit/ffjs.js';
import { sampleBatchInput } from '../proving-kit/sample-input.js';
import { setupDev } from '../proving-kit/setup-dev.js';
import { ModuloError } from '../core/errors.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

async function timed<T>(body: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const out = await body();
  return [out, (performance.now() - start) / 1000];
}

/**
 * Per circuit configuration: the dev setup, witness and proof times with snarkjs (the in-process prover),
 * and sizes. The setup writes a scratch key (the cached one from `make circuits` is left alone).
 */
export async function benchSetup(names: readonly CircuitName[] = ['test', 'dev']): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const threads = availableParallelism();
  for (const name of names) {
    const compiled = await compileCircuit(name);
    const zkey = join(compiled.dir, 'bench.dev.zkey');
    const wtns = join(compiled.dir, 'bench.wtns');
    try {
      const [, setup] = await timed(() => setupDev({ r1csPath: compiled.r1cs, zkeyPath: zkey, circuit: name, threads }));
      const input = sampleBatchInput(circuitConfig(name));
      const [, witness] = await timed(() => snarkjs.wtns.calculate(input, compiled.wasm, wtns));
      const [{ proof, publicSignals }, proving] = await timed(() => snarkjs.groth16.prove(zkey, wtns));
      const vk = await snarkjs.zKey.exportVerificationKey(zkey);
      if (!(await snarkjs.groth16.verify(vk, publicSignals, proof))) throw new ModuloError('BENCH_FAILED', `bench: the ${name} proof does not verify`);
      rows.push(
        { name: `${name}: constraints`, value: compiled.constraints, unit: 'constraints' },
        { name: `${name}: dev setup (${threads} threads)`, value: setup, unit: 's' },
        { name: `${name}: witness (circom WASM)`, value: witness, unit: 's' },
        { name: `${name}: proof (snarkjs, ${threads} threads)`, value: proving, unit: 's' },
        { name: `${name}: proving key size`, value: statSync(zkey).size / 2 ** 20, unit: 'MiB' },
        // Groth16 on BN254: A, C in G1 and B in G2, uncompressed as verifyProof takes them: 8 words.
        { name: `${name}: proof size (calldata)`, value: 8 * 32, unit: 'bytes' },
      );
    } finally {
      for (const f of [zkey, `${zkey}.meta.json`, wtns]) if (existsSync(f)) rmSync(f);
    }
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const names = (positionals.length ? positionals : ['test', 'dev']) as CircuitName[];
  for (const row of await benchSetup(names)) console.log(`${row.name}: ${row.value.toFixed(row.unit === 's' ? 1 : 0)} ${row.unit}`);
  process.exit(0);
}
