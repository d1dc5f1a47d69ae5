import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Contract, ContractFactory, type ContractRunner, type InterfaceAbi, type Provider, type Signer } from 'ethers';
import { zeroHashes } from '../core/state-tree.js';
import { ModuloError } from '../core/errors.js';
import { decodeTokenRegistered, rollupEventName } from './rollup-events.js';

/**
 * Deployment of the rollup on an L1 node: the Poseidon libraries at their canonical addresses (through the
 * deterministic-deployment proxy, as on every real chain), one verifier per circuit, the Rollup linked to
 * the libraries, and (devnet, tests) an ERC20 registered as a token. Used by `modulo devnet`, the end-to-end
 * tests and the sequencer's integration tests; it reads the Hardhat artifacts (`hardhat build`).
 */

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface Artifact {
  readonly abi: InterfaceAbi;
  readonly bytecode: string;
  readonly deployedBytecode: string;
  readonly linkReferences: Record<string, Record<string, Array<{ start: number; length: number }>>>;
}

export const ROLLUP_ARTIFACT = 'artifacts/contracts/Rollup.sol/Rollup.json';
export const MOCK_ERC20_ARTIFACT = 'artifacts/contracts/test/MockERC20.sol/MockERC20.json';

/** `TestBatchVerifier` -> its artifact path, as `hardhat build` writes it. */
export function verifierArtifactPath(contractName: string): string {
  return `artifacts/contracts/verifiers/${contractName}.sol/${contractName}.json`;
}

export function artifactExists(path: string, root = ROOT): boolean {
  return existsSync(join(root, path));
}

export function readArtifact(path: string, root = ROOT): Artifact {
  return JSON.parse(readFileSync(join(root, path), 'utf8')) as Artifact;
}

/** Bytecode with library addresses written into their link references. */
export function linkBytecode(a: Pick<Artifact, 'bytecode' | 'linkReferences'>, libraries: Readonly<Record<string, string>>): string {
  let code = a.bytecode.slice(2);
  for (const refs of Object.values(a.linkReferences)) {
    for (const [name, places] of Object.entries(refs)) {
      const address = libraries[name]?.slice(2).toLowerCase();
      if (!address) throw new Error(`invariant: no address for library ${name} (deployRollup deploys every library it links)`);
      for (const { start, length } of places) code = code.slice(0, start * 2) + address + code.slice((start + length) * 2);
    }
  }
  return `0x${code}`;
}

export const POSEIDON_LIBRARIES = ['PoseidonT4', 'PoseidonT5', 'PoseidonT6'] as const;

type PoseidonPackage = { readonly proxy: { readonly address: string; readonly from: string; readonly gas: string; readonly tx: string } } & {
  readonly [name in (typeof POSEIDON_LIBRARIES)[number]]: { readonly address: string; readonly data: string };
};

/**
 * Deploys the deterministic-deployment proxy (a pre-signed tx: `funder` pays its gas) and PoseidonT4/T5/T6
 * through it, each only if absent. Returns the libraries' addresses, the same on every chain.
 */
export async function deployPoseidonLibraries(provider: Provider, funder: Signer): Promise<Record<string, string>> {
  const poseidon = require('poseidon-solidity') as PoseidonPackage;
  const { proxy } = poseidon;
  if ((await provider.getCode(proxy.address)) === '0x') {
    await (await funder.sendTransaction({ to: proxy.from, value: BigInt(proxy.gas) })).wait();
    await (await provider.broadcastTransaction(proxy.tx)).wait();
  }
  const libraries: Record<string, string> = {};
  for (const name of POSEIDON_LIBRARIES) {
    const lib = poseidon[name];
    if ((await provider.getCode(lib.address)) === '0x') await (await funder.sendTransaction({ to: proxy.address, data: lib.data })).wait();
    libraries[name] = lib.address;
  }
  return libraries;
}

/** One circuit of the deployment: its verifier's artifact and sizes (circuits/circuits.json). */
export interface CircuitDeployment {
  readonly name: string;
  readonly verifier: Artifact;
  readonly batchSize: number;
  readonly feeSlots: number;
}

