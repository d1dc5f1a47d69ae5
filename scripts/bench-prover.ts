/**
 * Prover worker figures on this machine, per circuit configuration (`test`, `dev`):
 *  - witness time, proof time and peak memory (RSS) of the proving process, measured in a child
 *    process: snarkjs in-process (the default backend), and the external backend with
 *    MODULO_PROVER_BIN when it is set (prover/bin/snarkjs-prover.mjs for `test` as the reference);
 *  - proofs per hour and transfers (tx slots) proven per second per core, from witness + proof;
 *  - worker overhead around the backend: a real sequencer process with sealed `test` batches and the
 *    worker loop in this process; claim-to-accepted time minus the backend's own (witness + proof).
 *
 *   npx tsx scripts/bench-prover.ts [test] [dev]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { circuitConfig, type CircuitName } from '../core/circuits.js';
import type { CircuitFiles } from '../prover/artifacts.js';
import type { ProvingBackend } from '../prover/backends/backend.js';
import { ExternalBackend } from '../prover/backends/external.js';
import { releaseSnarkjsCurve, SnarkjsBackend } from '../prover/backends/snarkjs.js';
import { computeWitness } from '../prover/backends/witness.js';
import type { JobReport } from '../prover/job-runner.js';
import { startProver } from '../prover/run-prover.js';
import { freePort } from '../devnet/free-port.js';
import { startScript } from '../devnet/processes.js';
import { seedSequencer } from '../devnet/seed-sequencer.js';
import { until } from '../devnet/until.js';
import { buildCircuit } from '../proving-kit/build-circuit.js';
import { sampleBatchInput } from '../proving-kit/sample-input.js';
import { snarkjs, type VerificationKey } from '../proving-kit/ffjs.js';
import { ModuloError } from '../core/errors.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

interface Measured {
  readonly witnessMs: number;
  readonly proveMs: number;
  readonly peakRssMiB: number;
}

const ROOT = new URL('..', import.meta.url).pathname;
const SELF = new URL(import.meta.url).pathname;
const REFERENCE_BIN = new URL('../prover/bin/snarkjs-prover.mjs', import.meta.url).pathname;

async function circuitFiles(name: CircuitName): Promise<CircuitFiles> {
  const built = await buildCircuit(name, { verifiersDir: join(tmpdir(), 'modulo-bench-verifiers'), log: () => {} });
  const vkey = JSON.parse(readFileSync(built.vkPath, 'utf8')) as VerificationKey;
  return { name, wasm: built.compiled.wasm, zkey: built.zkey, vkey, sha256: { wasm: '', zkey: '', vkey: '' }, keyMeta: built.meta };
}

/** Child process side: one witness + proof with the snarkjs backend; prints timings and peak RSS. */
async function measureSnarkjs(name: CircuitName): Promise<void> {
  const circuit = await circuitFiles(name);
  const input = sampleBatchInput(circuitConfig(name));
  const workDir = mkdtempSync(join(tmpdir(), 'modulo-bench-'));
  const r = await new SnarkjsBackend().prove({ jobId: 0, input, circuit, workDir, signal: new AbortController().signal });
  rmSync(workDir, { recursive: true, force: true });
  if (!(await snarkjs.groth16.verify(circuit.vkey, r.publicSignals, r.proof))) throw new ModuloError('BENCH_FAILED', `bench: the ${name} proof does not verify`);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ witnessMs: r.witnessMs, proveMs: r.proveMs, peakRssMiB } satisfies Measured)}\n`);
  await releaseSnarkjsCurve();
}

function inChild(name: CircuitName): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', SELF, '--measure', name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Measured) : reject(new ModuloError('BENCH_FAILED', `bench child exited ${code}`))));
  });
}

/** The peak RSS of a running process (VmHWM), polled until it exits. */
function watchPeakRss(pid: number): () => number {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      // gone
    }
  }, 20);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/** The external backend on one proof: witness here, the program's time and peak RSS measured around it. */
async function measureExternal(name: CircuitName, bin: string): Promise<Measured> {
  const circuit = await circuitFiles(name);
  const input = sampleBatchInput(circuitConfig(name));
  const workDir = mkdtempSync(join(tmpdir(), 'modulo-bench-'));
  try {
    const { wtns, witnessMs } = await computeWitness({ jobId: 0, input, circuit, workDir, signal: new AbortController().signal });
    const [command, argv] = bin.endsWith('.mjs') ? [process.execPath, [bin]] : [bin, []];
    const started = performance.now();
    const child = spawn(command, [...argv, circuit.zkey, wtns, join(workDir, 'proof.json'), join(workDir, 'public.json')], { stdio: 'inherit' });
    const peak = watchPeakRss(child.pid!);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const proveMs = performance.now() - started;
    const peakRssMiB = peak();
    if (code !== 0) throw new ModuloError('BACKEND_FAILED', `${bin} exited ${code}`, { bin, code });
    const proof = JSON.parse(readFileSync(join(workDir, 'proof.json'), 'utf8')) as Record<string, unknown>;
    const publicSignals = JSON.parse(readFileSync(join(workDir, 'public.json'), 'utf8')) as string[];
    if (!(await snarkjs.groth16.verify(circuit.vkey, publicSignals, { ...proof, curve: 'bn128' } as never))) throw new ModuloError('BENCH_FAILED', `bench: ${bin}'s proof does not verify`);
    return { witnessMs, proveMs, peakRssMiB };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function proverRows(name: CircuitName, label: string, m: Measured): BenchRow[] {
  const cores = availableParallelism();
  const perProof = (m.witnessMs + m.proveMs) / 1000;
  const slots = circuitConfig(name).batchSize;
  return [
    { name: `${name}, ${label}: witness`, value: m.witnessMs / 1000, unit: 's' },
    { name: `${name}, ${label}: proof`, value: m.proveMs / 1000, unit: 's' },
    { name: `${name}, ${label}: peak RSS of the proving process`, value: m.peakRssMiB, unit: 'MiB' },
    { name: `${name}, ${label}: proofs per hour (one worker, ${cores} cores)`, value: 3600 / perProof, unit: 'proofs/h' },
    { name: `${name}, ${label}: transfers proven per second per core (${slots} slots/batch)`, value: slots / perProof / cores, unit: 'tx/s/core' },
  ];
}

