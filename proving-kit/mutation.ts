import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { circuitConfig } from '../core/circuits.js';
import { compileCircuit } from './compile.js';

/**
 * Mutation testing of circuits/ (scripts/mutants.ts runs them all, mutants.test.ts a sample). A mutant
 * is circuits/ with one change: a `===` statement deleted, or a group of consecutive `<==` statements
 * weakened to `<--` (the value is still computed, no longer constrained). It is compiled in the `test`
 * configuration from a mutated copy (build/mutants/<slug>/circuits), and the behavioural circuit tests
 * run against it (MODULO_CIRCUITS_SOURCE, read by helpers.ts; not the constraint-count pins). A test
 * failing kills it; a survivor must be listed in circuits/mutants-equivalent.json with the reason it is
 * redundant. A mutant's id is `file: statement text` (`#k` for a repeated text): stable across moves.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CIRCUITS = join(ROOT, 'circuits');
const OUT = join(ROOT, 'build', 'mutants');
/** One vitest run of a mutant: `files` (the tests named `only`, if given). */
export interface MutantStage {
  readonly files: readonly string[];
  readonly only?: string;
  /** Whether the tests read the batch circuit (compiled before the stage) or only templates. */
  readonly batch: boolean;
}

const ADVERSARIAL = 'test/circuits/adversarial.test.ts';
const CONTRACTS = 'test/circuits/template-contracts.test.ts';
const SLOT_CONTRACTS = 'test/circuits/slot-contracts.test.ts';
const LINKED = 'test/circuits/linked.test.ts';
const LINKED_PARTS = 'batch-parts.circom';
/** The attacks on one template at a time, each compiled on its own from the mutant: seconds, no batch compile. */
const TEMPLATE_ATTACKS: MutantStage = { files: [CONTRACTS, SLOT_CONTRACTS, ADVERSARIAL], only: 'check lifted|no signal of a Slot witness is free', batch: false };

/**
 * The behavioural circuit tests a mutant must fail, in stages, each a vitest run that stops at its
 * first failure; a later stage runs only if the earlier ones all passed, and a survivor has run every
 * file. When a test attacks a template on its own that the mutated file is part of, those attacks
 * come first, before the batch circuit's compile (about a minute). A weakened `<==` leaves the witness
 * calculator as it was and drops rows from the r1cs, so the cheap r1cs checks of an honest witness come
 * next ("no witness signal is free"); a deleted `===` also drops an assert of the witness calculator,
 * which the hand-built false statements reach.
 * test/circuits/batch.test.ts is left out: it proves honest batches and compares them with core, and a
 * mutant only removes constraints (its witness calculator computes the same values with fewer asserts),
 * so an honest batch it accepts the mutant accepts too: that file cannot kill a mutant.
 */
export function mutantStages(mutant: Mutant): MutantStage[] {
  // The linked form's glue (SlotPart, TailPart) is in no whole batch circuit: its tests compare the
  // linked system, parts compiled from the mutant, with the whole compile (4 slots; parts about 5 min).
  if (mutant.file === LINKED_PARTS) return [{ files: [LINKED], only: '4 slots', batch: false }];
  const all = [ADVERSARIAL, 'test/circuits/batch-rejections.test.ts', 'test/circuits/witness-tampering.test.ts'];
  const first = attackedFiles().has(mutant.file) ? [TEMPLATE_ATTACKS] : [];
  if (mutant.kind === 'weaken') {
    return [...first, { files: ['test/circuits/witness-tampering.test.ts'], only: 'no witness signal is free', batch: true }, { files: all, batch: true }];
  }
  return [...first, { files: all.slice(0, 2), batch: true }, { files: all.slice(2), batch: true }];
}

/** The circuits/ files that the templates attacked one at a time include (transitively). */
function attackedFiles(): Set<string> {
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file) || !existsSync(join(CIRCUITS, file))) return;
    files.add(file);
    for (const [, next] of readFileSync(join(CIRCUITS, file), 'utf8').matchAll(/include "([^"]+)";/g)) visit(next!);
  };
  for (const test of TEMPLATE_ATTACKS.files) {
    for (const [, file] of readFileSync(join(ROOT, test), 'utf8').matchAll(/(?:include: |t\()'([\w.-]+\.circom)'/g)) visit(file!);
  }
  return files;
}

