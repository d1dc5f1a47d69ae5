import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { buildBatch, type BatchParams, type CircuitConfig } from '../../core/build-batch.js';
import { circuitInputToJson, type CircuitInput } from '../../core/circuit-input.js';
import { circuitConfig } from '../../core/circuits.js';
import { FIELD_MODULUS } from '../../core/field.js';
import { RollupState } from '../../core/rollup-state.js';
import type { L1Tx } from '../../core/tx.js';
import { compileCircuit, compileTemplate, type CompiledCircuit, type TemplateMain } from '../../proving-kit/compile.js';
import { DOMAIN, depositNew, topUp, user, type User } from '../fixtures/rollup.js';

/**
 * A compiled circuit as tests use it: witnesses from circom's own witness calculator (which also
 * evaluates every `===` while computing), the .sym names of the witness, and the r1cs constraints for
 * checks of edited witnesses: snarkjs' `wtns check` and a fast in-memory evaluator of the same rows.
 */

const require = createRequire(import.meta.url);
const R = FIELD_MODULUS;
const mod = (x: bigint) => ((x % R) + R) % R;

interface WitnessCalculator {
  calculateWitness(input: unknown, sanityCheck: boolean): Promise<bigint[]>;
}
type WitnessCalculatorBuilder = (code: Buffer) => Promise<WitnessCalculator>;

/** Rows A·w * B·w = C·w; the terms of row i, matrix m are terms[start[3i+m] .. start[3i+m+1]). */
export interface Constraints {
  readonly count: number;
  readonly start: Uint32Array;
  readonly wire: Uint32Array;
  readonly coeff: readonly bigint[];
}

export class Circuit {
  readonly #builder: WitnessCalculatorBuilder;
  readonly #code: Buffer;
  #constraints: Constraints | null = null;

  private constructor(
    readonly compiled: CompiledCircuit,
    code: Buffer,
    /** Signal name (as in the .sym file, `main.` prefixed) to its witness index; eliminated signals absent. */
    readonly signals: ReadonlyMap<string, number>,
    /** Witness index to one of its names. */
    readonly names: ReadonlyMap<number, string>,
  ) {
    this.#code = code;
    this.#builder = require(join(compiled.dir, 'main_js', 'witness_calculator.js')) as WitnessCalculatorBuilder;
  }

  static async load(compiled: CompiledCircuit): Promise<Circuit> {
    const signals = new Map<string, number>();
    const names = new Map<number, string>();
    for (const line of (await readFile(compiled.sym, 'utf8')).split('\n')) {
      const [, wire, , name] = line.split(',');
      if (name === undefined || wire === '-1') continue;
      signals.set(name, Number(wire));
      if (!names.has(Number(wire))) names.set(Number(wire), name);
    }
    return new Circuit(compiled, await readFile(compiled.wasm), signals, names);
  }

  /** The full witness; throws circom's "Assert Failed ... Error in template X" when a constraint fails. */
  async witness(input: CircuitInput | Record<string, unknown>): Promise<bigint[]> {
    const calculator = await this.#builder(this.#code); // a fresh instance: its error text starts empty
    return calculator.calculateWitness(toJson(input), true);
  }

  /** The witness index of a signal by its name without the `main.` prefix. */
  index(name: string): number {
    const wire = this.signals.get(`main.${name}`);
    if (wire === undefined) throw new Error(`signal main.${name} is not in the witness (unknown or eliminated by --O2)`);
    return wire;
  }

  value(witness: readonly bigint[], name: string): bigint {
    return witness[this.index(name)]!;
  }

  /**
   * `value` with the bits of `prefix[0..count)` (most significant first) that --O2 eliminated from the
   * witness (replaced by linear combinations of others) taken as `value`'s own: equal to `value` iff
   * every bit the witness holds agrees with it.
   */
  bigEndianBits(witness: readonly bigint[], prefix: string, count: number, value: bigint): bigint {
    let out = 0n;
    for (let i = 0; i < count; i++) {
      const wire = this.signals.get(`main.${prefix}[${i}]`);
      const own = (value >> BigInt(count - 1 - i)) & 1n;
      out = 2n * out + (wire === undefined ? own : witness[wire]!);
    }
    return out;
  }

  async constraints(): Promise<Constraints> {
    this.#constraints ??= await readConstraints(this.compiled.r1cs);
    return this.#constraints;
  }

  /** The first r1cs row the witness violates, or -1. */
  async firstViolation(witness: readonly bigint[]): Promise<number> {
    const c = await this.constraints();
    for (let i = 0; i < c.count; i++) {
      const [a, b, cc] = [0, 1, 2].map((m) => evaluate(c, 3 * i + m, witness)) as [bigint, bigint, bigint];
      if (mod(a * b - cc) !== 0n) return i;
    }
    return -1;
  }

  /** snarkjs' own `wtns check` of this witness against the r1cs. */
  async snarkjsCheck(witness: readonly bigint[]): Promise<boolean> {
    const dir = await mkdtemp(join(tmpdir(), 'modulo-wtns-'));
    const file = join(dir, 'witness.wtns');
    await writeFile(file, encodeWtns(witness));
    const silent = { info() {}, warn() {}, error() {}, debug() {} };
    return (await snarkjs()).wtns.check(this.compiled.r1cs, file, silent);
  }

