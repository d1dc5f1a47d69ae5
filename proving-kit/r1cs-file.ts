import { ModuloError } from '../core/errors.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { readOneSection } from './binfile.js';

/** The parts of a circom .r1cs file a Groth16 setup needs (sections 1 and 2 of the iden3 r1cs format). */
export interface R1cs {
  readonly prime: bigint;
  readonly n8: number;
  readonly nVars: number;
  /** Public signals, outputs first then public inputs, not counting the constant-one wire 0. */
  readonly nPublic: number;
  readonly nConstraints: number;
  /** Section 2 as stored: per constraint, for A, B, C: u32 term count, then (u32 wire, n8-byte coefficient). */
  readonly constraints: Uint8Array;
}

/** Reads the header and the constraints only, section by section: a linked r1cs is GBs (readFileSync stops at 2 GiB). */
export function readR1cs(path: string): R1cs {
  const head = readOneSection(path, 'r1cs', 1);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const n8 = view.getUint32(0, true);
  const prime = bytesToNumberLE(head.subarray(4, 4 + n8));
  let pos = 4 + n8;
  const u32 = () => {
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const nVars = u32();
  const nOutputs = u32();
  const nPubInputs = u32();
  u32(); // private inputs
  pos += 8; // labels (u64)
  const nConstraints = u32();
  return { prime, n8, nVars, nPublic: nOutputs + nPubInputs, nConstraints, constraints: readOneSection(path, 'r1cs', 2) };
}

/** The counts of an r1cs header (section 1), read without loading the constraints. */
export interface R1csCounts {
  readonly n8: number;
  readonly nWires: number;
  readonly nOutputs: number;
  readonly nPubInputs: number;
  readonly nPrvInputs: number;
  readonly nLabels: number;
  readonly nConstraints: number;
}

export function readR1csCounts(path: string): R1csCounts {
  const head = readOneSection(path, 'r1cs', 1);
  const n8 = head.readUInt32LE(0);
  const at = 4 + n8;
  return {
    n8,
    nWires: head.readUInt32LE(at),
    nOutputs: head.readUInt32LE(at + 4),
    nPubInputs: head.readUInt32LE(at + 8),
    nPrvInputs: head.readUInt32LE(at + 12),
    nLabels: Number(head.readBigUInt64LE(at + 16)),
    nConstraints: head.readUInt32LE(at + 24),
  };
}

/** Matrix of a term: A, B or C of `A·w * B·w = C·w`. */
export type Matrix = 0 | 1 | 2;

/**
 * Calls `visit` for every term of every constraint, in file order (constraint, then A, B, C, then term),
 * with the byte offset of its coefficient in `r1cs.constraints` (plain little-endian, not Montgomery).
 */
export function forEachTerm(
  r1cs: R1cs,
  visit: (matrix: Matrix, constraint: number, wire: number, coefOffset: number) => void,
): void {
  const bytes = r1cs.constraints;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const termSize = 4 + r1cs.n8;
  let pos = 0;
  for (let c = 0; c < r1cs.nConstraints; c++) {
    for (let m = 0; m < 3; m++) {
      const n = view.getUint32(pos, true);
      pos += 4;
      for (let t = 0; t < n; t++) {
        visit(m as Matrix, c, view.getUint32(pos, true), pos + 4);
        pos += termSize;
      }
    }
  }
  if (pos !== bytes.byteLength) throw new ModuloError('MALFORMED', `r1cs constraints section: ${bytes.byteLength - pos} trailing bytes`);
}

/**
 * log2 of the evaluation domain snarkjs picks (zkey_new.js): the smallest power of two above
 * nConstraints + nPublic, leaving one extra row per public signal and the one wire.
 */
export function domainPower(r1cs: Pick<R1cs, 'nConstraints' | 'nPublic'>): number {
  const rows = r1cs.nConstraints + r1cs.nPublic;
  return 31 - Math.clz32(Math.max(rows, 1)) + 1;
}