/** The mutants issue #15 names, run first. */
export const PRIORITY = [
  'account-leaf.circom: ethAddrIsZero.out * ax === 0;',
  'account-leaf.circom: ethAddrIsZero.out * ay === 0;',
  'account-leaf.circom: ethAddrIsZero.out * packed === 0;',
  'l1-tx.circom: tokenIdN2b.in <== tokenId;',
  'l2-signature.circom: keyOnCurve.enabled <== enabled;',
  'l2-signature.circom: r8OnCurve.enabled <== enabled;',
  'l2-signature.circom: enabled * (A * x2 + y2 - 1 - D * x2y2) === 0;',
  'l2-tx.circom: fromIsZero.out * toIdx === 0;',
  'fee-slots.circom: newBalanceBits.in <== balance + total;',
];

export interface Mutant {
  readonly id: string;
  readonly file: string;
  /** 1-based lines of the statements changed. */
  readonly lines: readonly number[];
  readonly kind: 'delete' | 'weaken';
}

export interface Result {
  readonly id: string;
  readonly lines: string;
  readonly verdict: 'killed' | 'survived' | 'no compile' | 'error';
  /** The first failing test (killed) or the compile error. */
  readonly by?: string;
  readonly constraints?: number;
  readonly seconds: number;
  /** Of `seconds`, the compile of the mutant's `test` circuit. */
  readonly compileSeconds?: number;
}

/** Statements of a circom file: [first line, last line] (0-based), the text joined. */
function statements(lines: readonly string[]): Array<{ first: number; last: number; text: string }> {
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!/===|<==/.test(line) || line.startsWith('//')) continue;
    let last = i;
    while (!/[;{}]$/.test(lines[last]!.trimEnd()) && last + 1 < lines.length) last++;
    out.push({ first: i, last, text: lines.slice(i, last + 1).map((l) => l.trim()).join(' ') });
    i = last;
  }
  return out;
}

/** Every mutant of circuits/: one per `===` statement, one per run of consecutive `<==` statements. */
export function enumerateMutants(dir = CIRCUITS): Mutant[] {
  const mutants: Mutant[] = [];
  const files = readdirSyncCircom(dir);
  for (const file of files) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    const seen = new Map<string, number>();
    const name = (text: string) => {
      const count = (seen.get(text) ?? 0) + 1;
      seen.set(text, count);
      return `${file}: ${text}${count > 1 ? ` #${count}` : ''}`;
    };
    let group: number[] = [];
    let groupText = '';
    let groupEnd = -2;
    const flush = () => {
      if (group.length) mutants.push({ id: name(groupText), file, lines: group.map((l) => l + 1), kind: 'weaken' });
      group = [];
    };
    for (const s of statements(lines)) {
      if (s.text.includes('===')) {
        flush();
        mutants.push({ id: name(s.text), file, lines: range(s.first, s.last).map((l) => l + 1), kind: 'delete' });
        continue;
      }
      if (s.first !== groupEnd + 1) flush();
      if (!group.length) groupText = s.text;
      group.push(s.first);
      groupEnd = s.last;
    }
    flush();
  }
  return mutants;
}

function readdirSyncCircom(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.circom')).sort();
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);

/** The mutated text of `file`: the statements at `lines` deleted or their `<==` weakened to `<--`. */
export function mutate(source: string, mutant: Mutant): string {
  const lines = source.split('\n');
  for (const n of mutant.lines) {
    const i = n - 1;
    lines[i] = mutant.kind === 'delete' ? '' : lines[i]!.replace('<==', '<--');
  }
  return lines.join('\n');
}

/** The mutant's folder name under build/mutants and its compiled circuit's prefix. */
export const slugOf = (id: string) => `mutant-${createHash('sha256').update(id).digest('hex').slice(0, 10)}`;