  /**
   * Witness indices that no row pins: changing the value at such an index alone, by any amount, keeps
   * every row that mentions it satisfied (an unconstrained `<--` shows up here). Row i with value
   * A0 * B0 = C0 and coefficients a, b, c of wire x, after x += t, is off by t (A0 b + a B0 - c) + t^2 a b.
   */
  async unpinned(witness: readonly bigint[]): Promise<number[]> {
    const c = await this.constraints();
    const pinned = new Uint8Array(witness.length);
    pinned[0] = 1; // the constant 1
    const coef = new Map<number, [bigint, bigint, bigint]>();
    for (let i = 0; i < c.count; i++) {
      const value = [0, 1, 2].map((m) => evaluate(c, 3 * i + m, witness)) as [bigint, bigint, bigint];
      coef.clear();
      for (let m = 0; m < 3; m++) {
        for (let t = c.start[3 * i + m]!; t < c.start[3 * i + m + 1]!; t++) {
          const w = c.wire[t]!;
          const entry = coef.get(w) ?? [0n, 0n, 0n];
          entry[m] = c.coeff[t]!;
          coef.set(w, entry);
        }
      }
      for (const [w, [a, b, cc]] of coef) {
        if (pinned[w]) continue;
        if (mod(value[0] * b + a * value[1] - cc) !== 0n || mod(a * b) !== 0n) pinned[w] = 1;
      }
    }
    const out: number[] = [];
    pinned.forEach((p, w) => p || out.push(w));
    return out;
  }
}

function toJson(input: CircuitInput | Record<string, unknown>): Record<string, unknown> {
  const values = Object.values(input);
  const isCore = values.every(function isValue(v: unknown): boolean {
    return typeof v === 'bigint' || (Array.isArray(v) && v.every(isValue));
  });
  return isCore ? circuitInputToJson(input as CircuitInput) : (input as Record<string, unknown>);
}

function evaluate(c: Constraints, lc: number, witness: readonly bigint[]): bigint {
  let sum = 0n;
  for (let t = c.start[lc]!; t < c.start[lc + 1]!; t++) sum += c.coeff[t]! * witness[c.wire[t]!]!;
  return mod(sum);
}

/** Section 2 of an iden3 .r1cs file. */
async function readConstraints(path: string): Promise<Constraints> {
  const buf = await readFile(path);
  let pos = 12;
  let n8 = 32;
  let count = 0;
  let body: Buffer | null = null;
  while (pos < buf.length) {
    const type = buf.readUInt32LE(pos);
    const size = Number(buf.readBigUInt64LE(pos + 4));
    if (type === 1) {
      n8 = buf.readUInt32LE(pos + 12);
      count = buf.readUInt32LE(pos + 12 + 4 + n8 + 24);
    }
    if (type === 2) body = buf.subarray(pos + 12, pos + 12 + size);
    pos += 12 + size;
  }
  if (!body) throw new Error(`${path} has no constraints section`);
  const start = new Uint32Array(3 * count + 1);
  const wires: number[] = [];
  const coeff: bigint[] = [];
  let at = 0;
  for (let lc = 0; lc < 3 * count; lc++) {
    const terms = body.readUInt32LE(at);
    at += 4;
    for (let t = 0; t < terms; t++) {
      wires.push(body.readUInt32LE(at));
      coeff.push(bytesToNumberLE(body.subarray(at + 4, at + 4 + n8)));
      at += 4 + n8;
    }
    start[lc + 1] = wires.length;
  }
  return { count, start, wire: Uint32Array.from(wires), coeff };
}

/** An iden3 .wtns file (version 2) holding `witness`. */
function encodeWtns(witness: readonly bigint[]): Buffer {
  const n8 = 32;
  const le = (x: bigint) => Buffer.from(numberToBytesLE(x, n8));
  const header = Buffer.alloc(4 + n8 + 4);
  header.writeUInt32LE(n8, 0);
  le(R).copy(header, 4);
  header.writeUInt32LE(witness.length, 4 + n8);
  const values = Buffer.concat(witness.map((w) => le(mod(w))));
  const sectionHead = (type: number, size: number) => {
    const b = Buffer.alloc(12);
    b.writeUInt32LE(type, 0);
    b.writeBigUInt64LE(BigInt(size), 4);
    return b;
  };
  const magic = Buffer.alloc(12);
  magic.write('wtns', 0, 'latin1');
  magic.writeUInt32LE(2, 4);
  magic.writeUInt32LE(2, 8);
  return Buffer.concat([magic, sectionHead(1, header.length), header, sectionHead(2, values.length), values]);
}

interface Snarkjs {
  wtns: { check(r1cs: string, wtns: string, logger: unknown): Promise<boolean> };
}
/** snarkjs ships no types; the specifier is a variable so that tsc does not look for them. */
const SNARKJS = 'snarkjs';
let snarkjsModule: Promise<Snarkjs> | null = null;
function snarkjs(): Promise<Snarkjs> {
  snarkjsModule ??= import(SNARKJS) as Promise<Snarkjs>;
  return snarkjsModule;
}

