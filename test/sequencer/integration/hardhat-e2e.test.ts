import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, Wallet } from 'ethers';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../../sequencer/app.js';
import { deploymentCircuits } from '../../../sequencer/circuit-sizes.js';
import { configFrom } from '../../../sequencer/config.js';
import { attachL1, type AttachedL1 } from '../../../sequencer/l1/attach-l1.js';
import { matchCircuitIds } from '../../../sequencer/l1/circuit-ids.js';
import { EthersL1Client } from '../../../sequencer/l1/ethers-client.js';
import { SequencerNode } from '../../../sequencer/node.js';
import { body, signed, user } from '../fixtures.js';
import { requireBuilt } from '../../fixtures/built.js';
import { startTestL1Node, type TestL1Node } from '../../fixtures/l1-node.js';
import { ROOT } from '../../fixtures/root.js';
import { releaseSnarkjs } from '../../fixtures/toy-circuit.js';
import { contractsBuilt, deployRollup, type RollupDeployment } from './deploy-rollup.js';
import { TestProver, testCircuitBuilt } from './test-prover.js';

/**
 * The sequencer against a real `hardhat node` and the real contracts, with the `test` circuit's real
 * verifier and real proofs: deposits seen after their confirmations, a batch sealed, committed, proven
 * and finalized; then a reorg of a deposit block handled (evm_snapshot / evm_revert and new blocks).
 * Needs the compiled contracts; the proof needs the built `test` circuit (`make circuits`) whose key
 * matches the compiled verifier: locally it is skipped while they do not match, under CI it fails.
 */
const ready = requireBuilt('the contracts (hardhat build)', contractsBuilt());
const CONFIRMATIONS = 2;

let hh: TestL1Node;
let d: RollupDeployment;
let node: SequencerNode;
let app: FastifyInstance;
let l1: AttachedL1;
let client: EthersL1Client;
let baseUrl: string;
const dataDir = mkdtempSync(join(tmpdir(), 'modulo-e2e-'));
const operator = user(101);
const alice = user(102);
const bob = user(103);

async function deposit(keyIndex: number, owner: { ax: bigint; ay: bigint }, amount: bigint): Promise<void> {
  const rollup = d.rollup.connect(new Wallet(d.keys.users[keyIndex]!, d.provider)) as Contract;
  await (await rollup.getFunction('deposit')(0, amount, owner.ax, owner.ay, { value: amount })).wait();
}

beforeAll(async () => {
  if (!ready) return;
  hh = await startTestL1Node();
  d = await deployRollup(hh.url);
  const config = configFrom({
    devnet: true, // TestProver sends no worker token
    dataDir,
    domain: { chainId: d.chainId.toString(), rollupAddress: d.address },
    deploymentCircuit: 'test',
    fees: [{ tokenId: '0', idx: 1, minFee: '10' }],
    http: { rateLimit: null, logLevel: 'silent', port: 0 },
    mempool: { verifyWorkers: 0 },
    prover: { artifactsDir: join(ROOT, 'build', 'circuits') },
  });
  client = new EthersL1Client({ rpcUrl: hh.url, privateKey: d.keys.sequencer, rollupAddress: d.address, chainId: d.chainId, pollingIntervalMs: 100 });
  const circuits = matchCircuitIds(deploymentCircuits(config.circuits, 'test'), await client.circuits());
  node = new SequencerNode(config, { circuits, logger: pino({ level: 'silent' }) });
  app = await buildApp(node);
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  l1 = attachL1(node, client, {
    confirmations: CONFIRMATIONS, pollMs: 100, startBlock: d.deployBlock, maxBlockRange: 100, bumpAfterMs: 60_000, bumpPercent: 20, maxFeePerGas: 10n ** 12n,
  });
}, 300_000);