/** Writes the mutated copy of circuits/ to build/mutants/<slug>/circuits and returns that folder. */
export async function writeMutant(mutant: Mutant): Promise<string> {
  const dir = join(OUT, slugOf(mutant.id), 'circuits');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(CIRCUITS, dir, { recursive: true });
  const path = join(dir, mutant.file);
  const before = await readFile(path, 'utf8');
  const after = mutate(before, mutant);
  if (after === before) throw new Error(`mutant ${mutant.id} changes nothing`);
  await writeFile(path, after);
  return dir;
}

/** Runs the mutant's stages (or `stages`) until one fails, compiling its batch circuit before the first stage that reads it. */
export async function runMutant(mutant: Mutant, stages = mutantStages(mutant)): Promise<Result> {
  const started = Date.now();
  const lines = `${mutant.file}:${mutant.lines.join(',')}`;
  const source = await writeMutant(mutant);
  const seconds = () => Math.round((Date.now() - started) / 1000);
  let constraints: number | undefined;
  let compileSeconds: number | undefined;
  for (const [n, stage] of stages.entries()) {
    if (stage.batch && constraints === undefined) {
      const before = Date.now();
      try {
        constraints = (await compileCircuit(`${slugOf(mutant.id)}-test`, { sourceDir: source, config: circuitConfig('test'), log: () => {} })).constraints;
      } catch (error) {
        return { id: mutant.id, lines, verdict: 'no compile', by: String(error).slice(0, 200), seconds: seconds() };
      }
      compileSeconds = Math.round((Date.now() - before) / 1000);
    }
    const outcome = runStage(mutant, source, stage.files, stage.only, n);
    if (outcome.error) return { id: mutant.id, lines, verdict: 'error', by: outcome.error, constraints, seconds: seconds(), compileSeconds };
    if (outcome.failed) return { id: mutant.id, lines, verdict: 'killed', by: outcome.failed, constraints, seconds: seconds(), compileSeconds };
  }
  return { id: mutant.id, lines, verdict: 'survived', constraints, seconds: seconds(), compileSeconds };
}

/** One vitest run of `files` (the tests named `only`, if given) against the mutant's sources. */
function runStage(mutant: Mutant, source: string, files: readonly string[], only: string | undefined, n: number): { failed?: string; error?: string } {
  const present = files.filter((test) => existsSync(join(ROOT, test)));
  const report = join(OUT, slugOf(mutant.id), `vitest-${n}.json`);
  const filter = only ? ['-t', only] : [];
  const vitest = spawnSync(join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', '--bail', '1', '--reporter', 'json', '--outputFile', report, ...filter, ...present], {
    cwd: ROOT,
    env: { ...process.env, MODULO_CIRCUITS_SOURCE: source },
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const failed = existsSync(report) ? firstFailure(readFileSync(report, 'utf8')) : null;
  // A mutant that does not compile fails every test that compiles it: that is no kill.
  if (failed && /circom2 failed|COMPILE_FAILED/.test(failed.message)) return { error: `compile: ${failed.name}` };
  if (failed) return { failed: failed.name };
  if (vitest.status !== 0) return { error: `vitest exit ${vitest.status ?? vitest.signal}: ${(vitest.stderr ?? '').slice(-300)}` };
  return {};
}

function firstFailure(json: string): { name: string; message: string } | null {
  const start = json.indexOf('{');
  if (start < 0) return null;
  const report = JSON.parse(json.slice(start)) as {
    testResults: Array<{
      name: string;
      status: string;
      message?: string;
      assertionResults: Array<{ status: string; fullName: string; failureMessages?: string[] }>;
    }>;
  };
  // A failed test first: --bail cancels the files still running, which then read as failed without one.
  for (const file of report.testResults) {
    const test = file.assertionResults.find((t) => t.status === 'failed');
    if (test) return { name: `${file.name.replace(ROOT, '')}: ${test.fullName}`, message: (test.failureMessages ?? []).join('\n') };
  }
  const file = report.testResults.find((f) => f.status === 'failed' && f.message);
  return file ? { name: `${file.name.replace(ROOT, '')}: ${file.message!.split('\n')[0]}`, message: file.message! } : null;
}
