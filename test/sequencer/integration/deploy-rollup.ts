import { JsonRpcProvider, NonceManager, Wallet, type Contract } from 'ethers';
import { artifactExists, deployRollup as deploy, readArtifact, ROLLUP_ARTIFACT, verifierArtifactPath } from '../../../l1/deploy.js';
import { HARDHAT_KEYS } from '../../../devnet/accounts.js';
import { ROOT } from '../../fixtures/root.js';
import { TEST_CIRCUIT } from '../../fixtures/rollup.js';

const TEST_VERIFIER = verifierArtifactPath('TestBatchVerifier');

/** The contracts engineer's compiled artifacts this test deploys (`npx hardhat build`). */
export function contractsBuilt(): boolean {
  return [ROLLUP_ARTIFACT, TEST_VERIFIER].every((p) => artifactExists(p, ROOT));
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
 * chain), the test circuit's verifier and a Rollup at the test circuit's depth with that one circuit
 * (id 0), with l1/deploy.ts.
 */
export async function deployRollup(url: string, options: { forceDeadline?: number } = {}): Promise<RollupDeployment> {
  const provider = new JsonRpcProvider(url, undefined, { pollingInterval: 100 });
  const [adminKey, , sequencerKey, operatorKey, ...users] = HARDHAT_KEYS;
  const admin = new NonceManager(new Wallet(adminKey, provider));
  const adminAddress = await admin.getAddress();
  const deployed = await deploy({
    deployer: admin,
    depth: TEST_CIRCUIT.depth,
    circuits: [{ name: 'test', verifier: readArtifact(TEST_VERIFIER, ROOT), batchSize: TEST_CIRCUIT.batchSize, feeSlots: TEST_CIRCUIT.feeSlots }],
    roles: { admin: adminAddress, governance: adminAddress, sequencer: new Wallet(sequencerKey).address, operator: new Wallet(operatorKey).address },
    forceDeadline: options.forceDeadline ?? 86_400,
    maxPendingL1Txs: 64,
    adminDelay: 86_400,
  });
  const { chainId } = await provider.getNetwork();
  return {
    provider,
    rollup: deployed.rollup,
    address: deployed.address,
    deployBlock: deployed.deployBlock,
    chainId,
    keys: { admin: adminKey, sequencer: sequencerKey!, operator: operatorKey!, users },
  };
}
