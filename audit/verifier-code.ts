import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonRpcProvider } from 'ethers';
import { finishVerifierSource } from '../proving-kit/export-batch-verifier.js';
import type { VerificationKey } from '../proving-kit/ffjs.js';
import { ModuloError } from '../core/errors.js';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The compiler settings hardhat.config.ts compiles the verifiers with (a test keeps them in step). */
export const VERIFIER_COMPILER = { version: '0.8.30', optimizer: { enabled: true, runs: 1_000_000 }, evmVersion: 'prague' } as const;

function snarkjsTemplate(): string {
  let dir = dirname(require.resolve('snarkjs'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return readFileSync(join(dir, 'templates', 'verifier_groth16.sol.ejs'), 'utf8');
}

/**
 * The Solidity verifier for a verification key, as proving-kit/export.ts writes it from a zkey:
 * snarkjs' Groth16 template rendered with the key (what `exportSolidityVerifier` does after reading the key
 * out of the zkey), finished by the same finishVerifierSource (name, header, batched verifyProofs). An auditor has
 * the key, not the zkey; a test checks this equals export.ts's output for the same key byte for byte.
 */
export function verifierSource(vk: VerificationKey, contractName: string, source: string): string {
  const ejs = require('ejs') as { render(template: string, data: unknown): string };
  const generated = ejs.render(snarkjsTemplate(), vk);
  return finishVerifierSource(generated, vk.nPublic, contractName, source);
}

interface SolcOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>;
  contracts?: Record<string, Record<string, { evm: { deployedBytecode: { object: string } } }>>;
}

/** Runtime bytecode of the verifier compiled with VERIFIER_COMPILER (solc-js from npm, offline). */
export function compileVerifier(source: string, contractName: string): string {
  const solc = require('solc') as { version(): string; compile(input: string): string };
  if (!solc.version().startsWith(VERIFIER_COMPILER.version)) throw new ModuloError('COMPILE_FAILED', `solc ${solc.version()} is not ${VERIFIER_COMPILER.version}`);
  const file = `contracts/verifiers/${contractName}.sol`;
  const input = {
    language: 'Solidity',
    sources: {
      [file]: { content: source },
      'contracts/interfaces/IBatchVerifier.sol': { content: readFileSync(join(ROOT, 'contracts', 'interfaces', 'IBatchVerifier.sol'), 'utf8') },
    },
    settings: {
      optimizer: VERIFIER_COMPILER.optimizer,
      evmVersion: VERIFIER_COMPILER.evmVersion,
      outputSelection: { [file]: { [contractName]: ['evm.deployedBytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new ModuloError('COMPILE_FAILED', errors.map((e) => e.formattedMessage).join('\n'));
  const code = output.contracts?.[file]?.[contractName]?.evm.deployedBytecode.object;
  if (!code) throw new ModuloError('COMPILE_FAILED', `solc produced no bytecode for ${contractName}`);
  return `0x${code}`;
}

/** Runtime bytecode without solc's CBOR metadata (its length is the last two bytes). */
export function stripMetadata(code: string): string {
  const hex = code.startsWith('0x') ? code.slice(2) : code;
  if (hex.length < 4) return hex;
  const length = parseInt(hex.slice(-4), 16);
  const cut = hex.length - (length + 2) * 2;
  // CBOR map (major type 5): the metadata solc appends.
  return cut > 0 && /^(a[0-9a-f]|b[0-7])$/.test(hex.slice(cut, cut + 2)) ? hex.slice(0, cut) : hex;
}

export interface VerifierCheck {
  readonly address: string;
  readonly matches: boolean;
  readonly deployedBytes: number;
  readonly expectedBytes: number;
}

/** Does the code at `address` equal the verifier of `vk` (metadata hash aside)? */
export async function checkVerifier(provider: JsonRpcProvider, address: string, vk: VerificationKey, contractName: string, atBlock: number): Promise<VerifierCheck> {
  const expected = stripMetadata(compileVerifier(verifierSource(vk, contractName, 'a verification key'), contractName));
  const deployed = stripMetadata(await provider.getCode(address, atBlock));
  return { address, matches: deployed === expected, deployedBytes: deployed.length / 2, expectedBytes: expected.length / 2 };
}