export interface RollupRoles {
  readonly admin: string;
  readonly governance: string;
  readonly sequencer: string;
  readonly operator: string;
}

export interface DeployRollupOptions {
  readonly deployer: Signer;
  readonly depth: number;
  /** circuitId = position in this list. */
  readonly circuits: readonly CircuitDeployment[];
  readonly roles: RollupRoles;
  /** Seconds an L1 tx may wait for a finalized batch before exodus (docs/protocol.md §10). */
  readonly forceDeadline: number;
  readonly maxPendingL1Txs: number;
  /** Seconds between naming a new admin and its acceptance (ITwoStepAdmin; docs/operations.md, "Roles"). */
  readonly adminDelay: number;
  readonly rollupArtifact?: Artifact;
}

export interface DeployedRollup {
  readonly rollup: Contract;
  readonly address: string;
  /** The block of the Rollup's deployment: the sequencer's watcher and the auditor start there. */
  readonly deployBlock: number;
  readonly verifiers: ReadonlyArray<{ readonly name: string; readonly address: string }>;
  readonly libraries: Readonly<Record<string, string>>;
}

/** Deploys the libraries (if absent), one verifier per circuit and the Rollup with the empty tree as genesis. */
export async function deployRollup(o: DeployRollupOptions): Promise<DeployedRollup> {
  const provider = o.deployer.provider;
  if (provider === null) throw new Error('invariant: deployRollup needs a deployer connected to a provider');
  const libraries = await deployPoseidonLibraries(provider, o.deployer);
  const verifiers: Array<{ name: string; address: string }> = [];
  for (const c of o.circuits) {
    const verifier = await new ContractFactory(c.verifier.abi, c.verifier.bytecode, o.deployer).deploy();
    await verifier.waitForDeployment();
    verifiers.push({ name: c.name, address: await verifier.getAddress() });
  }
  const artifact = o.rollupArtifact ?? readArtifact(ROLLUP_ARTIFACT);
  const config = {
    depth: o.depth,
    genesisStateRoot: zeroHashes(o.depth / 2)[o.depth / 2]!,
    forceDeadline: o.forceDeadline,
    maxPendingL1Txs: o.maxPendingL1Txs,
    adminDelay: o.adminDelay,
    ...o.roles,
  };
  const circuits = o.circuits.map((c, i) => ({ verifier: verifiers[i]!.address, batchSize: c.batchSize, feeSlots: c.feeSlots }));
  const factory = new ContractFactory(artifact.abi, linkBytecode(artifact, libraries), o.deployer);
  const rollup = (await factory.deploy(config, circuits)) as Contract;
  const receipt = await rollup.deploymentTransaction()!.wait();
  return { rollup, address: await rollup.getAddress(), deployBlock: receipt!.blockNumber, verifiers, libraries };
}

export interface DeployedToken {
  readonly token: Contract;
  readonly address: string;
  readonly tokenId: number;
}

/**
 * Deploys the test-only MockERC20 (anyone mints; 18 decimals) and registers it with the rollup; `governance`
 * must hold the governance role. Devnets and tests only.
 */
export async function deployTestToken(
  deployer: Signer,
  governance: ContractRunner,
  rollup: Contract,
  name: string,
  symbol: string,
): Promise<DeployedToken> {
  const a = readArtifact(MOCK_ERC20_ARTIFACT);
  const token = (await new ContractFactory(a.abi, a.bytecode, deployer).deploy(name, symbol)) as Contract;
  await token.waitForDeployment();
  const address = await token.getAddress();
  const asGovernance = rollup.connect(governance) as Contract;
  const receipt = await (await asGovernance.getFunction('registerToken')(address)).wait();
  for (const log of receipt?.logs ?? []) {
    if (rollupEventName(log) === 'TokenRegistered') return { token, address, tokenId: decodeTokenRegistered(log).tokenId };
  }
  throw new ModuloError('L1_FAILED', `registerToken(${address}) emitted no TokenRegistered event`, { address });
}
