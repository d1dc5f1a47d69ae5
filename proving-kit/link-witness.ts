import { readFileSync } from 'node:fs';
import { numberToBytesLE } from '@noble/curves/utils.js';
import { FIELD_MODULUS } from '../core/field.js';
import { ModuloError } from '../core/errors.js';
import { BinFileWriter } from './binfile.js';
import type { CompiledCircuit } from './compile.js';
import { inputSource, readPartLayout, splitName, type LinkPlan, type PartKind, type PartLayout } from './link-plan.js';
import type { LinkedPart } from './witness-bundle.js';

/**
 * The witness of a linked batch circuit (proving-kit/link-plan.ts): each part's circom WASM runs in
 * instance order (head, slot 0..B-1, tail) on its inputs, taken from the batch's circuit input or from
 * the outputs of the instances before it, and each instance's witness lands at its global wires. The
 * wires an instance shares with earlier ones must hold the values they already hold. Each instance's
 * own wires are one contiguous run of global wires, in its local order, so the witness is produced
 * in wire order and can be streamed (`writeLinkedWtns`).
 */

interface WitnessCalculator {
  calculateWitness(input: unknown, sanityCheck: boolean): Promise<bigint[]>;
}
/** circom's witness calculator runtime, the one snarkjs runs (its exact version is pinned beside snarkjs). */
const CIRCOM_RUNTIME = 'circom_runtime';
const { WitnessCalculatorBuilder } = (await import(CIRCOM_RUNTIME)) as { WitnessCalculatorBuilder(code: Uint8Array): Promise<WitnessCalculator> };

/** A part as compiled (its r1cs and .sym give the layout) or as a witness bundle carries it (witness-bundle.ts). */
export type PartSource = CompiledCircuit | LinkedPart;

function partOf(source: PartSource, kind: PartKind): LinkedPart {
  return 'layout' in source ? source : { layout: readPartLayout(kind, source.r1cs, source.sym), wasm: readFileSync(source.wasm) };
}

/** Calls `emit` with each instance's run of new global wire values, in wire order from wire 0. */
export async function computeLinkedWitness(
  plan: LinkPlan,
  parts: Readonly<Record<PartKind, PartSource>>,
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
    if (!layouts.has(instance.kind)) {
      const part = partOf(parts[instance.kind], instance.kind);
      layouts.set(instance.kind, part.layout);
      calculators.set(instance.kind, await WitnessCalculatorBuilder(part.wasm));
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
      // A batch input first read by this instance is a wire of its own whose value is already known.
      const held = known.get(global);
      if (global === written + run.length && (held === undefined || held === value)) run.push(value);
      else if (global >= written || held !== value) {
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
export async function linkedWitness(plan: LinkPlan, parts: Readonly<Record<PartKind, PartSource>>, input: Readonly<Record<string, unknown>>): Promise<bigint[]> {
  const out: bigint[] = [];
  await computeLinkedWitness(plan, parts, input, (values) => {
    for (const v of values) out.push(v);
  });
  return out;
}

/** Writes the linked witness as an iden3 .wtns file (version 2), streamed instance by instance. */
export async function writeLinkedWtns(plan: LinkPlan, parts: Readonly<Record<PartKind, PartSource>>, input: Readonly<Record<string, unknown>>, path: string): Promise<void> {
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
