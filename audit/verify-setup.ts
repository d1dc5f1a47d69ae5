import { existsSync } from 'node:fs';
import { readOneSection, sha256File } from '../proving-kit/binfile.js';
import { compileBatch, type BatchCompile, type CompileBatchOptions } from '../proving-kit/compile-batch.js';
import { assertNotForgeable } from '../proving-kit/export.js';
import { snarkjs } from '../proving-kit/ffjs.js';
import { metaPathFor, readKeyMeta, type KeyMeta } from '../proving-kit/key-meta.js';
import { domainPower, readR1csCounts } from '../proving-kit/r1cs-file.js';
import type { CircuitEntry } from '../core/circuits.js';
import { ModuloError } from '../core/errors.js';

export interface SetupCheckOptions {
  readonly zkey: string;
  readonly r1cs?: string;
  readonly ptau?: string;
  /**
   * A circuit of circuits/circuits.json to rebuild from this repository's sources (compiled whole, or its
   * parts compiled and linked): the key must be for that r1cs. Stands in for `r1cs`.
   */
  readonly circuit?: string;
  /** Sizes and form to rebuild `circuit` with instead of circuits.json's entry (tests at small sizes). */
  readonly config?: CircuitEntry;
  /** Rebuild with --simplification_substitution (the same r1cs; tests share such compiles). */
  readonly substitutions?: boolean;
  readonly log?: (line: string) => void;
}

/** The rebuilt circuit against the key and its sidecar. */
export interface CircuitCheck {
  readonly circuit: string;
  readonly form: BatchCompile['form'];
  readonly r1cs: string;
  readonly r1csSha256: string;
  /** The key's header (wires, public inputs, domain) is this r1cs's. */
  readonly keyShapeMatches: boolean;
  /** The sidecar's r1cs sha256 (and for a linked build, each part's circuit hash) is the rebuild's; null without a sidecar. */
  readonly sidecarMatches: boolean | null;
  /** What differs, one line each. */
  readonly differences: readonly string[];
}

export interface SetupReport {
  readonly zkey: string;
  readonly nPublic: number;
  /** False: γ₂ = δ₂, a key without a phase-2 contribution, for which proofs can be forged. */
  readonly gammaDeltaDistinct: boolean;
  /** The circuit rebuilt from source (`circuit`), or null. */
  readonly circuitCheck: CircuitCheck | null;
  /** snarkjs `zkey verify` against the r1cs and the ptau; null when they were not given. */
  readonly zkeyVerified: boolean | null;
  /** The sidecar (proving-kit/key-meta.ts), when there is one. */
  readonly meta: KeyMeta | null;
  readonly ok: boolean;
}

function need(path: string | undefined, what: string): void {
  if (path !== undefined && !existsSync(path)) throw new ModuloError('FILE_NOT_FOUND', `no ${what} at ${path}`);
}

/**
 * `modulo verify-setup`: what anyone can check of a Groth16 proving key. γ₂ ≠ δ₂ always (the check export
 * makes before writing a verifier); with the circuit's r1cs and the phase-1 ptau, snarkjs' full `zkey verify`:
 * the key is that circuit's, built on that ptau, and every contribution is accounted for. A dev key has no
 * ptau behind it (single-party, insecure: docs/setup.md), so only the first check applies to it. With
 * `circuit`, the r1cs is rebuilt from source instead of given: compiled whole, or, for a linked circuit,
 * its parts compiled and linked again; the key's header and its sidecar (r1cs sha256, the parts' hashes)
 * must describe that r1cs. A large key is read section by section, never whole.
 */