const loaded = new Map<string, Promise<Circuit>>();

/**
 * MODULO_CIRCUITS_SOURCE names a mutated copy of circuits/ (scripts/mutants.ts writes it as
 * build/mutants/<mutant>/circuits): the circuits below are then compiled from it, under names prefixed
 * with `<mutant>-`, so that the behavioural tests run against the mutant.
 */
export const MUTANT_SOURCE = process.env.MODULO_CIRCUITS_SOURCE ? resolve(process.env.MODULO_CIRCUITS_SOURCE) : undefined;
/** The prefix of the names of circuits compiled from MUTANT_SOURCE ('' for circuits/ itself). */
export const PREFIX = MUTANT_SOURCE ? `${basename(dirname(MUTANT_SOURCE))}-` : '';

/** The batch circuit of circuits.json's `test` configuration, compiled (or taken from the cache) once. */
export function testCircuit(): Promise<Circuit> {
  const options = MUTANT_SOURCE ? { sourceDir: MUTANT_SOURCE, config: circuitConfig('test') } : {};
  if (!loaded.has('test')) loaded.set('test', compileCircuit(`${PREFIX}test`, options).then(Circuit.load));
  return loaded.get('test')!;
}

/**
 * One template compiled on its own (constraint counts, unit tests of a template); from the mutant only
 * when the mutated file is among those the template includes (the other mutants share one compile).
 */
export function templateCircuit(name: string, spec: TemplateMain): Promise<Circuit> {
  const mutated = MUTANT_SOURCE !== undefined && [...included(spec.include)].some((file) => changedFiles().has(file));
  const key = `${mutated ? PREFIX : ''}template-${name}`;
  if (!loaded.has(key)) loaded.set(key, compileTemplate(key, spec, { sourceDir: mutated ? MUTANT_SOURCE : undefined }).then(Circuit.load));
  return loaded.get(key)!;
}

const CIRCUITS_DIR = fileURLToPath(new URL('../../circuits/', import.meta.url));

/** The circuits/ files `file` includes, itself and transitively (circomlib's left out). */
function included(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file) || !existsSync(join(CIRCUITS_DIR, file))) return seen;
  seen.add(file);
  for (const [, next] of readFileSync(join(CIRCUITS_DIR, file), 'utf8').matchAll(/include "([^"]+)";/g)) included(next!, seen);
  return seen;
}

/** The files of MUTANT_SOURCE that differ from circuits/. */
function changedFiles(): Set<string> {
  const files = readdirSync(MUTANT_SOURCE!).filter((f) => f.endsWith('.circom'));
  return new Set(files.filter((f) => readFileSync(join(MUTANT_SOURCE!, f), 'utf8') !== readFileSync(join(CIRCUITS_DIR, f), 'utf8')));
}

/** Runs `fn` and returns the message it throws (circom's failed-assert trace), or null if it did not. */
export async function failure(fn: () => Promise<unknown>): Promise<string | null> {
  try {
    await fn();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

// ---- Batches of the `test` configuration, built by core (the expected values of every circuit test).

export const CONFIG: CircuitConfig = circuitConfig('test');
export const ETH = 0n;
export const TOKEN = 1n;
export const USERS = [1, 2, 3, 4, 5, 6].map(user);
export const [alice, bob, carol, operator] = USERS as [User, User, User, User];

export function batchParams(over: Partial<BatchParams> = {}): BatchParams {
  return { circuit: CONFIG, domain: DOMAIN, batchNumber: 1n, l1QueueStartHash: 0n, l1Txs: [], l2Txs: [], feeIdx: [], ...over };
}

/** The deposits that fund `fundedState`, two batches of CONFIG.batchSize (4) L1 slots. */
export const GENESIS: readonly L1Tx[][] = [
  [depositNew(alice, 1, ETH, 10n ** 18n), depositNew(bob, 2, ETH, 5n * 10n ** 17n), depositNew(operator, 3, ETH, 0n), depositNew(bob, 4, TOKEN, 1000n)],
  [depositNew(operator, 5, TOKEN, 0n), depositNew(carol, 6, ETH, 2n * 10n ** 18n), depositNew(carol, 7, TOKEN, 10n ** 6n), topUp(carol.ethAddr, 1, ETH, 1n)],
];

/**
 * #1 alice ETH, #2 bob ETH, #3 operator ETH (fee account), #4 bob TOKEN, #5 operator TOKEN (fee account),
 * #6 carol ETH, #7 carol TOKEN.
 */
export function fundedState(): RollupState {
  const state = new RollupState(CONFIG.depth);
  for (const l1Txs of GENESIS) buildBatch(state, batchParams({ l1Txs })).state.merge();
  return state;
}

/** The key of the account at idx (fixture users only). */
export function ownerOf(state: RollupState, idx: number): User {
  const owner = USERS.find((u) => u.ethAddr === state.getAccount(idx).ethAddr);
  if (!owner) throw new Error(`no fixture user owns account ${idx}`);
  return owner;
}
