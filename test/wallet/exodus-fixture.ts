import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet, type Contract } from 'ethers';
import { expect } from 'vitest';
import { txToBody } from '../../api/tx.js';
import { signL2Tx } from '../../core/l2-tx-hash.js';
import type { L2Tx } from '../../core/tx.js';
import { createAccount, type WalletAccount } from '../../wallet/keystore.js';
import { requireBuilt } from '../fixtures/built.js';
import type { TestL1Node } from '../fixtures/l1-node.js';
import { user } from '../fixtures/rollup.js';
import { releaseSnarkjs } from '../fixtures/toy-circuit.js';
import { contractsBuilt, type RollupDeployment } from '../sequencer/integration/deploy-rollup.js';
import { startSequencerOnL1 } from '../sequencer/integration/sequencer-on-l1.js';
import { TestProver, testCircuitBuilt } from '../sequencer/integration/test-prover.js';

export const ETHER = 10n ** 18n;
export const FEE = 10n;
/** The deployment's forceDeadline (test/sequencer/integration/deploy-rollup.ts). */
export const FORCE_DEADLINE = 86_400;

/** Contracts, and the test circuit with a verifier of the same key: a real proof must pass on L1. */
export const exodusReady = (): boolean =>
  requireBuilt('the contracts (hardhat build)', contractsBuilt()) && requireBuilt('the test circuit (make circuits)', testCircuitBuilt());

/**
 * A rollup whose sequencer stopped for good, on a real `hardhat node` with real proofs of the `test` circuit:
 *
 *   batch 1 (finalized, real proof): deposits of the operator (idx 1), alice 1 ETH (idx 2), bob 0.5 ETH
 *     (idx 3); alice -> bob 0.25 ETH on L2 (fee 10 wei)
 *   batch 2 (committed, never proven): alice tops up idx 2 with 0.2 ETH (queue index 3); bob -> alice 0.1 ETH
 *   then the sequencer stops, and alice tops up 0.1 ETH more (queue index 4) that nobody ever processes.
 *
 * In exodus alice takes out her balance of batch 1 (0.75 ETH less the fee: batch 2 never counts) and is
 * refunded both top-ups. `alice` is a wallet account (BabyJubJub key + a Hardhat L1 key) in `walletDir`.
 */
export interface StoppedRollup {
  readonly hh: TestL1Node;
  readonly d: RollupDeployment;
  readonly walletDir: string;
  readonly alice: WalletAccount;
  /** A wallet account with an L1 key and no L2 account. */
  readonly carol: WalletAccount;
  readonly aliceFinalBalance: bigint;
  readonly aliceDeposits: readonly { readonly queueIndex: number; readonly amount: bigint }[];
  stop(): Promise<void>;
}

export async function startStoppedRollup(name: string): Promise<StoppedRollup> {
  const s = await startSequencerOnL1(name, { maxBatchesPerSettlement: 1 });
  const { hh, d, node, l1, baseUrl } = s;
  const walletDir = mkdtempSync(join(tmpdir(), `modulo-${name}-wallet-`));
  const alice = createAccount(walletDir, 'alice', { l1Key: d.keys.users[1]!, babyJubJubKey: new Uint8Array(32).fill(7) });
  const carol = createAccount(walletDir, 'carol', { l1Key: d.keys.users[3]! });
  const operator = user(131);
  const bob = user(132);
  const as = (key: string) => d.rollup.connect(new Wallet(key, d.provider)) as Contract;
  const domain = { chainId: d.chainId, rollupAddress: BigInt(d.address) };
  const send = async (privateKey: Uint8Array, tx: L2Tx) => {
    const res = await fetch(`${baseUrl}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(txToBody(signL2Tx(privateKey, tx, domain))) });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const topUp = async (amount: bigint) => (await as(d.keys.users[1]!).getFunction('depositTo')(2, 0, amount, { value: amount })).wait();

  for (const [key, owner, amount] of [[d.keys.users[0]!, operator, 0n], [d.keys.users[1]!, alice, ETHER], [d.keys.users[2]!, bob, ETHER / 2n]] as const) {
    await (await as(key).getFunction('deposit')(0, amount, owner.ax, owner.ay, { value: amount })).wait();
  }
  await hh.mine(1);
  await l1.watcher.poll();
  await send(alice.privateKey, { fromIdx: 2, toIdx: 3, amount: ETHER / 4n, fee: FEE, nonce: 0n, tokenId: 0n });
  node.sealDue();
  expect(node.store.batches.get(1)).toMatchObject({ l1TxCount: 3, l2TxCount: 1 });
  await s.submitUntil(() => node.store.batches.get(1)?.committedAt != null);
  expect(await new TestProver(baseUrl).proveOne()).toBe(1);
  await s.submitUntil(() => node.store.batches.get(1)?.finalizedAt != null);

  await topUp(ETHER / 5n);
  await hh.mine(1);
  await l1.watcher.poll();
  await send(bob.privateKey, { fromIdx: 3, toIdx: 2, amount: ETHER / 10n, fee: FEE, nonce: 0n, tokenId: 0n });
  node.batcher.seal();
  await s.submitUntil(() => node.store.batches.get(2)?.committedAt != null);

  // The sequencer stops for good; the L1 node stays.
  await releaseSnarkjs();
  await s.app.close();
  s.client.destroy();
  await node.close();
  await topUp(ETHER / 10n);

  return {
    hh, d, walletDir, alice, carol,
    aliceFinalBalance: ETHER - ETHER / 4n - FEE,
    aliceDeposits: [{ queueIndex: 3, amount: ETHER / 5n }, { queueIndex: 4, amount: ETHER / 10n }],
    async stop() {
      d.provider.destroy();
      await hh.stop();
      rmSync(walletDir, { recursive: true, force: true });
      rmSync(node.config.dataDir, { recursive: true, force: true });
    },
  };
}

/** Moves the chain's clock past the force deadline of everything queued so far, and mines a block there. */
export async function passDeadline(hh: TestL1Node): Promise<void> {
  await hh.rpc('evm_increaseTime', [FORCE_DEADLINE + 1]);
  await hh.mine(1);
}
