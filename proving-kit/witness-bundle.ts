import { closeSync, openSync, readSync } from 'node:fs';
import type { CircuitConfig } from '../core/build-batch.js';
import { ModuloError } from '../core/errors.js';
import { BinFileWriter, readBinFile, section } from './binfile.js';
import type { PartKind, PartLayout } from './link-plan.js';

/**
 * What a prover needs to compute the witness of a linked batch circuit (docs/setup.md, "Linked
 * circuits"), in one file: each part's circom WASM and its main-signal layout (link-plan.ts's
 * PartLayout). The link plan follows from the layouts and the batch size, so a worker needs neither the
 * parts' r1cs nor their .sym. It is the `wasm` artifact of a linked circuit (build/circuits/<name>/
 * main.linked.bin): the sequencer serves it, a worker downloads it hash-checked like any artifact.
 *
 * An iden3 bin file (binfile.ts), type `mlwb`, version 1: section 1 the JSON header
 * `{ config, parts: { head|first|slot|tail: { nWires, nOutputs, outputs: [[name, wire]...], inputs } } }`,
 * sections 2..5 the WASM of head, first, slot, tail.
 */

export const WITNESS_BUNDLE = 'main.linked.bin';
const TYPE = 'mlwb';
const VERSION = 1;
const KINDS: readonly PartKind[] = ['head', 'first', 'slot', 'tail'];

export interface LinkedPart {
  readonly layout: PartLayout;
  readonly wasm: Uint8Array;
}

export interface WitnessBundle {
  readonly config: CircuitConfig;
  readonly parts: Readonly<Record<PartKind, LinkedPart>>;
}

interface Header {
  readonly config: CircuitConfig;
  readonly parts: Record<PartKind, { nWires: number; nOutputs: number; outputs: Array<[string, number]>; inputs: Array<{ name: string; wire: number }> }>;
}

export function writeWitnessBundle(path: string, bundle: WitnessBundle): void {
  const header: Header = {
    config: bundle.config,
    parts: Object.fromEntries(KINDS.map((kind) => {
      const { nWires, nOutputs, outputs, inputs } = bundle.parts[kind].layout;
      return [kind, { nWires, nOutputs, outputs: [...outputs], inputs: [...inputs] }];
    })) as Header['parts'],
  };
  const out = new BinFileWriter(path, TYPE, VERSION, 1 + KINDS.length);
  try {
    out.writeSection(1, [Buffer.from(JSON.stringify(header))]);
    KINDS.forEach((kind, k) => out.writeSection(2 + k, [bundle.parts[kind].wasm]));
  } finally {
    out.close();
  }
}

/** True when `path` is a witness bundle (a linked circuit's `wasm` artifact), false for a circom WASM. */
export function isWitnessBundle(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.toString('latin1') === TYPE;
  } finally {
    closeSync(fd);
  }
}

export function readWitnessBundle(path: string): WitnessBundle {
  const file = readBinFile(path, TYPE);
  if (file.version !== VERSION) throw new ModuloError('MALFORMED', `${path}: witness bundle version ${file.version}, this build reads ${VERSION}`, { path });
  let header: Header;
  try {
    header = JSON.parse(Buffer.from(section(file, 1)).toString('utf8')) as Header;
  } catch {
    throw new ModuloError('MALFORMED', `${path}: the witness bundle's header is not JSON`, { path });
  }
  const parts = Object.fromEntries(KINDS.map((kind, k) => {
    const h = header.parts?.[kind];
    if (h === undefined) throw new ModuloError('MALFORMED', `${path}: the witness bundle has no ${kind} part`, { path, kind });
    const layout: PartLayout = { kind, nWires: h.nWires, nOutputs: h.nOutputs, outputs: new Map(h.outputs), inputs: h.inputs };
    return [kind, { layout, wasm: section(file, 2 + k) }];
  })) as Record<PartKind, LinkedPart>;
  return { config: header.config, parts };
}
