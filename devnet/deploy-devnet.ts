import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JsonRpcProvider, NonceManager, parseUnits, Wallet, type Contract } from 'ethers';
import { circuitConfig, type CircuitName } from '../core/circuits.js';
import { deployRollup, deployTestToken, readArtifact, verifierArtifactPath } from '../l1/deploy.js';
import { openContext } from '../wallet/context.js';
import { deposit } from '../wallet/deposit.js';
import { createAccount, loadAccount, type WalletAccount } from '../wallet/keystore.js';
import { addressOf, DEV_USER_KEYS, DEVNET_ROLES, operatorBabyJubJubKey } from './accounts.js';
import type { DevnetBuild } from './build.js';
import type { DevnetState } from './devnet-state.js';
import { ModuloError } from '../core/errors.js';

/** Seconds an L1 tx may wait for a finalized batch before exodus: short, as a devnet's should be. */
export const DEVNET_FORCE_DEADLINE = 3_600;
/** Seconds between naming a new admin and its acceptance (docs/operations.md, "Roles"); days in production. */
export const DEVNET_ADMIN_DELAY = 3_600;
export const TEST_TOKEN = { name: 'Modulo Test Token', symbol: 'TEST', mint: parseUnits('1000000', 18) } as const;
/** The operator's minimum fees: 10^12 wei (0.000001 ETH) and 0.001 TEST. */
export const MIN_FEES = { eth: 10n ** 12n, token: 10n ** 15n } as const;

/** The wallet account `operator`: the fee accounts' BabyJubJub key (derived, the same on every devnet) and L1 key #3. */
export function operatorAccount(walletDir: string): WalletAccount {
  const path = join(walletDir, 'operator.json');
  if (!existsSync(path)) return createAccount(walletDir, 'operator', { l1Key: DEVNET_ROLES.operator, babyJubJubKey: operatorBabyJubJubKey() });
  const account = loadAccount(walletDir, 'operator');
  if (account.l1.address !== addressOf(DEVNET_ROLES.operator)) {
    throw new ModuloError('WALLET_EXISTS', `wallet account "operator" (${path}) has another L1 key than the devnet's operator; move it away or use another --wallet-dir`, { path });
  }
  return account;
}

/**
 * A fresh deployment on the devnet's L1 node: the Poseidon libraries, the circuit's verifier and the Rollup
 * (sequencer and operator roles to Hardhat accounts #2 and #3), the TEST token registered and minted to the
 * dev accounts, and the operator's fee accounts (0 ETH and 0 TEST deposits: idx 1 and 2).
 */
export async function deployDevnet(o: { rpcUrl: string; build: DevnetBuild; walletDir: string; log: (line: string) => void }): Promise<DevnetState> {
  const provider = new JsonRpcProvider(o.rpcUrl, undefined, { pollingInterval: 100 });
  try {
    const deployer = new NonceManager(new Wallet(DEVNET_ROLES.deployer, provider));
    const admin = await deployer.getAddress();
    const sizes = circuitConfig(o.build.circuit as CircuitName);
    const deployed = await deployRollup({
      deployer,
      depth: sizes.depth,
      circuits: [{ name: o.build.circuit, verifier: readArtifact(verifierArtifactPath(o.build.contractName)), batchSize: sizes.batchSize, feeSlots: sizes.feeSlots }],
      roles: { admin, governance: admin, sequencer: addressOf(DEVNET_ROLES.sequencer), operator: addressOf(DEVNET_ROLES.operator) },
      forceDeadline: DEVNET_FORCE_DEADLINE,
      maxPendingL1Txs: 256,
      adminDelay: DEVNET_ADMIN_DELAY,
    });
    o.log(`deploy: Rollup ${deployed.address} (block ${deployed.deployBlock}), ${o.build.contractName} ${deployed.verifiers[0]!.address}`);
    const token = await deployTestToken(deployer, deployer, deployed.rollup, TEST_TOKEN.name, TEST_TOKEN.symbol);
    const operator = operatorAccount(o.walletDir);
    for (const address of [...DEV_USER_KEYS.map(addressOf), operator.l1.address]) {
      await (await (token.token.connect(deployer) as Contract).getFunction('mint')(address, TEST_TOKEN.mint)).wait();
    }
    o.log(`deploy: ${TEST_TOKEN.symbol} ${token.address} (tokenId ${token.tokenId}), 1000000 minted to each dev account`);
    const ctx = await openContext({ rpc: o.rpcUrl, rollup: deployed.address, sequencer: 'http://unused.invalid' }, o.walletDir);
    try {
      const eth = await deposit(ctx, operator, { amount: '0', token: 'ETH', newAccount: true });
      const test = await deposit(ctx, operator, { amount: '0', token: TEST_TOKEN.symbol, newAccount: true });
      o.log(`deploy: operator fee accounts idx ${eth.idx} (ETH) and ${test.idx} (${TEST_TOKEN.symbol})`);
      const { chainId } = await provider.getNetwork();
      return {
        version: 1,
        circuit: o.build.circuit,
        chainId: Number(chainId),
        rollupAddress: deployed.address,
        deployBlock: deployed.deployBlock,
        verifiers: deployed.verifiers,
        token: { address: token.address, tokenId: token.tokenId, symbol: TEST_TOKEN.symbol },
        feeAccounts: [
          { tokenId: 0, idx: eth.idx, minFee: MIN_FEES.eth.toString() },
          { tokenId: token.tokenId, idx: test.idx, minFee: MIN_FEES.token.toString() },
        ],
        build: { vkeySha256: o.build.vkeySha256, codeSha256: o.build.codeSha256 },
        createdAt: new Date().toISOString(),
      };
    } finally {
      ctx.close();
    }
  } finally {
    provider.destroy();
  }
}
