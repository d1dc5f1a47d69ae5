import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Contract, JsonRpcProvider, NonceManager, Wallet } from 'ethers';
import { pino } from 'pino';
import { compileVerifier, verifierSource } from '../audit/verifier-code.js';
import { derivePublicKey } from '../core/eddsa.js';
import { signL2Tx } from '../core/l2-tx-hash.js';
import { HARDHAT_KEYS } from '../devnet/accounts.js';
import { freePort } from '../devnet/free-port.js';
import { startL1Node, writeNodeConfig } from '../devnet/l1-node.js';
import { deployRollup, readArtifact, verifierArtifactPath } from '../l1/deploy.js';
import { trapdoorKey } from '../proving-kit/trapdoor-key.js';
import { deploymentCircuits } from '../sequencer/circuit-sizes.js';
import { configFrom } from '../sequencer/config.js';
import { attachL1 } from '../sequencer/l1/attach-l1.js';
import { matchCircuitIds } from '../sequencer/l1/circuit-ids.js';
import { EthersL1Client } from '../sequencer/l1/ethers-client.js';
import { SequencerNode } from '../sequencer/node.js';
import type { BenchRow } from './bench-prover.js';

const ROOT = new URL('../', import.meta.url).pathname;
const BLOCK_MS = 1_000;
const ONE = 10n ** 18n;

/**
 * The extra latency a settlement group adds at the sequencer's default policy, measured: the real submitter
 * (sequencer/l1, its default config: settlement mode, group size, wait, poll interval, confirmations 1) on a
 * `hardhat node` with the real contracts, mining a block every second. The `test` circuit's verifier is replaced
 * by one generated from a trapdoor key (proving-kit/trapdoor-key.ts), so that a proof exists at once for any
 * batch; `batches` sealed batches get their proofs one at a time every `proofSeconds` (one worker proving them
 * in turn), and for each the time from its proof being ready to its settlement being broadcast and to its
 * being finalized (confirmed on L1) is taken; then the same without grouping (groups of one, no wait), whose
 * difference is what grouping adds.
 */
export async function measureSettlementLatency(proofSeconds: number, batches = 4): Promise<BenchRow[]> {
  const grouped = await measureOnce(proofSeconds, batches, {});
  const alone = await measureOnce(proofSeconds, batches, { maxBatchesPerSettlement: 1, maxSettlementWaitMs: 0 });
  return [
    ...grouped.rows,
    { name: 'measured: the same without grouping (1 batch per settlement, no wait): proof ready → settlement broadcast, mean', value: alone.toSent, unit: 's' },
    { name: 'measured: extra latency the default settlement group adds per batch (mean broadcast delay, default minus no grouping)', value: Math.round((grouped.toSent - alone.toSent) * 100) / 100, unit: 's' },
  ];
}

