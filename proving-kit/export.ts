import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { snarkjs, type VerificationKey } from './ffjs.js';
import { ModuloError } from '../core/errors.js';
import { finishVerifierSource } from './export-batch-verifier.js';
import { assertKeyAllowed, readKeyMeta, type Network } from './key-meta.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const VERIFIERS_DIR = join(ROOT, 'contracts', 'verifiers');

/**
 * A key whose γ₂ equals δ₂ — what `snarkjs zkey new` writes before any phase-2 contribution (both the G2
 * generator) — lets anyone forge proofs: the IC term and C then pair against the same element, so C can
 * absorb vk_x. Such a key is never exported.
 */
export function assertNotForgeable(vk: VerificationKey, source = 'verification key'): void {
  const same = JSON.stringify(vk.vk_gamma_2) === JSON.stringify(vk.vk_delta_2);
  if (same) {
    throw new ModuloError(
      'FORGEABLE_KEY',
      `${source}: gamma2 == delta2, so proofs for it can be forged (a zkey without any phase-2 contribution); contribute to it (docs/setup.md) or use a dev setup`,
      { source },
    );
  }
}

/** The verification key of a .zkey, refused if forgeable. */
export async function exportVerificationKey(zkeyPath: string): Promise<VerificationKey> {
  const vk = await snarkjs.zKey.exportVerificationKey(zkeyPath);
  assertNotForgeable(vk, zkeyPath);
  return vk;
}

/** `test` -> `TestBatchVerifier`. */
export function verifierContractName(circuit: string): string {
  const camel = circuit.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
  return `${camel.charAt(0).toUpperCase()}${camel.slice(1)}BatchVerifier`;
}

export interface VerifierOptions {
  readonly contractName: string;
  /** Named in the generated header. */
  readonly source?: string;
}

/**
 * snarkjs' Groth16 verifier for the key (its own template, so the single-proof pairing code is exactly
 * snarkjs'), renamed, with a do-not-edit header and, for one public input, the batched `verifyProofs`
 * (export-batch-verifier.ts). Refuses forgeable keys.
 */
export async function renderSolidityVerifier(zkeyPath: string, opts: VerifierOptions): Promise<string> {
  const vk = await exportVerificationKey(zkeyPath);
  const template = readFileSync(groth16Template(), 'utf8');
  const generated = await snarkjs.zKey.exportSolidityVerifier(zkeyPath, { groth16: template });
  return finishVerifierSource(generated, vk.nPublic, opts.contractName, opts.source ?? 'a zkey');
}

function groth16Template(): string {
  // snarkjs' `exports` hides templates/; resolve its entry point and walk to the package root.
  const main = createRequire(import.meta.url).resolve('snarkjs');
  let dir = dirname(main);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return join(dir, 'templates', 'verifier_groth16.sol.ejs');
}

export interface ExportOptions {
  readonly circuit: string;
  readonly zkeyPath: string;
  /** Where verification_key.json goes (the circuit's build directory). */
  readonly outDir: string;
  readonly network: Network;
  readonly verifiersDir?: string;
}

export interface Exported {
  readonly vkPath: string;
  readonly verifierPath: string;
  readonly contractName: string;
}

/** Exports the verification key and the Solidity verifier of one circuit, after the network gate. */
export async function exportCircuitKeys(opts: ExportOptions): Promise<Exported> {
  assertKeyAllowed(readKeyMeta(opts.zkeyPath), opts.network);
  const vk = await exportVerificationKey(opts.zkeyPath);
  const vkPath = join(opts.outDir, 'verification_key.json');
  writeIfChanged(vkPath, `${JSON.stringify(vk, null, 1)}\n`);
  const contractName = verifierContractName(opts.circuit);
  const source = relative(ROOT, opts.zkeyPath);
  const solidity = await renderSolidityVerifier(opts.zkeyPath, { contractName, source });
  const dir = opts.verifiersDir ?? VERIFIERS_DIR;
  mkdirSync(dir, { recursive: true });
  const verifierPath = join(dir, `${contractName}.sol`);
  writeIfChanged(verifierPath, solidity);
  return { vkPath, verifierPath, contractName };
}

/** Leaves unchanged files alone so Hardhat's and make's caches stay warm. */
function writeIfChanged(path: string, content: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return;
  writeFileSync(path, content);
}
