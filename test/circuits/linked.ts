import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { FIELD_MODULUS } from '../../core/field.js';
import type { CompiledCircuit } from '../../proving-kit/compile.js';
import type { LinkedCircuit } from '../../proving-kit/compile-linked.js';
import type { PartInstance } from '../../proving-kit/link-plan.js';
import { forEachTerm, readR1cs } from '../../proving-kit/r1cs-file.js';

/**
 * Test oracles for the linked form: every .sym name of a compile has a value in a witness (a kept
 * signal its wire, one --O2 removed the linear expression circom's --simplification_substitution
 * wrote for it), so a witness maps across from the whole compile to the linked wires and back by names
 * alone; and the residuals A·w * B·w - C·w of every row, compared as multisets, say whether two r1cs
 * are the same rows.
 */

const R = FIELD_MODULUS;
const mod = (x: bigint) => ((x % R) + R) % R;

export class Names {
  private constructor(
    /** Name -> label. */
    readonly labels: ReadonlyMap<string, number>,
    /** Label -> wire, -1 when removed. */
    private readonly wireOf: Int32Array,
    /** Removed label -> its expression, [label, coefficient] pairs (label 0 is the constant one). */
    private readonly substitutions: ReadonlyMap<number, ReadonlyArray<readonly [number, bigint]>>,
    /** Wire -> its names: the kept one and those removed as exactly that wire. */
    readonly namesOf: ReadonlyMap<number, readonly string[]>,
  ) {}

  static load(compiled: CompiledCircuit): Names {
    const labels = new Map<string, number>();
    const wires: number[] = [];
    const nameOfLabel: string[] = [];
    for (const line of readFileSync(compiled.sym, 'utf8').split('\n')) {
      const [label, wire, , name] = line.split(',');
      if (name === undefined) continue;
      labels.set(name, Number(label));
      wires[Number(label)] = Number(wire);
      nameOfLabel[Number(label)] = name;
    }
    const raw = JSON.parse(readFileSync(join(compiled.dir, 'main_substitutions.json'), 'utf8')) as Record<string, Record<string, string>>;
    const substitutions = new Map<number, Array<[number, bigint]>>();
    for (const [label, expr] of Object.entries(raw)) substitutions.set(Number(label), Object.entries(expr).map(([l, c]) => [Number(l), BigInt(c)]));
    const wireOf = Int32Array.from({ length: wires.length }, (_, l) => wires[l] ?? -1);
    wireOf[0] = 0;
    const namesOf = new Map<number, string[]>();
    const add = (wire: number, name: string) => namesOf.set(wire, [...(namesOf.get(wire) ?? []), name]);
    nameOfLabel.forEach((name, label) => {
      if (wireOf[label]! >= 0) add(wireOf[label]!, name);
      const expr = substitutions.get(label);
      if (wireOf[label]! < 0 && expr?.length === 1 && expr[0]![1] === 1n && expr[0]![0] !== 0 && wireOf[expr[0]![0]]! >= 0) add(wireOf[expr[0]![0]]!, name);
    });
    return new Names(labels, wireOf, substitutions, namesOf);
  }

  has(name: string): boolean {
    return this.labels.has(name);
  }

  /** The wire of a kept signal (-1 for one --O2 removed). */
  wire(name: string): number {
    const label = this.labels.get(name);
    if (label === undefined) throw new Error(`no signal ${name}`);
    return this.wireOf[label]!;
  }

  /** The value of a named signal in `witness` (wire -> value). */
  value(name: string, witness: (wire: number) => bigint): bigint {
    const label = this.labels.get(name);
    if (label === undefined) throw new Error(`no signal ${name}`);
    return this.labelValue(label, witness);
  }

  private labelValue(label: number, witness: (wire: number) => bigint): bigint {
    if (label === 0) return 1n;
    const wire = this.wireOf[label]!;
    if (wire >= 0) return witness(wire);
    const expr = this.substitutions.get(label);
    if (!expr) throw new Error(`label ${label} is neither a wire nor substituted`);
    let sum = 0n;
    for (const [l, c] of expr) sum += c * this.labelValue(l, witness);
    return mod(sum);
  }
}

/** A linked instance's local names as the whole compile names them (`main.slot.x` of slot 2 is `main.slots[2].x`). */
export function wholeName(instance: PartInstance, local: string): string {
  const rest = local.slice('main.'.length);
  switch (instance.kind) {
    case 'head': return `main.head.${rest}`;
    case 'tail': return `main.${rest}`;
    default: return `main.slots[${instance.slot}].${rest.startsWith('slot.') ? rest.slice('slot.'.length) : rest}`;
  }
}