async function measureOnce(proofSeconds: number, batches: number, policy: Record<string, number>): Promise<{ rows: BenchRow[]; toSent: number }> {
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.cache', 'bench-latency-'));
  const configPath = join(dir, 'hardhat.config.mjs');
  writeNodeConfig(configPath, new Date().toISOString(), join(ROOT, 'artifacts'));
  const l1Node = await startL1Node({ root: ROOT, configPath, port: await freePort(), logFile: join(dir, 'node.log'), marker: dir });
  const provider = new JsonRpcProvider(l1Node.url, undefined, { pollingInterval: 100 });
  let node: SequencerNode | null = null;
  let client: EthersL1Client | null = null;
  try {
    const [adminKey, , sequencerKey, operatorKey, userKey] = HARDHAT_KEYS;
    const admin = new NonceManager(new Wallet(adminKey!, provider));
    const adminAddress = await admin.getAddress();
    const probe = configFrom({ deploymentCircuit: 'test' });
    const test = deploymentCircuits(probe.circuits, 'test')[0]!.config;
    const deployed = await deployRollup({ adminDelay: 0,
      deployer: admin, depth: test.depth,
      circuits: [{ name: 'test', verifier: readArtifact(verifierArtifactPath('TestBatchVerifier'), ROOT), batchSize: test.batchSize, feeSlots: test.feeSlots }],
      roles: { admin: adminAddress, governance: adminAddress, sequencer: new Wallet(sequencerKey!).address, operator: new Wallet(operatorKey!).address },
      forceDeadline: 86_400, maxPendingL1Txs: 64,
    });
    const key = trapdoorKey('modulo bench: settlement latency');
    await provider.send('hardhat_setCode', [deployed.verifiers[0]!.address, compileVerifier(verifierSource(key.vk, 'TestBatchVerifier', 'a trapdoor key'), 'TestBatchVerifier')]);
    const chainId = (await provider.getNetwork()).chainId;
    const domain = { chainId, rollupAddress: BigInt(deployed.address) };
    const config = configFrom({
      devnet: true, dataDir: join(dir, 'data'), deploymentCircuit: 'test',
      domain: { chainId: chainId.toString(), rollupAddress: deployed.address },
      fees: [{ tokenId: '0', idx: 1, minFee: '10' }],
      http: { rateLimit: null, logLevel: 'silent', port: 0 },
      mempool: { verifyWorkers: 0 },
      prover: { artifactsDir: join(ROOT, 'build', 'circuits') },
      l1: { rpcUrl: l1Node.url, privateKey: sequencerKey, startBlock: deployed.deployBlock, confirmations: 1, ...policy },
    });
    const l1 = config.l1!;
    client = new EthersL1Client({ rpcUrl: l1Node.url, privateKey: sequencerKey!, rollupAddress: deployed.address, chainId, pollingIntervalMs: 100 });
    const circuits = matchCircuitIds(deploymentCircuits(config.circuits, 'test'), await client.circuits());
    node = new SequencerNode(config, { circuits, logger: pino({ level: 'silent' }) });
    const attached = attachL1(node, client, l1);

    // Two accounts (the operator's fee account 1, and a sender), then one transfer per batch.
    const users = [new Uint8Array(32).fill(7), new Uint8Array(32).fill(8)];
    const wallet = new Wallet(userKey!, provider);
    for (const [i, amount] of [0n, ONE].entries()) {
      const { ax, ay } = derivePublicKey(users[i]!);
      await (await (deployed.rollup.connect(wallet) as Contract).getFunction('deposit')(0, amount, ax, ay, { value: amount })).wait();
    }
    await provider.send('evm_setIntervalMining', [BLOCK_MS]);
    await until(async () => { await attached.watcher.poll(); return node!.store.l1.length() >= 2; });
    for (let n = 0; n < batches; n++) {
      await node.mempool.submit(signL2Tx(users[1]!, { fromIdx: 2, toIdx: 1, amount: 1000n, fee: 10n, nonce: BigInt(n), tokenId: 0n }, domain));
      node.batcher.seal();
    }
    attached.runtime.start();

    const readyAt = new Map<number, number>();
    for (let n = 1; n <= batches; n++) {
      await sleep(proofSeconds * 1000);
      const b = node.store.batches.get(n)!;
      const p = key.prove(BigInt(b.publicInputHash));
      const proof = { pi_a: [...p.a.map(String), '1'], pi_b: [[String(p.b[0][1]), String(p.b[0][0])], [String(p.b[1][1]), String(p.b[1][0])], ['1', '0']], pi_c: [...p.c.map(String), '1'], protocol: 'groth16', curve: 'bn128' };
      readyAt.set(n, Date.now());
      node.store.batches.setProof(n, JSON.stringify(proof), Date.now());
      attached.runtime.kick();
    }
    await until(async () => node!.store.batches.get(batches)?.finalizedAt != null, 120_000);
    attached.runtime.stop();

    const sends = settlementSends(node);
    const sentAt = (n: number) => sends.find((s) => s.first <= n && n <= s.last)!.createdAt;
    const numbers = [...readyAt.keys()];
    const toSent = numbers.map((n) => (sentAt(n) - readyAt.get(n)!) / 1000);
    const toFinal = numbers.map((n) => (node!.store.batches.get(n)!.finalizedAt! - readyAt.get(n)!) / 1000);
    const label = `${l1.settlementMode}, at most ${l1.maxBatchesPerSettlement} batches or ${l1.maxSettlementWaitMs / 1000} s, poll ${l1.pollMs / 1000} s`;
    const round = (v: number) => Math.round(v * 100) / 100;
    const rows = [
      { name: `measured, default policy (${label}); ${batches} batches, one proof every ${proofSeconds} s: batches per settlement (mean)`, value: round(batches / sends.length), unit: 'batches' },
      { name: 'measured: proof ready → its settlement broadcast, mean (the grouping wait, the poll and the gas estimate)', value: round(mean(toSent)), unit: 's' },
      { name: 'measured: proof ready → its settlement broadcast, max', value: round(Math.max(...toSent)), unit: 's' },
      { name: `measured: proof ready → finalized in the sequencer (hardhat node, a block every ${BLOCK_MS / 1000} s, 1 confirmation), mean`, value: round(mean(toFinal)), unit: 's' },
    ];
    return { rows, toSent: round(mean(toSent)) };
  } finally {
    client?.destroy();
    await node?.close();
    provider.destroy();
    await l1Node.child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The settlement sends (commitAndProveBatches or proveBatches) of the node's outbox: their range and first attempt. */
function settlementSends(node: SequencerNode): Array<{ first: number; last: number; createdAt: number }> {
  const rows = node.store.db.all<{ batch_number: number; first_batch: number | null; kind: string; created_at: number }>(
    "SELECT batch_number, first_batch, kind, created_at FROM outbox WHERE attempt = 0 AND status = 'confirmed' AND (kind = 'prove' OR first_batch IS NOT NULL) ORDER BY id",
  );
  return rows.map((r) => ({ first: r.first_batch ?? r.batch_number, last: r.batch_number, createdAt: r.created_at }));
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(done: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('bench: settlement latency: timed out');
    await sleep(200);
  }
}
