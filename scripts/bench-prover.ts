/**
 * Prover worker figures on this machine, per circuit configuration (`test`, `dev`):
 *  - witness time, proof wall time, proof CPU time (every thread) and peak memory (RSS) of the proving
 *    process: snarkjs in-process (the default backend, in a child process of its own), and beside it the
 *    external prover MODULO_PROVER_BIN names (rapidsnark: docs/prover.md) when it is set; without it
 *    those rows are absent, and prover/bin/snarkjs-prover.mjs stands in for `test` as the reference CLI;
 *  - proofs per hour and transfers (tx slots) proven per second per core, from witness + proof;
 *  - worker overhead around the backend: a real sequencer process with sealed `test` batches and the
 *    worker loop in this process; claim-to-accepted time minus the backend's own (witness + proof).
 * Every proof is verified with snarkjs before its figures count.
 *
 *   npx tsx scripts/bench-prover.ts [--runs N] [test] [dev]   (N alternated runs, the median of each figure)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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
import { exitedChildrenCpuMs, watchTree } from './process-tree.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

interface Measured {
  readonly witnessMs: number;
  readonly proveMs: number;
  /** CPU time of the proving step, user + system, every thread (and, for a program, its children). */
  readonly proveCpuMs: number;
  readonly peakRssMiB: number;
}

