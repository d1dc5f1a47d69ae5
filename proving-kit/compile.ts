import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CircuitConfig } from '../core/build-batch.js';
import { loadCircuits, type CircuitName } from '../core/circuits.js';
import { ModuloError } from '../core/errors.js';
import { withLock } from './lock.js';

/**
 * Compiles circom circuits into build/circuits/<name>/ with circom2 (circom 2.2.3 as WASM) at --O2:
 * main.r1cs, main.sym, main_js/main.wasm (+ witness_calculator.js). The batch circuit's main file is
 * generated from circuits/circuits.json, the one place its sizes are chosen. A compile is skipped when
 * stamp.json holds the same content hash (every circuits/*.circom, circuits.json, the main file, the
 * circomlib and circom2 versions). Concurrent callers (test workers, the setup pipeline) serialize on a
 * lock directory and see only complete outputs.
 *
 *   npx tsx scripts/circuits/compile.ts test [dev ...] [--force]
 *   npx tsx scripts/circuits/compile.ts --per-slot prod      (constraints per slot: batch 2 minus batch 1)
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CIRCUITS_DIR = join(ROOT, 'circuits');
const BUILD_DIR = join(ROOT, 'build', 'circuits');
const require = createRequire(import.meta.url);
/** Bumped when the outputs' layout changes, so that stamps from an older compile.ts do not match. */
const OUTPUT_LAYOUT = 'r1cs+sym+wasm, main_js/package.json: 1';

export interface CompileOptions {
  /** Sizes to compile under `name` instead of circuits.json's entry (measurements at other sizes). */
  readonly config?: CircuitConfig;
  /** Recompile even when the stamp matches. */
  readonly force?: boolean;
  /** Progress lines; default: stderr. */
  readonly log?: (line: string) => void;
  /** The folder of circom sources to compile instead of circuits/ (a mutated copy: scripts/mutants.ts). */
  readonly sourceDir?: string;
  /** circom's simplification level; default --O2. --O0 keeps every signal in the witness (test oracles). */
  readonly optimization?: '--O0' | '--O1' | '--O2';
  /**
   * Also write main_substitutions.json (circom's --simplification_substitution: each signal --O2
   * removed, as a linear expression of the others), so that every .sym name has a value (test oracles).
   */
  readonly substitutions?: boolean;
}

export interface CompiledCircuit {
  readonly dir: string;
  readonly r1cs: string;
  readonly wasm: string;
  readonly sym: string;
  readonly constraints: number;
  readonly hash: string;
}

/** A template to compile on its own as `component main = TEMPLATE(PARAMS)` (constraint counts, tests). */
export interface TemplateMain {
  /** The file under circuits/ that declares the template. */
  readonly include: string;
  readonly template: string;
  readonly params?: readonly number[];
  readonly publicInputs?: readonly string[];
}

/** Compiles the batch circuit named in circuits.json (or sized by `options.config`). */
export async function compileCircuit(name: CircuitName | string, options: CompileOptions = {}): Promise<CompiledCircuit> {
  const { circuits } = loadCircuits();
  const config = options.config ?? (Object.hasOwn(circuits, name) ? circuits[name as CircuitName] : undefined);
  if (!config) throw new ModuloError('MALFORMED', `circuits.json has no circuit named ${name}; pass options.config to size it`, { name });
  if (!options.config && circuits[name as CircuitName].form === 'linked') {
    throw new ModuloError('MALFORMED', `circuit ${name} is built in linked form (circuits.json): compile it with compileBatch (proving-kit/compile-batch.ts)`, { name });
  }
  checkConfig(name, config);
  const main = mainSource({
    include: 'batch.circom',
    template: 'BatchCircuit',
    params: [config.depth, config.batchSize, config.feeSlots],
    publicInputs: ['publicInputHash'],
  }, options.config ? `sizes given to compileCircuit('${name}')` : `circuits/circuits.json ("${name}")`);
  return compileMain(name, main, options);
}

/** Compiles one template as the main component, into build/circuits/<name>/. */
export async function compileTemplate(name: string, spec: TemplateMain, options: CompileOptions = {}): Promise<CompiledCircuit> {
  return compileMain(name, mainSource(spec, 'a template compiled on its own'), options);
}

function checkConfig(name: string, { depth, batchSize, feeSlots }: CircuitConfig): void {
  const ok = [depth, batchSize, feeSlots].every(Number.isSafeInteger) && depth % 2 === 0 && depth >= 2 && depth <= 32;
  if (!ok || batchSize < 1 || feeSlots < 1) {
    throw new ModuloError('MALFORMED', `circuit ${name}: depth must be even in 2..32, batchSize and feeSlots >= 1 (got ${depth}, ${batchSize}, ${feeSlots})`, { name, depth, batchSize, feeSlots });
  }
}

function mainSource(spec: TemplateMain, origin: string): string {
  const pub = spec.publicInputs?.length ? ` {public [${spec.publicInputs.join(', ')}]}` : '';
  return [
    'pragma circom 2.1.0;',
    `// Generated by scripts/circuits/compile.ts from ${origin}; do not edit.`,
    `include "${spec.include}";`,
    `component main${pub} = ${spec.template}(${(spec.params ?? []).join(', ')});`,
    '',
  ].join('\n');
}

