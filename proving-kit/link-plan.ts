import { readFileSync } from 'node:fs';
import { ModuloError } from '../core/errors.js';
import { readR1csCounts } from './r1cs-file.js';

/**
 * The link plan of a batch circuit in linked form (docs/setup.md, "Linked circuits"): which wire of the
 * linked R1CS each wire of each part instance is. The instances, in witness order: the head
 * (BatchHead), slot 0 (SlotPart, FIRST = 1), slots 1..B-1 (SlotPart), the tail (TailPart). A part's
 * main input is identified with the wire it is given in BatchCircuit: a batch input of the same name
 * (the slot's own index inserted for per-slot inputs), or an output of an earlier instance (a slot's
 * stateRoot is the previous slot's newStateRoot, ...); every other wire of an instance is its own.
 * Global wire 0 is the constant one, wire 1 publicInputHash (the one public signal), then the batch
 * inputs, outputs and internal wires in instance order.
 */

export type PartKind = 'head' | 'first' | 'slot' | 'tail';

/**
 * One compiled part as the plan reads it: its wire count and its main signals. A part's main template
 * declares inputs and outputs only, so a main-level name that is not an output is an input.
 */
export interface PartLayout {
  readonly kind: PartKind;
  readonly nWires: number;
  readonly nOutputs: number;
  /** Output name (without `main.`) -> local wire (1..nOutputs). */
  readonly outputs: ReadonlyMap<string, number>;
  /** Every main input: its name and local wire, -1 for one --O2 removed (a batch input no other part reads). */
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly wire: number }>;
}

export interface PartInstance {
  readonly kind: PartKind;
  /** The slot index, for slot instances. */
  readonly slot?: number;
  /** Local wire -> global wire. */
  readonly wires: Uint32Array;
}

export interface LinkPlan {
  readonly batchSize: number;
  readonly nWires: number;
  readonly instances: readonly PartInstance[];
  /** Batch input name (as core's circuit input names it, `senderSiblings[2][0][1]`) -> global wire. */
  readonly batchInputs: ReadonlyMap<string, number>;
  /** The batch's private inputs, those --O2 removed included (the r1cs header counts them so). */
  readonly nPrivateInputs: number;
}

/** Where a part's main input comes from. */
export type Source = { readonly batch: string } | { readonly instance: number; readonly output: string };

export function readPartLayout(kind: PartKind, r1csPath: string, symPath: string): PartLayout {
  const header = readR1csCounts(r1csPath);
  const outputs = new Map<string, number>();
  const inputs: Array<{ name: string; wire: number }> = [];
  for (const line of readFileSync(symPath, 'utf8').split('\n')) {
    const [, wire, , name] = line.split(',');
    if (name === undefined || !name.startsWith('main.') || name.indexOf('.', 5) !== -1) continue;
    const w = Number(wire);
    if (w >= 1 && w <= header.nOutputs) outputs.set(name.slice(5), w);
    else inputs.push({ name: name.slice(5), wire: w });
  }
  if (outputs.size !== header.nOutputs || inputs.some((i) => i.wire >= header.nWires)) {
    throw new ModuloError('MALFORMED', `${symPath}: the main's outputs do not match the r1cs header`, { symPath });
  }
  return { kind, nWires: header.nWires, nOutputs: header.nOutputs, outputs, inputs };
}

