/**
 * The large batch circuit in linked form, built and proven on this machine (issue #13; docs/setup.md,
 * "Linked circuits"): depth 32, 128 slots, 4 fee slots by default. Each heavy step runs in a child
 * process of its own, one at a time, and is measured from here: wall time, CPU time (user + system of
 * the step and its descendants) and the peak RSS of the largest process of its tree (circom2 is a
 * grandchild). The steps: compile the parts and link them (compileLinked; cached by content, so a
 * rerun reuses the parts and the compile rows are the stamps' times), a dev key from the linked r1cs
 * (reused while its sidecar names the linked circuit's content hash: the setup rows are then those of the
 * run that made it, kept in `<name>.setup.json`; delete the key to set it up again),
 * the linked witness of a real batch of 128 transfers built by core, a proof with the external prover
 * (MODULO_PROVER_BIN, when set) and one with snarkjs (last: the largest), each verified with core's
 * public input hash as its one public signal; with BENCH_LINKED_GAS=1 also the L1 gas of settling such
 * batches, k per settlement for each k of BENCH_LINKED_SETTLE_BATCHES (default 1; bench-linked-gas.ts).
 * snarkjs is stopped, not let to exhaust the machine, when
 * the memory available falls under MIN_AVAILABLE_MIB; its row then says where it stopped. Its options:
 *   BENCH_LINKED_SNARKJS_LIMIT_S=<s>        stop snarkjs' proof after that long (0 or unset: no limit)
 *   BENCH_LINKED_SNARKJS_MAX_RSS_MIB=<MiB>  stop it when its process tree's RSS passes that
 *   BENCH_LINKED_SNARKJS_NICE=<n>           its niceness (default 10, as every step)
 * `--only snarkjs` runs that proof alone on the key and witness of an earlier run (it prints its rows).
 *
 * Opt-in (`make bench BENCH=linked`; `make bench` alone skips it): it takes about an hour and most of
 * the machine's memory. Files go to build/bench-linked/ (gitignored). Never run by CI.
 *
 *   npx tsx scripts/bench-linked.ts [--depth 32] [--slots 128] [--fee-slots 4] [--only snarkjs]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { CircuitConfig } from '../core/build-batch.js';
import { ModuloError } from '../core/errors.js';
import { compileLinked, linkedBuild, PART_KINDS } from '../proving-kit/compile-linked.js';
import { snarkjs } from '../proving-kit/ffjs.js';
import { metaPathFor, readKeyMeta } from '../proving-kit/key-meta.js';
import { readR1csCounts } from '../proving-kit/r1cs-file.js';
import { writeLinkedWtns } from '../proving-kit/link-witness.js';
import { setupDev } from '../proving-kit/setup-dev.js';
import { circuitInputToJson } from '../core/circuit-input.js';
import { settlementSizes, transferBatches } from './bench-linked-batch.js';
import { availableMiB, exitedChildrenCpuMs, watchTree } from './process-tree.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

const SELF = new URL(import.meta.url).pathname;
const OUT = new URL('../build/bench-linked/', import.meta.url).pathname;
/** snarkjs is stopped when the memory available to new allocations falls under this. */
const MIN_AVAILABLE_MIB = 1536;

const nameOf = (c: CircuitConfig) => `linked-${c.depth}-${c.batchSize}-${c.feeSlots}`;
const files = (c: CircuitConfig) => {
  const base = join(OUT, nameOf(c));
  return {
    zkey: `${base}.dev.zkey`, wtns: `${base}.wtns`, hash: `${base}.public.json`, proof: (who: string) => `${base}.${who}.proof.json`,
    /** The measured setup of the key (SetupRecord) and the witness step's time: what a rerun that reuses them reports. */
    setup: `${base}.setup.json`, witness: `${base}.wtns.json`,
  };
};

/** A step's own report, the last line of its stdout. */
type StepReport = Record<string, number | string | boolean | Record<string, unknown>>;