async function compileMain(name: string, main: string, options: CompileOptions): Promise<CompiledCircuit> {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new ModuloError('USAGE', `circuit name ${name} is not a plain file name`, { name });
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = join(BUILD_DIR, name);
  const sources = options.sourceDir ? resolve(options.sourceDir) : CIRCUITS_DIR;
  const optimization = options.optimization ?? '--O2';
  const flags = [optimization, ...(options.substitutions ? ['--simplification_substitution'] : [])];
  const hash = await sourceHash(sources, flags.length === 1 && optimization === '--O2' ? main : `${flags.join(' ')}\0${main}`);
  const cached = options.force ? null : await readStamp(dir, hash);
  if (cached) return cached;
  await mkdir(BUILD_DIR, { recursive: true });
  return withLock(join(BUILD_DIR, `${name}.lock`), (line) => log(`circuits: ${line}`), async () => {
    const stamped = options.force ? null : await readStamp(dir, hash);
    if (stamped) return stamped;
    const tmp = `${dir}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, 'main.circom'), main);
    log(`circuits: compiling ${name} (circom2 ${optimization})...`);
    const started = Date.now();
    await runCircom(tmp, sources, flags, log).catch(async (error: unknown) => {
      await rm(tmp, { recursive: true, force: true });
      throw error;
    });
    // circom's witness_calculator.js is CommonJS; this repository's package.json says "type": "module".
    await writeFile(join(tmp, 'main_js', 'package.json'), '{ "type": "commonjs" }\n');
    const constraints = (await readR1csHeader(join(tmp, 'main.r1cs'))).nConstraints;
    const seconds = (Date.now() - started) / 1000;
    await writeFile(join(tmp, 'stamp.json'), `${JSON.stringify({ hash, constraints, seconds }, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    log(`circuits: ${name}: ${constraints} constraints, compiled in ${seconds.toFixed(1)} s`);
    return outputs(dir, constraints, hash);
  });
}

function outputs(dir: string, constraints: number, hash: string): CompiledCircuit {
  return { dir, r1cs: join(dir, 'main.r1cs'), wasm: join(dir, 'main_js', 'main.wasm'), sym: join(dir, 'main.sym'), constraints, hash };
}

async function readStamp(dir: string, hash: string): Promise<CompiledCircuit | null> {
  try {
    const stamp = JSON.parse(await readFile(join(dir, 'stamp.json'), 'utf8')) as { hash: string; constraints: number };
    const out = outputs(dir, stamp.constraints, stamp.hash);
    return stamp.hash === hash && [out.r1cs, out.wasm, out.sym].every((f) => existsSync(f)) ? out : null;
  } catch {
    return null;
  }
}

/** Hash of everything a compile depends on. */
async function sourceHash(sources: string, main: string): Promise<string> {
  const h = createHash('sha256');
  const files = (await readdir(sources)).filter((f) => f.endsWith('.circom') || f === 'circuits.json').sort();
  for (const file of files) h.update(`${file}\0`).update(await readFile(join(sources, file))).update('\0');
  for (const pkg of ['circomlib', 'circom2']) {
    const { version } = JSON.parse(await readFile(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string };
    h.update(`${pkg}@${version}\0`);
  }
  return h.update(`${OUTPUT_LAYOUT}\0`).update(main).digest('hex').slice(0, 16);
}

function runCircom(dir: string, sources: string, flags: readonly string[], log: (line: string) => void): Promise<void> {
  const cli = require.resolve('circom2/cli.js');
  // circom2's WASI file system resolves paths relative to the working directory: run from the root.
  const out = relative(ROOT, dir);
  const args = [cli, join(out, 'main.circom'), '--r1cs', '--wasm', '--sym', ...flags, '-l', relative(ROOT, sources), '-l', 'node_modules', '-o', out];
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0 && !/error\[/i.test(output)) return done();
      log(output);
      fail(new ModuloError('COMPILE_FAILED', `circom2 failed in ${dir} (exit ${code})`, { dir, code }));
    });
  });
}

/** The header of an .r1cs file (iden3 binary format, section 1). */
export async function readR1csHeader(path: string): Promise<{ nWires: number; nConstraints: number; nPubInputs: number }> {
  const buf = await readFile(path);
  if (buf.toString('latin1', 0, 4) !== 'r1cs') throw new ModuloError('MALFORMED', `${path} is not an r1cs file`, { path });
  let pos = 12;
  while (pos < buf.length) {
    const type = buf.readUInt32LE(pos);
    const size = Number(buf.readBigUInt64LE(pos + 4));
    pos += 12;
    if (type === 1) {
      const n8 = buf.readUInt32LE(pos);
      const at = pos + 4 + n8;
      return { nWires: buf.readUInt32LE(at), nPubInputs: buf.readUInt32LE(at + 8), nConstraints: buf.readUInt32LE(at + 24) };
    }
    pos += size;
  }
  throw new ModuloError('MALFORMED', `${path} has no header section`, { path });
}

/**
 * Constraints per slot at a configuration's depth and fee slots: the difference between batch sizes 1
 * and 2 (compiling the full batch size of a large configuration is not needed to know its cost).
 */
export async function measurePerSlot(name: CircuitName, options: CompileOptions = {}): Promise<{ batch1: number; batch2: number; perSlot: number }> {
  const { depth, feeSlots } = loadCircuits().circuits[name];
  const sized = (batchSize: number) => compileCircuit(`${name}-batch${batchSize}`, { ...options, config: { depth, batchSize, feeSlots } });
  const batch1 = (await sized(1)).constraints;
  const batch2 = (await sized(2)).constraints;
  return { batch1, batch2, perSlot: batch2 - batch1 };
}
