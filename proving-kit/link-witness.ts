import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { numberToBytesLE } from '@noble/curves/utils.js';
import { FIELD_MODULUS } from '../core/field.js';
import { ModuloError } from '../core/errors.js';
import { BinFileWriter } from './binfile.js';
import type { CompiledCircuit } from './compile.js';
import { inputSource, readPartLayout, splitName, type LinkPlan, type PartKind, type PartLayout } from './link-plan.js';

/**
 * The witness of a linked batch circuit (proving-kit/link-plan.ts): each part's circom WASM runs in
 * instance order (head, slot 0..B-1, tail) on its inputs, taken from the batch's circuit input or from
 * the outputs of the instances before it, and each instance's witness lands at its global wires. The
 * wires an instance shares with earlier ones must hold the values they already hold. Each instance's
 * own wires are one contiguous run of global wires, in its local order, so the witness is produced
 * in wire order and can be streamed (`writeLinkedWtns`).
 */

const require = createRequire(import.meta.url);
interface WitnessCalculator {
  calculateWitness(input: unknown, sanityCheck: boolean): Promise<bigint[]>;
}

/** Calls `emit` with each instance's run of new global wire values, in wire order from wire 0. */
export async function computeLinkedWitness(
  plan: LinkPlan,
  parts: Readonly<Record<PartKind, CompiledCircuit>>,
  input: Readonly<Record<string, unknown>>,
  emit: (values: readonly bigint[]) => void,
): Promise<void> {
  const known = new Map<number, bigint>([[0, 1n]]);
  for (const [name, wire] of plan.batchInputs) known.set(wire, toField(inputValue(input, name)));
  emit([1n, known.get(1)!]);
  let written = 2;
  const layouts = new Map<PartKind, PartLayout>();
  const calculators = new Map<PartKind, WitnessCalculator>();
  for (const instance of plan.instances) {
    const part = parts[instance.kind];
    if (!layouts.has(instance.kind)) {
      layouts.set(instance.kind, readPartLayout(instance.kind, part.r1cs, part.sym));
      const build = require(join(part.dir, 'main_js', 'witness_calculator.js')) as (code: Buffer) => Promise<WitnessCalculator>;
      calculators.set(instance.kind, await build(readFileSync(part.wasm)));
    }
    const layout = layouts.get(instance.kind)!;
    const partInput: Record<string, unknown> = {};
    for (const { name, wire } of layout.inputs) {
      const source = inputSource(instance.kind, instance.slot, name, plan.batchSize);
      const value = wire !== -1 ? known.get(instance.wires[wire]!) : 'batch' in source ? toField(inputValue(input, source.batch)) : undefined;
      if (value === undefined) throw new ModuloError('MALFORMED', `linked witness: input ${name} of ${where(instance)} has no value yet`);
      setValue(partInput, name, value.toString());
    }
    const local = await calculators.get(instance.kind)!.calculateWitness(partInput, true);
    const run: bigint[] = [];
    for (let w = 1; w < local.length; w++) {
      const global = instance.wires[w]!;
      const value = toField(local[w]!);
      if (global === written + run.length) run.push(value);
      else if (global >= written || known.get(global) !== value) {
        throw new ModuloError('MALFORMED', `linked witness: wire ${global} of ${where(instance)} disagrees with the instance that made it`, { global });
      }
      if (w <= layout.nOutputs) known.set(global, value);
    }
    emit(run);
    written += run.length;
  }
  if (written !== plan.nWires) throw new ModuloError('MALFORMED', `linked witness: ${written} wires computed, the plan has ${plan.nWires}`);
}

/** The whole linked witness in memory (tests, small circuits). */
export async function linkedWitness(plan: LinkPlan, parts: Readonly<Record<PartKind, CompiledCircuit>>, input: Readonly<Record<string, unknown>>): Promise<bigint[]> {
  const out: bigint[] = [];
  await computeLinkedWitness(plan, parts, input, (values) => {
    for (const v of values) out.push(v);
  });
  return out;
}

/** Writes the linked witness as an iden3 .wtns file (version 2), streamed instance by instance. */
export async function writeLinkedWtns(plan: LinkPlan, parts: Readonly<Record<PartKind, CompiledCircuit>>, input: Readonly<Record<string, unknown>>, path: string): Promise<void> {
  const n8 = 32;
  const out = new BinFileWriter(path, 'wtns', 2, 2);
  try {
    const header = Buffer.alloc(4 + n8 + 4);
    header.writeUInt32LE(n8, 0);
    Buffer.from(numberToBytesLE(FIELD_MODULUS, n8)).copy(header, 4);
    header.writeUInt32LE(plan.nWires, 4 + n8);
    out.writeSection(1, [header]);
    out.beginSection(2, n8 * plan.nWires);
    await computeLinkedWitness(plan, parts, input, (values) => {
      const chunk = Buffer.alloc(n8 * values.length);
      values.forEach((v, k) => chunk.set(numberToBytesLE(v, n8), n8 * k));
      out.write(chunk);
    });
  } finally {
    out.close();
  }
}

function where(instance: { kind: PartKind; slot?: number }): string {
  return instance.slot === undefined ? `the ${instance.kind} part` : `slot ${instance.slot}`;
}

function toField(value: unknown): bigint {
  const v = BigInt(value as string | bigint);
  return ((v % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS;
}

/** The value of `name` (`senderSiblings[2][0][1]`) in a circuit input's nested arrays. */
function inputValue(input: Readonly<Record<string, unknown>>, name: string): unknown {
  const { base, index } = splitName(name);
  let value: unknown = input[base];
  for (const m of index.matchAll(/\[(\d+)\]/g)) value = (value as unknown[] | undefined)?.[Number(m[1])];
  if (value === undefined) throw new ModuloError('MALFORMED', `circuit input has no ${name}`, { name });
  return value;
}

function setValue(target: Record<string, unknown>, name: string, value: string): void {
  const { base, index } = splitName(name);
  const path = [...index.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  if (path.length === 0) {
    target[base] = value;
    return;
  }
  let node = (target[base] ??= []) as unknown[];
  for (const k of path.slice(0, -1)) node = (node[k] ??= []) as unknown[];
  node[path.at(-1)!] = value;
}