export interface BenchProverOptions {
  /** Alternated runs per backend and circuit; each figure is the median. */
  readonly runs?: number;
  /** The external prover to measure beside snarkjs (default: $MODULO_PROVER_BIN). */
  readonly bin?: string;
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
  // process.cpuUsage() is the whole process: the main thread and ffjavascript's worker threads.
  let atProve = process.cpuUsage();
  const onPhase = (phase: string) => {
    if (phase === 'prove') atProve = process.cpuUsage();
  };
  const r = await new SnarkjsBackend().prove({ jobId: 0, input, circuit, workDir, signal: new AbortController().signal, onPhase });
  const cpu = process.cpuUsage(atProve);
  rmSync(workDir, { recursive: true, force: true });
  if (!(await snarkjs.groth16.verify(circuit.vkey, r.publicSignals, r.proof))) throw new ModuloError('BENCH_FAILED', `bench: the ${name} proof does not verify`);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const proveCpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${JSON.stringify({ witnessMs: r.witnessMs, proveMs: r.proveMs, proveCpuMs, peakRssMiB } satisfies Measured)}\n`);
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

/** The external backend on one proof: witness here, the program's time and peak RSS measured around it. */
async function measureExternal(name: CircuitName, bin: string): Promise<Measured> {
  const circuit = await circuitFiles(name);
  const input = sampleBatchInput(circuitConfig(name));
  const workDir = mkdtempSync(join(tmpdir(), 'modulo-bench-'));
  try {
    const { wtns, witnessMs } = await computeWitness({ jobId: 0, input, circuit, workDir, signal: new AbortController().signal });
    const [command, argv] = bin.endsWith('.mjs') ? [process.execPath, [bin]] : [bin, []];
    const [started, cpuBefore] = [performance.now(), exitedChildrenCpuMs()];
    const child = spawn(command, [...argv, circuit.zkey, wtns, join(workDir, 'proof.json'), join(workDir, 'public.json')], { stdio: 'inherit' });
    const peak = watchTree(child.pid!, () => {}, 20);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const proveMs = performance.now() - started;
    const proveCpuMs = exitedChildrenCpuMs() - cpuBefore;
    const peakRssMiB = peak.stop();
    if (code !== 0) throw new ModuloError('BACKEND_FAILED', `${bin} exited ${code}`, { bin, code });
    const proof = JSON.parse(readFileSync(join(workDir, 'proof.json'), 'utf8')) as Record<string, unknown>;
    const publicSignals = JSON.parse(readFileSync(join(workDir, 'public.json'), 'utf8')) as string[];
    if (!(await snarkjs.groth16.verify(circuit.vkey, publicSignals, { ...proof, curve: 'bn128' } as never))) throw new ModuloError('BENCH_FAILED', `bench: ${bin}'s proof does not verify`);
    return { witnessMs, proveMs, proveCpuMs, peakRssMiB };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

function medianOf(runs: readonly Measured[]): Measured {
  const of = (k: keyof Measured) => median(runs.map((m) => m[k]));
  return { witnessMs: of('witnessMs'), proveMs: of('proveMs'), proveCpuMs: of('proveCpuMs'), peakRssMiB: of('peakRssMiB') };
}

/**
 * One circuit's rows, figure by figure with the backends side by side (`test, snarkjs in-process: proof`
 * next to `test, external prover: proof`), then how much faster and smaller the external prover is.
 */
function proverRows(name: CircuitName, measured: ReadonlyArray<{ label: string; m: Measured }>): BenchRow[] {
  const cores = availableParallelism();
  const slots = circuitConfig(name).batchSize;
  const perProof = (m: Measured) => (m.witnessMs + m.proveMs) / 1000;
  const figures: Array<[string, string, (m: Measured) => number]> = [
    ['witness', 's', (m) => m.witnessMs / 1000],
    ['proof', 's', (m) => m.proveMs / 1000],
    ['proof CPU time (user + system, all threads)', 's', (m) => m.proveCpuMs / 1000],
    ['peak RSS of the proving process', 'MiB', (m) => m.peakRssMiB],
    [`proofs per hour (one worker, ${cores} cores)`, 'proofs/h', (m) => 3600 / perProof(m)],
    [`transfers proven per second per core (${slots} slots/batch)`, 'tx/s/core', (m) => slots / perProof(m) / cores],
  ];
  const rows = figures.flatMap(([figure, unit, value]) => measured.map(({ label, m }) => ({ name: `${name}, ${label}: ${figure}`, value: value(m), unit })));
  const [snarkjsRun, external] = measured;
  if (external !== undefined && external.label !== REFERENCE_LABEL) {
    const ratio = (f: (m: Measured) => number) => f(snarkjsRun!.m) / f(external.m);
    rows.push(
      { name: `${name}: proof CPU time, snarkjs in-process / ${external.label}`, value: ratio((m) => m.proveCpuMs), unit: 'x' },
      { name: `${name}: proof wall time, snarkjs in-process / ${external.label}`, value: ratio((m) => m.proveMs), unit: 'x' },
      { name: `${name}: peak RSS, snarkjs in-process / ${external.label}`, value: ratio((m) => m.peakRssMiB), unit: 'x' },
    );
  }
  return rows;
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

const REFERENCE_LABEL = 'external snarkjs-prover.mjs (reference CLI, not a speedup)';

/** Says which external prover the rows include, or that none does (MODULO_PROVER_BIN unset). */
export function externalProverNote(bin = process.env.MODULO_PROVER_BIN): string {
  return bin
    ? `External prover: MODULO_PROVER_BIN=${bin}, measured beside snarkjs on the same key and witness.`
    : 'MODULO_PROVER_BIN is not set: no rows for an external prover (docs/prover.md says how to build rapidsnark).';
}

export async function benchProver(names: readonly CircuitName[] = ['test', 'dev'], o: BenchProverOptions = {}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const bin = o.bin ?? process.env.MODULO_PROVER_BIN;
  const runs = o.runs ?? 1;
  console.log(`  ${externalProverNote(bin)}`);
  for (const name of names) {
    // The external prover beside snarkjs; without one, the reference CLI for `test` only.
    const external = bin ? { label: `external ${basename(bin)}`, bin } : name === 'test' ? { label: REFERENCE_LABEL, bin: REFERENCE_BIN } : null;
    const [inProcess, outside]: [Measured[], Measured[]] = [[], []];
    for (let i = 0; i < runs; i++) {
      inProcess.push(await inChild(name));
      if (external) outside.push(await measureExternal(name, external.bin));
    }
    rows.push(...proverRows(name, [{ label: 'snarkjs in-process', m: medianOf(inProcess) }, ...(external ? [{ label: external.label, m: medianOf(outside) }] : [])]));
  }
  if (names.includes('test')) rows.push(...(await benchOverhead(3)));
  await releaseSnarkjsCurve();
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // --measure NAME: the child process inChild() spawns to time measureSnarkjs() alone.
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { measure: { type: 'string' }, runs: { type: 'string' } } });
  if (values.measure !== undefined) {
    await measureSnarkjs(values.measure as CircuitName);
  } else {
    const names = (positionals.length ? positionals : ['test', 'dev']) as CircuitName[];
    for (const row of await benchProver(names, { runs: Number(values.runs ?? 1) })) console.log(`${row.name}: ${row.value.toFixed(row.value < 10 ? 2 : 0)} ${row.unit}`);
  }
  process.exit(0);
}