afterAll(async () => {
  if (!ready) return;
  await releaseSnarkjs();
  await app?.close();
  client?.destroy();
  d?.provider.destroy();
  await node?.close();
  await hh?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Polls the submitter, mining a block after each poll, until `done`. */
async function submitUntil(done: () => Promise<boolean>, polls = 20): Promise<void> {
  for (let i = 0; i < polls && !(await done()); i++) {
    await l1.submitter.poll();
    await hh.mine();
  }
  expect(await done()).toBe(true);
}

describe.runIf(ready)('sequencer on a hardhat node with the test circuit', () => {
  let txHash = '';

  test('deposits are seen after their confirmations; a batch is sealed and committed', async () => {
    await deposit(0, operator, 0n); // idx 1: the fee account
    await deposit(1, alice, 10n ** 18n); // idx 2
    await deposit(2, bob, 10n ** 17n); // idx 3
    await l1.watcher.poll();
    expect(node.mempool.l1Txs()).toHaveLength(1); // the last two blocks are not deep enough yet
    await hh.mine(CONFIRMATIONS);
    await l1.watcher.poll();
    expect(node.mempool.l1Txs().map((e) => e.tx.idx)).toEqual([1, 2, 3]);

    const tx = signed(alice, { fromIdx: 2, toIdx: 3, amount: 12345n * 10n ** 12n, fee: 10n, nonce: 0n, tokenId: 0n }, { chainId: d.chainId, rollupAddress: BigInt(d.address) });
    const posted = await fetch(`${baseUrl}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(tx)) });
    expect(posted.status).toBe(200);
    txHash = ((await posted.json()) as { txHash: string }).txHash;

    node.sealDue(); // full (3 L1 txs + 1 L2 tx in 4 slots): sealed at once, if the node has not already
    expect(node.store.batches.get(1)).toMatchObject({ l1TxCount: 3, l2TxCount: 1, circuitName: 'test', circuitId: 0 });
    await submitUntil(async () => node.store.batches.get(1)?.committedAt != null);
    const onChain = (await d.rollup.getFunction('batch')(1)) as { publicInputHash: bigint };
    expect(onChain.publicInputHash.toString()).toBe(node.store.batches.get(1)!.publicInputHash);
  }, 300_000);

  test('a worker proves it (real proof of the test circuit, checked off-chain first) and it is finalized', async (ctx) => {
    // Locally the circuit may be being rebuilt (no proof can be made now); in CI it must be there.
    if (!requireBuilt('the test circuit with a verifier of the same key (make circuits)', testCircuitBuilt())) ctx.skip();
    expect(await new TestProver(baseUrl).proveOne()).toBe(1);
    await submitUntil(async () => node.store.batches.get(1)?.finalizedAt != null);
    expect(await d.rollup.getFunction('lastFinalizedBatch')()).toBe(1n);
    expect(((await (await fetch(`${baseUrl}/v1/txs/${txHash}`)).json()) as { status: string }).status).toBe('finalized');
  }, 600_000);

  test('a reorg of a deposit block: the deposit and the batch that consumed it are undone, the new chain is followed', async () => {
    const snapshot = await hh.rpc<string>('evm_snapshot');
    const carol = user(104);
    await deposit(3, carol, 5n * 10n ** 16n); // idx 4
    await hh.mine(CONFIRMATIONS);
    await l1.watcher.poll();
    expect(node.batcher.seal()).toMatchObject({ batchNumber: 2, l1TxCount: 1 });

    await hh.rpc('evm_revert', [snapshot]);
    const dave = user(105);
    await hh.mine(3);
    await deposit(4, dave, 7n * 10n ** 16n); // idx 4 again, another owner
    await hh.mine(CONFIRMATIONS + 1);
    const result = await l1.watcher.poll();
    expect(result.reorg).toMatchObject({ rolledBackTo: 1 });
    expect(node.store.batches.lastNumber()).toBe(1);
    expect(node.mempool.l1Txs().map((e) => e.tx.ax)).toEqual([dave.ax]);

    expect(node.batcher.seal()).toMatchObject({ batchNumber: 2, l1TxCount: 1 });
    await submitUntil(async () => node.store.batches.get(2)?.committedAt != null);
    expect(node.state.getAccount(4).ax).toBe(dave.ax);
  }, 300_000);
});