/** The worker loop against a real sequencer process: claim-to-accepted minus the backend's time. */
async function benchOverhead(batches: number, backend?: ProvingBackend): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'modulo-bench-worker-'));
  const port = await freePort();
  const seed = await seedSequencer(dir, { circuit: 'test', batches, port, leaseMs: 60_000, artifactsDir: join(ROOT, 'build', 'circuits') });
  const sequencer = startScript({ name: 'sequencer', root: ROOT, script: 'sequencer/main.ts', env: { MODULO_SEQUENCER_CONFIG: seed.configPath }, detached: false });
  const reports: JobReport[] = [];
  try {
    await sequencer.until('the sequencer', async () => (await fetch(`http://127.0.0.1:${port}/health`)).status === 200, 60_000, 100);
    const handle = startProver(
      { sequencer: `http://127.0.0.1:${port}`, artifactsDir: join(dir, 'artifacts'), workDir: join(dir, 'work'), pollMs: 200 },
      { logger: pino({ level: 'silent' }), onJob: (r) => reports.push(r), ...(backend ? { backend } : {}) },
    );
    await until('every batch proven', () => reports.length >= batches, batches * 300_000);
    handle.stop(0);
    await handle.done;
  } finally {
    await sequencer.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  if (reports.some((r) => r.outcome !== 'proven')) throw new ModuloError('BENCH_FAILED', `bench: ${JSON.stringify(reports)}`);
  const overhead = (r: JobReport) => r.totalMs - r.witnessMs - r.proveMs;
  const [cold, ...warm] = reports;
  const warmOverhead = warm.reduce((s, r) => s + overhead(r), 0) / warm.length;
  const warmTotal = warm.reduce((s, r) => s + r.totalMs, 0) / warm.length;
  const mean = (f: (r: JobReport) => number) => warm.reduce((s, r) => s + f(r), 0) / warm.length;
  return [
    { name: 'test, worker: first job overhead (artifacts downloaded and hashed: 140 MB key)', value: overhead(cold!) / 1000, unit: 's' },
    { name: `test, worker: overhead per job after the first (mean of ${warm.length})`, value: warmOverhead, unit: 'ms' },
    { name: 'test, worker: overhead share of claim-to-accepted (goal < 5 %)', value: (100 * warmOverhead) / warmTotal, unit: '%' },
    { name: 'test, worker: of which artifact check (HEAD ×4)', value: mean((r) => r.artifactsMs), unit: 'ms' },
    { name: 'test, worker: of which own proof check (snarkjs verify)', value: mean((r) => r.checkMs), unit: 'ms' },
    { name: 'test, worker: of which hand-in (sequencer verifies)', value: mean((r) => r.submitMs), unit: 'ms' },
  ];
}

export async function benchProver(names: readonly CircuitName[] = ['test', 'dev']): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const bin = process.env.MODULO_PROVER_BIN;
  for (const name of names) {
    rows.push(...proverRows(name, 'snarkjs in-process', await inChild(name)));
    if (bin) rows.push(...proverRows(name, `external ${bin.split('/').pop()}`, await measureExternal(name, bin)));
    else if (name === 'test') rows.push(...proverRows(name, 'external snarkjs-prover.mjs (reference CLI, not a speedup)', await measureExternal(name, REFERENCE_BIN)));
  }
  if (names.includes('test')) rows.push(...(await benchOverhead(3)));
  await releaseSnarkjsCurve();
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // --measure NAME: the child process inChild() spawns to time measureSnarkjs() alone.
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { measure: { type: 'string' } } });
  if (values.measure !== undefined) {
    await measureSnarkjs(values.measure as CircuitName);
  } else {
    const names = (positionals.length ? positionals : ['test', 'dev']) as CircuitName[];
    for (const row of await benchProver(names)) console.log(`${row.name}: ${row.value.toFixed(row.value < 10 ? 2 : 0)} ${row.unit}`);
  }
  process.exit(0);
}
