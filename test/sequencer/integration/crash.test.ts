import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BatchView } from '../../../api/batch.js';
import { body, signed, user } from '../fixtures.js';
import { freePort } from '../../../devnet/free-port.js';
import { requireBuilt } from '../../fixtures/built.js';
import { startTestL1Node, type TestL1Node } from '../../fixtures/l1-node.js';
import { ROOT } from '../../fixtures/root.js';
import { releaseSnarkjs } from '../../fixtures/toy-circuit.js';
import { contractsBuilt, deployRollup, type RollupDeployment } from './deploy-rollup.js';
import { SequencerProcess } from './sequencer-process.js';
import { TestProver, testCircuitBuilt } from './test-prover.js';

/**
 * Crash safety with a real sequencer process killed by SIGKILL, in commit-then-prove mode (each batch committed
 * as sealed; commit-and-prove.test.ts kills the submitter in the other mode): between seal and commit (the commit
 * broadcast but not mined, then lost from the L1 mempool), and between commit and prove. After each
 * restart no tx is lost or applied twice and every batch lands on L1 exactly once.
 */
const ready = requireBuilt('the contracts (hardhat build)', contractsBuilt());

let hh: TestL1Node;
let d: RollupDeployment;
let seq: SequencerProcess;
const dir = mkdtempSync(join(tmpdir(), 'modulo-crash-'));
const operator = user(201);
const alice = user(202);
const bob = user(203);

beforeAll(async () => {
  if (!ready) return;
  hh = await startTestL1Node();
  d = await deployRollup(hh.url);
  const port = await freePort();
  seq = new SequencerProcess(join(dir, 'config.json'), {
    devnet: true, // TestProver sends no worker token
    dataDir: join(dir, 'data'),
    domain: { chainId: d.chainId.toString(), rollupAddress: d.address },
    deploymentCircuit: 'test',
    fees: [{ tokenId: '0', idx: 1, minFee: '10' }],
    http: { port, rateLimit: null, logLevel: 'info' },
    batch: { maxWaitMs: 300, tickMs: 100, maxUnproven: 64 },
    mempool: { verifyWorkers: 1 },
    prover: { artifactsDir: join(ROOT, 'build', 'circuits') },
    l1: { rpcUrl: hh.url, privateKey: d.keys.sequencer, confirmations: 1, pollMs: 200, startBlock: d.deployBlock, bumpAfterMs: 3_000, settlementMode: 'commit-then-prove' },
  }, port);
}, 300_000);

