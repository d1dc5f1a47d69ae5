import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ModuloError } from '../core/errors.js';

export type Network = 'devnet' | 'testnet' | 'mainnet';
export const NETWORKS: readonly Network[] = ['devnet', 'testnet', 'mainnet'];

/**
 * How a key's r1cs was built, when it was not compiled whole by circom: linked from parts
 * (proving-kit/compile-linked.ts), each named by its main component, circuit hash and r1cs sha256.
 */
export interface CircuitBuild {
  readonly form: 'linked';
  readonly batchSize: number;
  readonly parts: Readonly<Record<string, { readonly main: string; readonly circuitHash: string; readonly r1csSha256: string }>>;
}

interface KeyMetaCommon {
  /** Absent for a circuit circom compiled whole. */
  readonly build?: CircuitBuild;
  /** The circuit configuration (circuits/circuits.json), or a fixture name in tests. */
  readonly circuit: string;
  /** compileCircuit's content hash of the circuit the key was made for ('' when unknown). */
  readonly circuitHash: string;
  readonly r1csSha256: string;
  readonly zkeySha256: string;
  readonly nConstraints: number;
  readonly nVars: number;
  readonly nPublic: number;
  readonly domainSize: number;
  readonly createdAt: string;
}

/** Single-party setup with throw-away randomness: whoever ran it could have kept τ and forge proofs. */
export interface DevKeyMeta extends KeyMetaCommon {
  readonly insecure: true;
  readonly setup: 'dev';
  readonly warning: string;
}

/** Phase 2 over a public powers-of-tau file, verified against the r1cs and the ptau. */
export interface CeremonyKeyMeta extends KeyMetaCommon {
  readonly insecure: false;
  readonly setup: 'ceremony';
  readonly ptau: { readonly file: string; readonly sha256: string };
  readonly contributions: ReadonlyArray<{ readonly name: string; readonly hash: string }>;
  readonly beacon: { readonly hash: string; readonly iterationsExp: number };
}

export type KeyMeta = DevKeyMeta | CeremonyKeyMeta;

export const DEV_KEY_WARNING =
  'INSECURE: single-party Groth16 setup with throw-away randomness. Anyone who ran it could forge proofs. devnet only.';

/** `circuit.dev.zkey` -> `circuit.dev.zkey.meta.json`: the sidecar every key carries. */
export function metaPathFor(zkeyPath: string): string {
  return `${zkeyPath}.meta.json`;
}

export function writeKeyMeta(zkeyPath: string, meta: KeyMeta): void {
  writeFileSync(metaPathFor(zkeyPath), `${JSON.stringify(meta, null, 2)}\n`);
}

export function readKeyMeta(zkeyPath: string): KeyMeta {
  const path = metaPathFor(zkeyPath);
  if (!existsSync(path)) {
    throw new ModuloError('KEY_META_MISSING', `${zkeyPath} has no ${path}: refusing a key of unknown origin`, { zkeyPath });
  }
  return JSON.parse(readFileSync(path, 'utf8')) as KeyMeta;
}

/**
 * The gate every consumer of a proving or verification key passes (export, deploy, prover): a dev key,
 * or anything marked insecure, is refused outside devnet.
 */
export function assertKeyAllowed(keyMeta: Pick<KeyMeta, 'setup' | 'insecure' | 'circuit'>, network: Network): void {
  if (!NETWORKS.includes(network)) {
    throw new ModuloError('UNKNOWN_NETWORK', `unknown network "${String(network)}"`, { network });
  }
  const insecure = keyMeta.setup !== 'ceremony' || keyMeta.insecure !== false;
  if (insecure && network !== 'devnet') {
    throw new ModuloError(
      'DEV_KEY_NOT_ALLOWED',
      `the ${keyMeta.circuit} key comes from an insecure ${keyMeta.setup} setup and may only be used on devnet, not ${network}; run the ceremony (docs/setup.md)`,
      { circuit: keyMeta.circuit, setup: keyMeta.setup, network },
    );
  }
}