/** The child-process side of one step. */
async function runStep(step: string, config: CircuitConfig): Promise<StepReport> {
  const f = files(config);
  const linked = async (log: (line: string) => void = () => {}) => compileLinked(nameOf(config), config, { log });
  if (step === 'compile') {
    let compiled = false;
    const l = await linked((line) => {
      compiled ||= /compiling|linked \d+ slots/.test(line);
      process.stderr.write(`${line}\n`);
    });
    const stamp = (dir: string) => JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) as { seconds: number };
    const parts = Object.fromEntries(PART_KINDS.map((k) => [k, { constraints: l.parts[k].constraints, seconds: stamp(l.parts[k].dir).seconds }]));
    return { compiled, constraints: l.constraints, wires: readR1csCounts(l.r1cs).nWires, linkSeconds: stamp(l.dir).seconds, parts };
  }
  if (step === 'setup') {
    const l = await linked();
    if (existsSync(f.zkey) && existsSync(metaPathFor(f.zkey)) && readKeyMeta(f.zkey).circuitHash === l.hash) return { reused: true, keyBytes: statSync(f.zkey).size };
    await setupDev({ r1csPath: l.r1cs, zkeyPath: f.zkey, circuit: nameOf(config), circuitHash: l.hash, build: linkedBuild(l), threads: availableParallelism(), log: (line) => process.stderr.write(`${line}\n`) });
    return { reused: false, keyBytes: statSync(f.zkey).size };
  }
  if (step === 'witness') {
    const l = await linked();
    const built = performance.now();
    const batch = transferBatches(config).second;
    const buildMs = performance.now() - built;
    writeFileSync(f.hash, JSON.stringify([batch.publicInputHash.toString()]));
    const started = performance.now();
    await writeLinkedWtns(l.plan, l.parts, circuitInputToJson(batch.circuitInput), f.wtns);
    return { witnessMs: performance.now() - started, buildMs, transfers: config.batchSize };
  }
  if (step === 'snarkjs') {
    const started = performance.now();
    const { proof, publicSignals } = await snarkjs.groth16.prove(f.zkey, f.wtns);
    const proveMs = performance.now() - started;
    writeFileSync(f.proof('snarkjs'), JSON.stringify({ proof, publicSignals }));
    return { proveMs };
  }
  if (step === 'gas') {
    const { settleLinkedBatch } = await import('./bench-linked-gas.js');
    return { rows: { list: await settleLinkedBatch(await linked(), f.zkey, process.env.MODULO_PROVER_BIN!, OUT) } };
  }
  throw new ModuloError('USAGE', `bench-linked: no step ${step}`);
}

interface MeasureOptions {
  readonly memoryGuard?: boolean;
  readonly limitS?: number;
  /** Stop the program when its process tree's RSS passes this (MiB). */
  readonly maxRssMiB?: number;
  readonly nice?: number;
}

interface Measured {
  readonly report: StepReport;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMiB: number;
  /** Set when the step was stopped for memory: the available MiB at that moment. */
  readonly stoppedAtMiB?: number;
  /** Set when the step was stopped at its RSS limit: the tree's RSS at that moment (MiB). */
  readonly stoppedAtRssMiB?: number;
  /** Set when the step was stopped at its time limit. */
  readonly timedOut?: boolean;
}