export async function verifySetup(o: SetupCheckOptions): Promise<SetupReport> {
  need(o.zkey, 'zkey');
  need(o.r1cs, 'r1cs');
  need(o.ptau, 'ptau');
  if (o.r1cs !== undefined && o.circuit !== undefined) throw new ModuloError('USAGE', 'give --r1cs or --circuit, not both');
  if (o.ptau !== undefined && o.r1cs === undefined && o.circuit === undefined) throw new ModuloError('USAGE', 'zkey verify needs the r1cs: --r1cs or --circuit');
  if (o.r1cs !== undefined && o.ptau === undefined) throw new ModuloError('USAGE', 'zkey verify needs both --r1cs and --ptau');
  const vk = await snarkjs.zKey.exportVerificationKey(o.zkey);
  let gammaDeltaDistinct = true;
  try {
    assertNotForgeable(vk, o.zkey);
  } catch {
    gammaDeltaDistinct = false;
  }
  const meta = existsSync(metaPathFor(o.zkey)) ? readKeyMeta(o.zkey) : null;
  const circuitCheck = o.circuit !== undefined ? await checkCircuit(o.zkey, meta, o.circuit, { ...(o.config ? { config: o.config } : {}), ...(o.substitutions ? { substitutions: true } : {}) }, o.log) : null;
  const r1cs = o.r1cs ?? circuitCheck?.r1cs;
  let zkeyVerified: boolean | null = null;
  if (r1cs !== undefined && o.ptau !== undefined) {
    o.log?.(`zkey verify: ${o.zkey} against ${r1cs} and ${o.ptau} (minutes for a large circuit)`);
    const logger = { debug: () => undefined, info: (m: string) => o.log?.(`  ${m}`), warn: (m: string) => o.log?.(`  ${m}`), error: (m: string) => o.log?.(`  ${m}`) };
    zkeyVerified = await snarkjs.zKey.verifyFromR1cs(r1cs, o.ptau, o.zkey, logger);
  }
  const circuitOk = circuitCheck === null || (circuitCheck.keyShapeMatches && circuitCheck.sidecarMatches !== false);
  return { zkey: o.zkey, nPublic: vk.nPublic, gammaDeltaDistinct, circuitCheck, zkeyVerified, meta, ok: gammaDeltaDistinct && circuitOk && zkeyVerified !== false };
}

async function checkCircuit(zkey: string, meta: KeyMeta | null, circuit: string, options: CompileBatchOptions, log?: (line: string) => void): Promise<CircuitCheck> {
  log?.(`rebuilding ${circuit} from source (circuits/circuits.json)`);
  const built = await compileBatch(circuit, { ...options, log: (line) => log?.(`  ${line}`) });
  const r1csSha256 = sha256File(built.r1cs);
  const differences: string[] = [];
  const counts = readR1csCounts(built.r1cs);
  const key = zkeyShape(zkey);
  const want = { nVars: counts.nWires, nPublic: counts.nOutputs + counts.nPubInputs, domainSize: 2 ** domainPower({ nConstraints: counts.nConstraints, nPublic: counts.nOutputs + counts.nPubInputs }) };
  for (const field of ['nVars', 'nPublic', 'domainSize'] as const) {
    if (key[field] !== want[field]) differences.push(`the key's ${field} is ${key[field]}, the rebuilt r1cs's ${want[field]}`);
  }
  const keyShapeMatches = differences.length === 0;
  let sidecarMatches: boolean | null = null;
  if (meta !== null) {
    const before = differences.length;
    if (meta.r1csSha256 !== r1csSha256) differences.push(`the sidecar names r1cs ${meta.r1csSha256}, the rebuild is ${r1csSha256}`);
    if ((meta.build?.form ?? 'whole') !== built.form) differences.push(`the sidecar says the circuit was built ${meta.build?.form ?? 'whole'}, ${circuit} is ${built.form}`);
    for (const [kind, part] of Object.entries(built.build?.parts ?? {})) {
      const theirs = meta.build?.parts[kind];
      if (theirs !== undefined && theirs.circuitHash !== part.circuitHash) differences.push(`the sidecar's ${kind} part is circuit ${theirs.circuitHash}, the rebuild's ${part.circuitHash}`);
    }
    sidecarMatches = differences.length === before;
  }
  return { circuit, form: built.form, r1cs: built.r1cs, r1csSha256, keyShapeMatches, sidecarMatches, differences };
}

/** nVars, nPublic and the domain size from a Groth16 zkey's header section (2), read alone. */
function zkeyShape(zkey: string): { nVars: number; nPublic: number; domainSize: number } {
  const head = readOneSection(zkey, 'zkey', 2);
  const n8q = head.readUInt32LE(0);
  const n8r = head.readUInt32LE(4 + n8q);
  const at = 8 + n8q + n8r;
  return { nVars: head.readUInt32LE(at), nPublic: head.readUInt32LE(at + 4), domainSize: head.readUInt32LE(at + 8) };
}