afterAll(async () => {
  if (!ready) return;
  await releaseSnarkjs();
  await seq?.kill();
  d?.provider.destroy();
  await hh?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function deposit(keyIndex: number, owner: { ax: bigint; ay: bigint }, amount: bigint): Promise<void> {
  const rollup = d.rollup.connect(new Wallet(d.keys.users[keyIndex]!, d.provider)) as Contract;
  await rollup.getFunction('deposit')(0, amount, owner.ax, owner.ay, { value: amount });
}

async function events(name: 'BatchCommitted' | 'BatchFinalized'): Promise<number[]> {
  const logs = await d.rollup.queryFilter(d.rollup.filters[name]!(), d.deployBlock);
  return logs.map((l) => Number((l as unknown as { args: { batchNumber: bigint } }).args.batchNumber));
}

const batch = async (n: number) => (await seq.get<BatchView>(`/v1/batches/${n}`)).body;
/** The batch a tx was sealed into (undefined while it waits): the deposits may or may not seal before it. */
const batchOf = async (txHash: string) => (await seq.get<{ batchNumber: number | null }>(`/v1/txs/${txHash}`)).body.batchNumber ?? undefined;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const sequencerAddress = () => new Wallet(d.keys.sequencer).address;

describe.runIf(ready)('a sequencer process killed with SIGKILL', () => {
  test('between seal and commit, and between commit and prove: every tx once, every batch landing once', async () => {
    const domain = { chainId: d.chainId, rollupAddress: BigInt(d.address) };
    await hh.rpc('evm_setAutomine', [false]);
    await deposit(0, operator, 0n);
    await deposit(1, alice, 10n ** 18n);
    await deposit(2, bob, 10n ** 17n);
    await hh.mine(2);

    // --- kill 1: the batch is sealed and its commit broadcast, not mined -------------------------
    await seq.start();
    await seq.until('the deposits', async () => (await seq.get<{ l1: { queueLength: number } }>('/v1/state')).body.l1.queueLength === 3);
    const t1 = signed(alice, { fromIdx: 2, toIdx: 3, amount: 10n ** 15n, fee: 10n, nonce: 0n, tokenId: 0n }, domain);
    const { body: r1 } = await seq.post<{ txHash: string }>('/v1/txs', body(t1));
    // The deposits seal with t1 or, when the batcher's wait ends before t1 comes, in a batch of their own.
    await seq.until('t1 sealed', async () => (await batchOf(r1.txHash)) !== undefined);
    const b1 = (await batchOf(r1.txHash))!;
    const sender = sequencerAddress();
    await seq.until('the commit broadcast', async () =>
      (await d.provider.getTransactionCount(sender, 'pending')) > (await d.provider.getTransactionCount(sender, 'latest')));
    await seq.kill();
    const pending = await hh.rpc<{ transactions: string[] }>('eth_getBlockByNumber', ['pending', false]);
    expect(pending.transactions.length).toBeGreaterThan(0);
    for (const hash of pending.transactions) await hh.rpc('hardhat_dropTransaction', [hash]); // the L1 node lost it
    expect(await events('BatchCommitted')).toEqual([]);

    await hh.rpc('evm_setAutomine', [true]);
    await hh.rpc('evm_setIntervalMining', [250]);
    await seq.start();
    await seq.until('t1\'s batch committed', async () => (await batch(b1)).status === 'committed', 60_000);
    expect(await events('BatchCommitted')).toEqual(range(b1));

    // --- kill 2: t2's batch is committed, no batch is proven ---------------------------------------
    const t2 = signed(bob, { fromIdx: 3, toIdx: 2, amount: 5n * 10n ** 14n, fee: 10n, nonce: 0n, tokenId: 0n }, domain);
    const { body: r2 } = await seq.post<{ txHash: string }>('/v1/txs', body(t2));
    await seq.until('t2 sealed', async () => (await batchOf(r2.txHash)) !== undefined);
    const b2 = (await batchOf(r2.txHash))!;
    expect(b2).toBeGreaterThan(b1);
    await seq.until('t2\'s batch committed', async () => (await batch(b2)).status === 'committed', 60_000);
    await seq.kill();
    await seq.start();

    const included: string[] = [];
    for (const n of range(b2)) included.push(...(await batch(n)).txs.map((t) => t.txHash));
    expect(included.sort()).toEqual([r1.txHash, r2.txHash].sort());
    expect(await d.rollup.getFunction('lastCommittedBatch')()).toBe(BigInt(b2));

    if (requireBuilt('the test circuit with a verifier of the same key (make circuits)', testCircuitBuilt())) {
      const prover = new TestProver(seq.baseUrl);
      for (const n of range(b2)) expect(await prover.proveOne()).toBe(n);
      await seq.until('t2\'s batch finalized', async () => (await batch(b2)).status === 'finalized', 120_000);
      expect(await events('BatchFinalized')).toEqual(range(b2));
      for (const hash of [r1.txHash, r2.txHash]) expect((await seq.get<{ status: string }>(`/v1/txs/${hash}`)).body.status).toBe('finalized');
    }
    expect(await events('BatchCommitted')).toEqual(range(b2));
    // Balances: alice sent 1e15 + fee and received 5e14; bob the reverse; the fee account has both fees.
    const account = async (idx: number) => (await seq.get<{ pending: { balance: string } }>(`/v1/accounts/${idx}`)).body.pending.balance;
    expect(await account(2)).toBe((10n ** 18n - 10n ** 15n - 10n + 5n * 10n ** 14n).toString());
    expect(await account(3)).toBe((10n ** 17n + 10n ** 15n - 5n * 10n ** 14n - 10n).toString());
    expect(await account(1)).toBe('20');
  }, 900_000);
});
