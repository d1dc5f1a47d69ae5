import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContractFactory, JsonRpcProvider, NonceManager, Wallet, type Contract, type InterfaceAbi } from 'ethers';
import { zeroHashes } from '../../../core/state-tree.js';
import { HARDHAT_KEYS, ROOT } from './hardhat-node.js';

const require = createRequire(import.meta.url);

interface Artifact {
  readonly abi: InterfaceAbi;
  readonly bytecode: string;
  readonly linkReferences: Record<string, Record<string, Array<{ start: number; length: number }>>>;
}

const ARTIFACTS = {
  Rollup: 'artifacts/contracts/Rollup.sol/Rollup.json',
  TestBatchVerifier: 'artifacts/contracts/verifiers/TestBatchVerifier.sol/TestBatchVerifier.json',
} as const;

/** The contracts engineer's compiled artifacts this test deploys (`npx hardhat build`). */
export function contractsBuilt(): boolean {
  return Object.values(ARTIFACTS).every((p) => existsSync(join(ROOT, p)));
}

function artifact(name: keyof typeof ARTIFACTS): Artifact {
  return JSON.parse(readFileSync(join(ROOT, ARTIFACTS[name]), 'utf8')) as Artifact;
}

/** Bytecode with library addresses written into their link references. */
function link(a: Artifact, libraries: Record<string, string>): string {
  let code = a.bytecode.slice(2);
  for (const refs of Object.values(a.linkReferences)) {
    for (const [name, places] of Object.entries(refs)) {
      const address = libraries[name]?.slice(2).toLowerCase();
      if (!address) throw new Error(`no address for library ${name}`);
      for (const { start, length } of places) code = code.slice(0, start * 2) + address + code.slice((start + length) * 2);
    }
  }
  return `0x${code}`;
}

export interface RollupDeployment {
  readonly provider: JsonRpcProvider;
  readonly rollup: Contract;
  readonly address: string;
  readonly deployBlock: number;
  readonly chainId: bigint;
  /** Hardhat account keys by role; `sequencer` signs commitBatch. */
  readonly keys: { readonly admin: string; readonly sequencer: string; readonly operator: string; readonly users: readonly string[] };
}

/**
 * Deploys PoseidonT4/T5/T6 at their canonical addresses (deterministic deployment proxy, as on a real
 * chain), the test circuit's verifier and a Rollup of depth 8 with that one circuit (id 0).
 */
export async function deployRollup(url: string, options: { forceDeadline?: number } = {}): Promise<RollupDeployment> {
  const provider = new JsonRpcProvider(url, undefined, { pollingInterval: 100 });
  const [adminKey, , sequencerKey, operatorKey, ...users] = HARDHAT_KEYS;
  const admin = new NonceManager(new Wallet(adminKey, provider));
  const adminAddress = await admin.getAddress();
  const poseidon = require('poseidon-solidity') as Record<string, { address: string; data: string; from: string; gas: string; tx: string }>;
  const proxy = poseidon.proxy!;
  if ((await provider.getCode(proxy.address)) === '0x') {
    await (await admin.sendTransaction({ to: proxy.from, value: BigInt(proxy.gas) })).wait();
    await (await provider.broadcastTransaction(proxy.tx)).wait();
  }
  const libraries: Record<string, string> = {};
  for (const name of ['PoseidonT4', 'PoseidonT5', 'PoseidonT6']) {
    const lib = poseidon[name]!;
    if ((await provider.getCode(lib.address)) === '0x') await (await admin.sendTransaction({ to: proxy.address, data: lib.data })).wait();
    libraries[name] = lib.address;
  }
  const verifierArtifact = artifact('TestBatchVerifier');
  const verifier = await new ContractFactory(verifierArtifact.abi, verifierArtifact.bytecode, admin).deploy();
  await verifier.waitForDeployment();
  const rollupArtifact = artifact('Rollup');
  const depth = 8;
  const config = {
    depth,
    genesisStateRoot: zeroHashes(depth / 2)[depth / 2]!,
    forceDeadline: options.forceDeadline ?? 86_400,
    maxPendingL1Txs: 64,
    admin: adminAddress,
    governance: adminAddress,
    sequencer: new Wallet(sequencerKey).address,
    operator: new Wallet(operatorKey).address,
  };
  const factory = new ContractFactory(rollupArtifact.abi, link(rollupArtifact, libraries), admin);
  const rollup = (await factory.deploy(config, [{ verifier: await verifier.getAddress(), batchSize: 4, feeSlots: 2 }])) as Contract;
  const receipt = await (await rollup.deploymentTransaction())!.wait();
  const { chainId } = await provider.getNetwork();
  return {
    provider,
    rollup,
    address: await rollup.getAddress(),
    deployBlock: receipt!.blockNumber,
    chainId,
    keys: { admin: adminKey, sequencer: sequencerKey!, operator: operatorKey!, users },
  };
}