/** The whole compile's name as the linked form has it: [instance index, local name], or a batch input. */
export function linkedName(linked: LinkedCircuit, whole: string): { instance: number; local: string } | { batchInput: string } {
  const rest = whole.slice('main.'.length);
  const slot = /^slots\[(\d+)\]\.(.*)$/.exec(rest);
  if (slot) return { instance: 1 + Number(slot[1]), local: `main.slot.${slot[2]}` };
  if (rest.startsWith('head.')) return { instance: 0, local: `main.${rest.slice('head.'.length)}` };
  if (rest.startsWith('tail.')) return { instance: linked.plan.instances.length - 1, local: `main.${rest}` };
  return { batchInput: rest };
}

/** Linked witness from a whole one: each linked wire takes the whole value of one of its names. */
export function wholeToLinked(linked: LinkedCircuit, parts: Map<string, Names>, whole: Names, witness: readonly bigint[]): bigint[] {
  const out = new Array<bigint | undefined>(linked.plan.nWires);
  out[0] = 1n;
  out[1] = witness[1];
  const read = (w: number) => witness[w]!;
  for (const instance of linked.plan.instances) {
    const names = parts.get(instance.kind)!;
    instance.wires.forEach((global, local) => {
      if (out[global] !== undefined) return;
      const name = names.namesOf.get(local)?.map((n) => wholeName(instance, n)).find((n) => whole.has(n));
      if (name === undefined) throw new Error(`linked wire ${global} (${instance.kind} ${instance.slot ?? ''} local ${local}: ${names.namesOf.get(local)?.join(' ')}) has no name in the whole compile`);
      out[global] = whole.value(name, read);
    });
  }
  return out as bigint[];
}

/** Whole witness from a linked one: each whole wire takes the linked value of its kept name. */
export function linkedToWhole(linked: LinkedCircuit, parts: Map<string, Names>, whole: Names, nWires: number, witness: readonly bigint[]): bigint[] {
  const out = new Array<bigint>(nWires);
  out[0] = 1n;
  for (let w = 1; w < nWires; w++) {
    const name = whole.namesOf.get(w)?.[0];
    if (name === undefined) throw new Error(`whole wire ${w} has no name`);
    const target = linkedName(linked, name);
    if ('batchInput' in target) {
      const global = linked.plan.batchInputs.get(target.batchInput);
      if (global === undefined) throw new Error(`whole wire ${w} (${name}) is no batch input of the linked form`);
      out[w] = witness[global]!;
      continue;
    }
    const instance = linked.plan.instances[target.instance]!;
    out[w] = parts.get(instance.kind)!.value(target.local, (local) => witness[instance.wires[local]!]!);
  }
  return out;
}

/** The rows of an r1cs, for evaluating witnesses: all of them, or those a set of changed wires touches. */
export class Rows {
  private constructor(
    private readonly count: number,
    /** Terms of row c, matrix m: start[3c+m] .. start[3c+m+1]. */
    private readonly start: Uint32Array,
    private readonly wire: Uint32Array,
    private readonly coeff: readonly bigint[],
    /** Wire -> the rows that mention it. */
    private readonly rowsOf: ReadonlyMap<number, number[]>,
  ) {}

  static load(r1csPath: string): Rows {
    const r1cs = readR1cs(r1csPath);
    const start = new Uint32Array(3 * r1cs.nConstraints + 1);
    const wires: number[] = [];
    const coeff: bigint[] = [];
    const rowsOf = new Map<number, number[]>();
    const bytes = r1cs.constraints;
    let lc = 0;
    forEachTerm(r1cs, (m, c, wire, at) => {
      while (lc < 3 * c + m) start[++lc] = wires.length;
      wires.push(wire);
      coeff.push(bytesToNumberLE(bytes.subarray(at, at + r1cs.n8)));
      const rows = rowsOf.get(wire) ?? [];
      if (rows.at(-1) !== c) rows.push(c);
      rowsOf.set(wire, rows);
    });
    while (lc < 3 * r1cs.nConstraints) start[++lc] = wires.length;
    return new Rows(r1cs.nConstraints, start, Uint32Array.from(wires), coeff, rowsOf);
  }

  /** A·w * B·w - C·w of every row, sorted: equal lists for a random w say two r1cs have the same rows. */
  residuals(witness: readonly bigint[]): bigint[] {
    const out: bigint[] = [];
    for (let c = 0; c < this.count; c++) out.push(this.residual(c, witness));
    return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Whether a witness that satisfied every row before `changed` wires changed now violates one. */
  refuses(witness: readonly bigint[], changed: Iterable<number>): boolean {
    for (const wire of changed) for (const c of this.rowsOf.get(wire) ?? []) if (this.residual(c, witness) !== 0n) return true;
    return false;
  }

  private residual(c: number, witness: readonly bigint[]): bigint {
    const [a, b, cc] = [0, 1, 2].map((m) => {
      let sum = 0n;
      for (let t = this.start[3 * c + m]!; t < this.start[3 * c + m + 1]!; t++) sum += this.coeff[t]! * witness[this.wire[t]!]!;
      return mod(sum);
    }) as [bigint, bigint, bigint];
    return mod(a * b - cc);
  }
}
