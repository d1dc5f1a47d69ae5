import { existsSync } from 'node:fs';
import { assertNotForgeable } from '../proving-kit/export.js';
import { snarkjs } from '../proving-kit/ffjs.js';
import { metaPathFor, readKeyMeta, type KeyMeta } from '../proving-kit/key-meta.js';
import { ModuloError } from '../core/errors.js';

export interface SetupCheckOptions {
  readonly zkey: string;
  readonly r1cs?: string;
  readonly ptau?: string;
  readonly log?: (line: string) => void;
}

export interface SetupReport {
  readonly zkey: string;
  readonly nPublic: number;
  /** False: γ₂ = δ₂, a key without a phase-2 contribution, for which proofs can be forged. */
  readonly gammaDeltaDistinct: boolean;
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
 * ptau behind it (single-party, insecure: docs/setup.md), so only the first check applies to it.
 */
export async function verifySetup(o: SetupCheckOptions): Promise<SetupReport> {
  need(o.zkey, 'zkey');
  need(o.r1cs, 'r1cs');
  need(o.ptau, 'ptau');
  if ((o.r1cs === undefined) !== (o.ptau === undefined)) throw new ModuloError('USAGE', 'zkey verify needs both --r1cs and --ptau');
  const vk = await snarkjs.zKey.exportVerificationKey(o.zkey);
  let gammaDeltaDistinct = true;
  try {
    assertNotForgeable(vk, o.zkey);
  } catch {
    gammaDeltaDistinct = false;
  }
  const meta = existsSync(metaPathFor(o.zkey)) ? readKeyMeta(o.zkey) : null;
  let zkeyVerified: boolean | null = null;
  if (o.r1cs !== undefined && o.ptau !== undefined) {
    o.log?.(`zkey verify: ${o.zkey} against ${o.r1cs} and ${o.ptau} (minutes for a large circuit)`);
    const logger = { debug: () => undefined, info: (m: string) => o.log?.(`  ${m}`), warn: (m: string) => o.log?.(`  ${m}`), error: (m: string) => o.log?.(`  ${m}`) };
    zkeyVerified = await snarkjs.zKey.verifyFromR1cs(o.r1cs, o.ptau, o.zkey, logger);
  }
  return { zkey: o.zkey, nPublic: vk.nPublic, gammaDeltaDistinct, zkeyVerified, meta, ok: gammaDeltaDistinct && zkeyVerified !== false };
}
