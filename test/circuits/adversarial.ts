import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { babyjubjub } from '@noble/curves/misc.js';
import { compileTemplate, type TemplateMain } from '../../proving-kit/compile.js';
import { Circuit, failure, MUTANT_SOURCE } from './helpers.js';

/**
 * Tools of the adversarial tests: a witness for a false statement that a circuit without one check
 * would accept, and the rows of the real r1cs that refuse it.
 *
 * `liftedCircuit` compiles a template from a copy of circuits/ in which the statements of a check are
 * replaced (a `===` deleted, a `<==` turned into the `<--` a cheating prover would write): its witness
 * calculator then computes the whole attack, every downstream signal included. `transplant` moves that
 * witness onto the real circuit's wires by signal name, and `violations` lists the real rows it breaks.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const R = babyjubjub.Point.Fp.ORDER;

/** One statement of circuits/<file> replaced by `to` ('' deletes it). */
export interface Lift {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

/** `spec` compiled from circuits/ with `lifts` applied (cached under build/circuits/lifted-<hash>), --O0. */
export async function liftedCircuit(spec: TemplateMain, lifts: readonly Lift[]): Promise<Circuit> {
  const hash = createHash('sha256').update(JSON.stringify({ spec, lifts })).digest('hex').slice(0, 12);
  const dir = join(ROOT, 'build', 'lifted', hash, 'circuits');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(join(ROOT, 'circuits'), dir, { recursive: true });
  for (const { file, from, to } of lifts) {
    const source = await readFile(join(dir, file), 'utf8');
    if (!source.includes(from)) throw new Error(`circuits/${file} has no statement ${from}`);
    await writeFile(join(dir, file), source.replace(from, to));
  }
  // --O0: every signal of the lifted circuit is a wire, so that each wire of the real (--O2) one has a value.
  return Circuit.load(await compileTemplate(`lifted-${hash}`, spec, { sourceDir: dir, optimization: '--O0', log: () => {} }));
}

/**
 * `witness` of `from` as a witness of `to`, wire by wire through the signal names; null when `to` has
 * a wire that no name of `from` holds (a mutant that keeps a signal `from` eliminates: nothing to say).
 */
export function transplant(from: Circuit, witness: readonly bigint[], to: Circuit): bigint[] | null {
  const out: Array<bigint | undefined> = [1n];
  for (const [name, wire] of to.signals) {
    const source = from.signals.get(name);
    if (source !== undefined) out[wire] = witness[source];
  }
  let wires = 0;
  for (const wire of to.signals.values()) wires = Math.max(wires, wire + 1);
  for (let wire = 0; wire < wires; wire++) if (out[wire] === undefined) return null;
  return out as bigint[];
}

/** Every r1cs row `witness` violates. */
export async function violations(circuit: Circuit, witness: readonly bigint[]): Promise<number[]> {
  const c = await circuit.constraints();
  const value = (lc: number) => {
    let sum = 0n;
    for (let t = c.start[lc]!; t < c.start[lc + 1]!; t++) sum += c.coeff[t]! * witness[c.wire[t]!]!;
    return sum;
  };
  const out: number[] = [];
  for (let i = 0; i < c.count; i++) if ((value(3 * i) * value(3 * i + 1) - value(3 * i + 2)) % R !== 0n) out.push(i);
  return out;
}

/** The wires of r1cs row `row`. */
export async function rowWires(circuit: Circuit, row: number): Promise<Set<number>> {
  const c = await circuit.constraints();
  const wires = new Set<number>();
  for (let t = c.start[3 * row]!; t < c.start[3 * row + 3]!; t++) wires.add(c.wire[t]!);
  return wires;
}

/** The names (without `main.`) of the wires of r1cs row `row`, every alias of each. */
export async function rowSignals(circuit: Circuit, row: number): Promise<string[]> {
  const wires = await rowWires(circuit, row);
  return [...circuit.signals].filter(([, wire]) => wires.has(wire)).map(([name]) => name.slice('main.'.length));
}

/**
 * The source text of the statement at `line` of a circuits/ file (of the mutant under test, if any),
 * `<--` read as `<==`: the witness calculator runs both alike, so a weakened `<==` is for the r1cs-level
 * tests to catch, not for a quote to give away.
 */
export function circuitLine(file: string, line: number): string {
  const dir = MUTANT_SOURCE ?? join(ROOT, 'circuits');
  return readFileSync(join(dir, file), 'utf8').split('\n')[line - 1]!.trim().replace('<--', '<==');
}

/** The failed asserts of circom's witness calculator message, innermost first: template (instance number dropped) and line. */
export function failedAsserts(message: string): Array<{ template: string; line: number }> {
  return [...message.matchAll(/Error in template (\w+?)_\d+ line: (\d+)/g)].map((m) => ({ template: m[1]!, line: Number(m[2]) }));
}

/**
 * A BabyJubJub "key" that is not on the curve and for which circomlib's EdDSAPoseidonVerifier accepts
 * any message: with A = (k y, y), y^4 chosen so that 2A lies on t^2 = a s^2, the doubling formulas give
 * 4A = (u, 0) with u != 0 (so the verifier's "A is not small order" test, which reads 4A.x, passes) and
 * 8A = (0, -a u^2); EscalarMulAny treats a point with x = 0 as the identity, so h * 8A drops out and
 * (R8, S) = (S * Base8, S) verifies for every message. Only the on-curve check of the key refuses it.
 */
export function forgeableKey(): { ax: bigint; ay: bigint; sign: (s: bigint) => { r8x: bigint; r8y: bigint; s: bigint } } {
  const F = babyjubjub.Point.Fp;
  const [a, d] = [168700n, 168696n];
  const sigma = F.sqrt(a);
  for (let k = 2n; ; k++) {
    const num = F.add(F.sub(F.mul(2n, F.mul(sigma, k)), 1n), F.mul(a, F.sqr(k)));
    const den = F.mul(F.mul(d, F.sqr(k)), F.add(F.sub(1n, F.mul(a, F.sqr(k))), F.mul(2n, F.mul(sigma, k))));
    const y2 = trySqrt(F.div(num, den));
    const y = y2 === null ? null : trySqrt(y2) ?? trySqrt(F.neg(y2));
    if (y === null || y === 0n) continue;
    const sign = (s: bigint) => {
      const r8 = babyjubjub.Point.BASE.multiply(s).toAffine();
      return { r8x: r8.x, r8y: r8.y, s };
    };
    return { ax: F.mul(k, y), ay: y, sign };
  }

  function trySqrt(x: bigint): bigint | null {
    try {
      return F.sqrt(x);
    } catch {
      return null;
    }
  }
}

/**
 * A template's own contract broken where a `<==` were only a hint or a `===` missing: its honest input,
 * the lift (the wrong value a cheating prover would compute, or the check deleted) and the outputs the
 * lie changes. With `changes` empty the input itself is the lie (out of range, a bad signature): the
 * real witness calculator refuses it.
 */
export interface ContractBreach {
  readonly spec: TemplateMain;
  readonly input: Record<string, unknown>;
  readonly lifts: readonly Lift[];
  readonly changes: readonly string[];
}

/** The template of `spec` as templateCircuit names it. */
export const templateName = (spec: TemplateMain) =>
  [spec.template, ...(spec.params ?? []), ...(spec.publicInputs?.length ? ['pub', ...spec.publicInputs] : [])].join('-');

/**
 * The breach's witness, computed with the check lifted, and what the real template says of it: the
 * outputs it changes (real value, lifted value) and the real r1cs rows it violates; null when the real
 * circuit has a wire the lifted one lacks.
 */
export async function breach(real: Circuit, { spec, input, lifts, changes }: ContractBreach): Promise<{
  refused: boolean;
  changed: Array<[string, bigint, bigint]>;
  rows: number[] | null;
}> {
  const json = JSON.parse(JSON.stringify(input, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
  let honest: bigint[] | null = null;
  const refused = (await failure(async () => (honest = await real.witness(json)))) !== null;
  const lifted = await liftedCircuit(spec, lifts);
  const attack = await lifted.witness(json);
  const changed = changes.map((name): [string, bigint, bigint] => [name, honest ? real.value(honest, name) : -1n, lifted.value(attack, name)]);
  const witness = transplant(lifted, attack, real);
  return { refused, changed, rows: witness && [...(await violations(real, witness)), ...merged(lifted, attack, real)] };
}

/**
 * The wires of `to` whose names hold different values in `from`'s witness: --O2 made those signals one
 * wire (a linear constraint substituted away), so `to` refuses the witness there; reported as row -1.
 */
function merged(from: Circuit, witness: readonly bigint[], to: Circuit): number[] {
  const values = new Map<number, bigint>();
  let conflict = false;
  for (const [name, wire] of to.signals) {
    const source = from.signals.get(name);
    if (source === undefined) continue;
    const value = witness[source]!;
    if (values.has(wire) && values.get(wire) !== value) conflict = true;
    values.set(wire, value);
  }
  return conflict ? [-1] : [];
}