export function makeLinkPlan(parts: Readonly<Record<PartKind, PartLayout>>, batchSize: number): LinkPlan {
  const kinds: PartKind[] = ['head', ...Array.from({ length: batchSize }, (_, i): PartKind => (i === 0 ? 'first' : 'slot')), 'tail'];
  const publicInput = parts.tail.inputs.find((i) => i.name === 'publicInputHash');
  if (publicInput?.wire !== 1 || parts.tail.nOutputs !== 0) throw new ModuloError('MALFORMED', 'the tail part must have publicInputHash as its first (public) input and no outputs');
  // A signal two instances read must be a wire of each (a public input of the part: circom keeps those),
  // or the link between them would be lost; one instance alone may let --O2 remove it.
  const readers = new Map<string, number>();
  const removed = new Map<string, string>();
  for (const [n, kind] of kinds.entries()) {
    const slot = kind === 'first' || kind === 'slot' ? n - 1 : undefined;
    for (const { name, wire } of parts[kind].inputs) {
      const key = sourceKey(inputSource(kind, slot, name, batchSize));
      readers.set(key, (readers.get(key) ?? 0) + 1);
      if (wire === -1) removed.set(key, `${name} of ${slot === undefined ? kind : `slot ${slot}`}`);
    }
  }
  for (const [key, where] of removed) {
    if (readers.get(key)! > 1 || !key.startsWith('batch:')) throw new ModuloError('MALFORMED', `link plan: ${where} is shared but --O2 removed it; make it a public input of its part`, { key });
  }
  const batchInputs = new Map<string, number>([['publicInputHash', 1]]);
  const instances: PartInstance[] = [];
  let next = 2;
  for (const [n, kind] of kinds.entries()) {
    const part = parts[kind];
    const slot = kind === 'first' || kind === 'slot' ? n - 1 : undefined;
    const wires = new Uint32Array(part.nWires);
    const linked = new Map<number, number>();
    for (const { name, wire } of part.inputs) {
      if (wire === -1) continue;
      const source = inputSource(kind, slot, name, batchSize);
      if ('batch' in source) {
        const global = batchInputs.get(source.batch);
        if (global !== undefined) linked.set(wire, global);
      } else {
        linked.set(wire, outputWire(instances[source.instance]!, parts, source.output));
      }
    }
    if (new Set(linked.values()).size !== linked.size) throw new ModuloError('MALFORMED', `link plan: two inputs of ${kind} are the same wire`, { kind });
    for (let w = 1; w < part.nWires; w++) wires[w] = linked.get(w) ?? next++;
    for (const { name, wire } of part.inputs) {
      const source = inputSource(kind, slot, name, batchSize);
      if (wire !== -1 && 'batch' in source && !batchInputs.has(source.batch)) batchInputs.set(source.batch, wires[wire]!);
    }
    instances.push({ kind, slot, wires });
  }
  const nPrivateInputs = [...readers.keys()].filter((key) => key.startsWith('batch:') && key !== 'batch:publicInputHash').length;
  return { batchSize, nWires: next, instances, batchInputs, nPrivateInputs };
}

function sourceKey(source: Source): string {
  return 'batch' in source ? `batch:${source.batch}` : `out:${source.instance}:${source.output}`;
}

/** The wire BatchCircuit gives to input `name` of a part instance (the plan's one table of links). */
export function inputSource(kind: PartKind, slot: number | undefined, name: string, batchSize: number): Source {
  const { base, index } = splitName(name);
  const head = 0;
  const slotInstance = (i: number) => 1 + i;
  if (kind === 'head') return { batch: name };
  if (kind === 'tail') {
    const last = slotInstance(batchSize - 1);
    const [i, ...rest] = indices(index);
    switch (base) {
      case 'stateRoot': return { instance: last, output: 'newStateRoot' };
      case 'l1QueueEndHash': return { instance: last, output: 'newL1QueueHash' };
      case 'withdrawalsHash': return { instance: last, output: 'newWithdrawalsHash' };
      case 'collectedFee':
      case 'keptDataBits': return { instance: slotInstance(i!), output: `${base}${rest.map((k) => `[${k}]`).join('')}` };
      case 'feeIdxBits':
      case 'feePacked':
      case 'feeExists': return { instance: head, output: name };
      default: return { batch: name };
    }
  }
  const i = slot!;
  switch (base) {
    case 'isL1': return { instance: head, output: `isL1[${i}]` };
    case 'feeActive': return { instance: head, output: name };
    case 'feeTokenId': return { batch: `feeAccountTokenId${index}` };
    case 'chainId':
    case 'rollupAddress': return { batch: name };
    case 'stateRoot': return i === 0 ? { batch: 'oldStateRoot' } : { instance: slotInstance(i - 1), output: 'newStateRoot' };
    case 'l1QueueHash': return i === 0 ? { batch: 'l1QueueStartHash' } : { instance: slotInstance(i - 1), output: 'newL1QueueHash' };
    case 'withdrawalsHash': return { instance: slotInstance(i - 1), output: 'newWithdrawalsHash' };
    default: return { batch: `${base}[${i}]${index}` };
  }
}

function outputWire(instance: PartInstance, parts: Readonly<Record<PartKind, PartLayout>>, output: string): number {
  const wire = parts[instance.kind].outputs.get(output);
  if (wire !== undefined) return instance.wires[wire]!;
  throw new ModuloError('MALFORMED', `the ${instance.kind} part has no output ${output}`, { kind: instance.kind, output });
}

export function splitName(name: string): { base: string; index: string } {
  const at = name.indexOf('[');
  return at === -1 ? { base: name, index: '' } : { base: name.slice(0, at), index: name.slice(at) };
}

function indices(index: string): number[] {
  return [...index.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
}
