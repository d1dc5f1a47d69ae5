import { numberToBytesLE } from '@noble/curves/utils.js';
import { ModuloError } from '../core/errors.js';
import { BinFileWriter } from './binfile.js';
import type { LinkPlan, PartKind } from './link-plan.js';
import { readR1cs, type R1cs } from './r1cs-file.js';

/**
 * Writes the linked R1CS of a plan (proving-kit/link-plan.ts) in the iden3 format circom writes: each
 * instance's constraints are its part's, wire numbers rewritten to global wires, in instance order.
 * Streamed: one part's constraints are in memory at a time, never the linked file (GBs at 128 slots).
 * Returns the linked header's counts.
 */
export function writeLinkedR1cs(plan: LinkPlan, partR1cs: Readonly<Record<PartKind, string>>, outPath: string): { nWires: number; nConstraints: number } {
  const parts = new Map<PartKind, R1cs>();
  for (const kind of new Set(plan.instances.map((i) => i.kind))) parts.set(kind, readR1cs(partR1cs[kind]));
  const first = parts.get('tail')!;
  for (const [kind, part] of parts) {
    if (part.prime !== first.prime || part.n8 !== first.n8) throw new ModuloError('MALFORMED', `the ${kind} part is over another field`, { kind });
  }
  let nConstraints = 0;
  let bytes = 0;
  for (const { kind } of plan.instances) {
    nConstraints += parts.get(kind)!.nConstraints;
    bytes += parts.get(kind)!.constraints.byteLength;
  }
  const out = new BinFileWriter(outPath, 'r1cs', 1, 3);
  try {
    const n8 = first.n8;
    const header = Buffer.alloc(4 + n8 + 28);
    header.writeUInt32LE(n8, 0);
    Buffer.from(numberToBytesLE(first.prime, n8)).copy(header, 4);
    let at = 4 + n8;
    header.writeUInt32LE(plan.nWires, at);
    header.writeUInt32LE(0, at + 4); // outputs
    header.writeUInt32LE(1, at + 8); // public inputs: publicInputHash
    header.writeUInt32LE(plan.nPrivateInputs, at + 12);
    header.writeBigUInt64LE(BigInt(plan.nWires), at + 16); // labels: one per wire (section 3 is the identity)
    header.writeUInt32LE(nConstraints, at + 24);
    out.writeSection(1, [header]);

    out.beginSection(2, bytes);
    for (const instance of plan.instances) out.write(remapped(parts.get(instance.kind)!, instance.wires));

    out.beginSection(3, 8 * plan.nWires);
    const CHUNK = 1 << 16;
    for (let w = 0; w < plan.nWires; w += CHUNK) {
      const n = Math.min(CHUNK, plan.nWires - w);
      const map = Buffer.alloc(8 * n);
      for (let k = 0; k < n; k++) map.writeBigUInt64LE(BigInt(w + k), 8 * k);
      out.write(map);
    }
  } finally {
    out.close();
  }
  return { nWires: plan.nWires, nConstraints };
}

/** A copy of a part's constraints section with every wire number w replaced by wires[w]. */
function remapped(part: R1cs, wires: Uint32Array): Buffer {
  const bytes = Buffer.from(part.constraints);
  const termSize = 4 + part.n8;
  let pos = 0;
  for (let c = 0; c < part.nConstraints; c++) {
    for (let m = 0; m < 3; m++) {
      const n = bytes.readUInt32LE(pos);
      pos += 4;
      for (let t = 0; t < n; t++) {
        bytes.writeUInt32LE(wires[bytes.readUInt32LE(pos)]!, pos);
        pos += termSize;
      }
    }
  }
  return bytes;
}