/** Runs a program (a step of this script, or the external prover) and measures it from here. */
async function measure(command: string, args: readonly string[], o: MeasureOptions = {}): Promise<Measured> {
  const [started, cpuBefore] = [performance.now(), exitedChildrenCpuMs()];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  let stoppedAtMiB: number | undefined;
  let stoppedAtRssMiB: number | undefined;
  let timedOut = false;
  const limit = o.limitS ? setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), o.limitS * 1000) : undefined;
  const tree = watchTree(child.pid!, (rss) => {
    if (stoppedAtMiB !== undefined || stoppedAtRssMiB !== undefined) return;
    if (o.maxRssMiB !== undefined && rss > o.maxRssMiB) {
      stoppedAtRssMiB = rss;
      child.kill('SIGKILL');
      return;
    }
    const available = o.memoryGuard ? availableMiB() : Infinity;
    if (available < MIN_AVAILABLE_MIB) {
      stoppedAtMiB = available;
      child.kill('SIGKILL');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(limit);
  const wallMs = performance.now() - started;
  const peakRssMiB = tree.stop();
  const cpuMs = exitedChildrenCpuMs() - cpuBefore;
  if (stoppedAtMiB !== undefined || stoppedAtRssMiB !== undefined || timedOut) return { report: {}, wallMs, cpuMs, peakRssMiB, stoppedAtMiB, stoppedAtRssMiB, timedOut };
  if (code !== 0) throw new ModuloError('BENCH_FAILED', `${command} ${args.join(' ')} exited ${code}`, { code });
  const last = out.trim().split('\n').pop() ?? '{}';
  return { report: last.startsWith('{') ? (JSON.parse(last) as StepReport) : {}, wallMs, cpuMs, peakRssMiB };
}

const step = (name: string, config: CircuitConfig, o: MeasureOptions = {}) =>
  measure('nice', ['-n', `${o.nice ?? 10}`, process.execPath, '--no-warnings', '--import', 'tsx', SELF, '--step', name, ...configArgs(config)], o);
const configArgs = (c: CircuitConfig) => ['--depth', `${c.depth}`, '--slots', `${c.batchSize}`, '--fee-slots', `${c.feeSlots}`];

async function verify(config: CircuitConfig, proofPath: string, who: string): Promise<void> {
  const f = files(config);
  const expected = JSON.parse(readFileSync(f.hash, 'utf8')) as string[];
  const { proof, publicSignals } = JSON.parse(readFileSync(proofPath, 'utf8')) as { proof: Record<string, unknown>; publicSignals: string[] };
  const vk = await snarkjs.zKey.exportVerificationKey(f.zkey);
  const ok = JSON.stringify(publicSignals) === JSON.stringify(expected) && (await snarkjs.groth16.verify(vk, publicSignals, { ...proof, curve: 'bn128' } as never));
  if (!ok) throw new ModuloError('BENCH_FAILED', `bench-linked: the ${who} proof does not verify with core's public input hash`);
}

/** The external prover on the linked key and witness; its output rewritten as { proof, publicSignals }. */
async function proveExternal(config: CircuitConfig, bin: string): Promise<Measured> {
  const f = files(config);
  const [proofPath, publicPath] = [join(OUT, 'external.proof.raw.json'), join(OUT, 'external.public.json')];
  const m = await measure('nice', ['-n', '10', bin, f.zkey, f.wtns, proofPath, publicPath]);
  const proof = JSON.parse(readFileSync(proofPath, 'utf8')) as unknown;
  writeFileSync(f.proof('external'), JSON.stringify({ proof, publicSignals: JSON.parse(readFileSync(publicPath, 'utf8')) as unknown }));
  return m;
}

/** What the section's rows are: printed under its heading. */
export function linkedNote(bin = process.env.MODULO_PROVER_BIN): string {
  return [
    'Opt-in (`make bench BENCH=linked`; scripts/bench-linked.ts): the parts compiled by circom2 and linked (docs/setup.md,',
    '"Linked circuits"), a dev key from the linked r1cs, the witness of a full batch of signed transfers built by core,',
    'proofs verified with core\'s public input hash. Each step is a child process run with `nice -n 10`, one at a time;',
    'CPU time and peak RSS are the step\'s process tree\'s. Compile and dev setup rows are those of the run that made the',
    'cached parts and key (a rerun reuses them while their content hash matches).',
    bin ? `External prover: MODULO_PROVER_BIN=${bin}.` : 'MODULO_PROVER_BIN is not set: no external prover rows.',
    ...(bin && process.env.BENCH_LINKED_GAS === '1' ? [
      'L1 rows (BENCH_LINKED_GAS=1, scripts/bench-linked-gas.ts): receipts of a Rollup on the in-process Hardhat network with',
      'a verifier generated from this key: a deposit batch, then for each k of BENCH_LINKED_SETTLE_BATCHES=' + settlementSizes().join(',') + ', from the',
      'state it left (evm_snapshot/evm_revert), batches 2..k+1: k consecutive full transfer batches built by core (nonces and',
      'balances carry over), settled by ONE commitAndProveBatches with k proofs (each the external',
      'prover\'s, of that batch\'s linked witness; one an earlier run made of the same statement is reused); each settlement',
      'must leave the contract\'s finalized batch and state root at core\'s. Gas per transfer = the receipt\'s gas / (k · slots).',
    ] : []),
  ].join('\n');
}

const MiB = (m: Measured) => m.peakRssMiB;
const s = (ms: number) => ms / 1000;

export async function benchLinked(config: CircuitConfig = { depth: 32, batchSize: 128, feeSlots: 4 }, bin = process.env.MODULO_PROVER_BIN): Promise<BenchRow[]> {
  mkdirSync(OUT, { recursive: true });
  const label = `${config.batchSize} slots, depth ${config.depth}, ${config.feeSlots} fee slots`;
  const rows: BenchRow[] = [];
  const row = (name: string, value: number, unit: string) => {
    rows.push({ name: `${label}: ${name}`, value, unit });
    process.stderr.write(`  ${name}: ${value} ${unit}\n`);
  };

  const compile = await step('compile', config);
  const c = compile.report as { compiled: boolean; constraints: number; wires: number; linkSeconds: number; parts: Record<string, { constraints: number; seconds: number }> };
  row('constraints (linked r1cs)', c.constraints, 'constraints');
  row('wires (linked r1cs)', c.wires, 'wires');
  row('constraints per transfer (whole circuit / slots)', c.constraints / config.batchSize, 'constraints');
  for (const kind of PART_KINDS) {
    row(`part ${kind}: constraints`, c.parts[kind]!.constraints, 'constraints');
    row(`part ${kind}: circom2 compile (--O2)`, c.parts[kind]!.seconds, 's');
  }
  row('link (linked r1cs written)', c.linkSeconds, 's');
  if (c.compiled) row('compile + link: peak RSS (largest process: circom2)', MiB(compile), 'MiB');

  const setup = setupRecord(config, await step('setup', config));
  if (setup) {
    row('dev setup (setup-dev.ts)', s(setup.wallMs), 's');
    row('dev setup: CPU time (user + system)', s(setup.cpuMs), 's');
    row('dev setup: peak RSS', setup.peakRssMiB, 'MiB');
  }
  row('proving key (.dev.zkey)', statSync(files(config).zkey).size / 2 ** 20, 'MiB');

  const witness = await step('witness', config);
  const witnessMs = Number(witness.report.witnessMs);
  writeFileSync(files(config).witness, JSON.stringify({ witnessMs }));
  row(`batch of ${String(witness.report.transfers)} transfers built by core (state, signatures)`, s(Number(witness.report.buildMs)), 's');
  row('linked witness (each part\'s WASM in order, .wtns streamed)', s(witnessMs), 's');
  row('linked witness step: peak RSS', MiB(witness), 'MiB');

  if (bin) {
    const external = await proveExternal(config, bin);
    await verify(config, files(config).proof('external'), 'external prover');
    proven(config, row, 'external prover', external, external.wallMs, witnessMs);
  }
  // BENCH_LINKED_GAS=1: also settle a batch on L1 (two more witnesses and external proofs).
  if (bin && process.env.BENCH_LINKED_GAS === '1') {
    const gas = await step('gas', config);
    for (const r of (gas.report.rows as { list: BenchRow[] }).list) row(`L1: ${r.name}`, r.value, r.unit);
  }
  await proveSnarkjs(config, row, witnessMs);
  return rows;
}

type Row = (name: string, value: number, unit: string) => void;

function proven(config: CircuitConfig, row: Row, who: string, m: Measured, proveMs: number, witnessMs: number): void {
  const cores = availableParallelism();
  row(`${who}: proof`, s(proveMs), 's');
  row(`${who}: proof CPU time (user + system, all threads)`, s(m.cpuMs), 's');
  row(`${who}: peak RSS of the proving process`, MiB(m), 'MiB');
  row(`${who}: transfers proven per second per core (witness + proof, ${cores} cores)`, config.batchSize / s(witnessMs + proveMs) / cores, 'tx/s/core');
}

/** snarkjs' proof (the largest step, last), with the limits its environment variables set (header). */
async function proveSnarkjs(config: CircuitConfig, row: Row, witnessMs: number): Promise<void> {
  const env = (name: string) => Number(process.env[`BENCH_LINKED_SNARKJS_${name}`] ?? 0) || undefined;
  const [limitS, maxRssMiB, nice] = [env('LIMIT_S'), env('MAX_RSS_MIB'), env('NICE')];
  const js = await step('snarkjs', config, { memoryGuard: true, limitS, maxRssMiB, nice });
  if (js.stoppedAtMiB !== undefined || js.stoppedAtRssMiB !== undefined || js.timedOut) {
    const why = js.timedOut ? `its time limit (BENCH_LINKED_SNARKJS_LIMIT_S=${limitS})`
      : js.stoppedAtRssMiB !== undefined ? `its RSS limit (BENCH_LINKED_SNARKJS_MAX_RSS_MIB=${maxRssMiB}; ${js.stoppedAtRssMiB.toFixed(0)} MiB)`
      : `${js.stoppedAtMiB!.toFixed(0)} MiB of memory available left`;
    row(`snarkjs: proof NOT finished, stopped at ${why}, after`, s(js.wallMs), 's');
    row('snarkjs: peak RSS of the proving process when stopped', MiB(js), 'MiB');
    row('snarkjs: CPU time when stopped (user + system, all threads)', s(js.cpuMs), 's');
  } else {
    await verify(config, files(config).proof('snarkjs'), 'snarkjs');
    proven(config, row, 'snarkjs', js, Number(js.report.proveMs), witnessMs);
  }
}

/** How the key was set up: this run's measure of it, or (a reused key) the record its setup left. */
interface SetupRecord {
  readonly zkeySha256: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMiB: number;
}

function setupRecord(config: CircuitConfig, m: Measured): SetupRecord | null {
  const f = files(config);
  const { zkeySha256 } = readKeyMeta(f.zkey);
  if (m.report.reused !== true) {
    const record: SetupRecord = { zkeySha256, wallMs: m.wallMs, cpuMs: m.cpuMs, peakRssMiB: m.peakRssMiB };
    writeFileSync(f.setup, `${JSON.stringify(record, null, 2)}\n`);
    return record;
  }
  const kept = existsSync(f.setup) ? (JSON.parse(readFileSync(f.setup, 'utf8')) as SetupRecord) : null;
  return kept?.zkeySha256 === zkeySha256 ? kept : null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { step: { type: 'string' }, only: { type: 'string' }, depth: { type: 'string' }, slots: { type: 'string' }, 'fee-slots': { type: 'string' } } });
  const config = { depth: Number(values.depth ?? 32), batchSize: Number(values.slots ?? 128), feeSlots: Number(values['fee-slots'] ?? 4) };
  if (values.step !== undefined) {
    process.stdout.write(`\n${JSON.stringify(await runStep(values.step, config))}\n`);
  } else if (values.only === 'snarkjs') {
    const { witnessMs } = JSON.parse(readFileSync(files(config).witness, 'utf8')) as { witnessMs: number };
    await proveSnarkjs(config, (name, value, unit) => console.log(`${nameOf(config)}: ${name}: ${value.toFixed(value < 10 ? 2 : 0)} ${unit}`), witnessMs);
  } else {
    for (const r of await benchLinked(config)) console.log(`${r.name}: ${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit}`);
  }
  process.exit(0);
}
