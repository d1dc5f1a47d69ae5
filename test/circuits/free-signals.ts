import { FIELD_MODULUS } from '../../core/field.js';
import type { Circuit } from './helpers.js';

/**
 * Pairs of witness signals that are free together: moved along some direction (x, y), x and y both
 * non-zero, by any amount, every r1cs row still holds, although neither is free alone (Circuit.unpinned).
 * A `<--` bound by a constraint that fixes only a relation between two hints shows up here.
 *
 * Row i with value A0 * B0 = C0 and coefficients (a, b, c) of u and (a', b', c') of v, moved by
 * lambda * (x, y), is off by lambda * (alpha x + beta y) + lambda^2 (a x + a' y)(b x + b' y), where
 * alpha = A0 b + a B0 - c (beta alike): the pair is free when the linear parts of all its rows share a
 * kernel direction on which every quadratic part vanishes.
 */

const R = FIELD_MODULUS;
const mod = (x: bigint) => ((x % R) + R) % R;

interface Term {
  readonly row: number;
  readonly a: bigint;
  readonly b: bigint;
  readonly c: bigint;
  /** The linear part A0 b + a B0 - c. */
  readonly alpha: bigint;
}

export async function freePairs(circuit: Circuit, witness: readonly bigint[]): Promise<Array<[number, number]>> {
  const terms = await termsByWire(circuit, witness);
  const active = (t: Term) => t.alpha !== 0n || mod(t.a * t.b) !== 0n;
  const rowWires = new Map<number, number[]>();
  terms.forEach((list, wire) => {
    for (const t of list) {
      const wires = rowWires.get(t.row);
      if (wires) wires.push(wire);
      else rowWires.set(t.row, [wire]);
    }
  });
  const out: Array<[number, number]> = [];
  const checked = new Set<string>();
  terms.forEach((list, u) => {
    if (u === 0) return;
    const rows = list.filter(active);
    if (rows.length === 0) return; // free alone
    const smallest = rows.reduce((best, t) => (rowWires.get(t.row)!.length < rowWires.get(best.row)!.length ? t : best));
    for (const v of rowWires.get(smallest.row)!) {
      if (v === u || v === 0) continue;
      const key = u < v ? `${u},${v}` : `${v},${u}`;
      if (checked.has(key)) continue;
      checked.add(key);
      if (freeTogether(list, terms.get(v) ?? [], active)) out.push(u < v ? [u, v] : [v, u]);
    }
  });
  return out;
}

function freeTogether(us: readonly Term[], vs: readonly Term[], active: (t: Term) => boolean): boolean {
  const zero: Term = { row: -1, a: 0n, b: 0n, c: 0n, alpha: 0n };
  const byRow = new Map<number, [Term, Term]>();
  for (const t of us) byRow.set(t.row, [t, zero]);
  for (const t of vs) byRow.set(t.row, [byRow.get(t.row)?.[0] ?? zero, t]);
  if (!vs.some(active)) return false; // v free alone: reported by unpinned
  let direction: [bigint, bigint] | null = null;
  for (const [u, v] of byRow.values()) {
    if (u.alpha === 0n && v.alpha === 0n) continue;
    direction ??= [v.alpha, mod(-u.alpha)];
    if (mod(u.alpha * direction[0] + v.alpha * direction[1]) !== 0n) return false;
  }
  if (!direction) return false; // no linear part: each would be free alone but for the quadratic parts
  const [x, y] = direction;
  if (x === 0n || y === 0n) return false;
  for (const [u, v] of byRow.values()) if (mod((u.a * x + v.a * y) * (u.b * x + v.b * y)) !== 0n) return false;
  return true;
}

async function termsByWire(circuit: Circuit, witness: readonly bigint[]): Promise<Map<number, Term[]>> {
  const c = await circuit.constraints();
  const value = (lc: number) => {
    let sum = 0n;
    for (let t = c.start[lc]!; t < c.start[lc + 1]!; t++) sum += c.coeff[t]! * witness[c.wire[t]!]!;
    return mod(sum);
  };
  const byWire = new Map<number, Term[]>();
  const coef = new Map<number, [bigint, bigint, bigint]>();
  for (let row = 0; row < c.count; row++) {
    const [A0, B0] = [value(3 * row), value(3 * row + 1)];
    coef.clear();
    for (let m = 0; m < 3; m++) {
      for (let t = c.start[3 * row + m]!; t < c.start[3 * row + m + 1]!; t++) {
        const entry = coef.get(c.wire[t]!) ?? [0n, 0n, 0n];
        entry[m] = c.coeff[t]!;
        coef.set(c.wire[t]!, entry);
      }
    }
    for (const [wire, [a, b, cc]] of coef) {
      const list = byWire.get(wire) ?? [];
      list.push({ row, a, b, c: cc, alpha: mod(A0 * b + a * B0 - cc) });
      byWire.set(wire, list);
    }
  }
  return byWire;
}
