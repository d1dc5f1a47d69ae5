import { Contract, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AttachedL1 } from '../../../sequencer/l1/attach-l1.js';
import type { SequencerNode } from '../../../sequencer/node.js';
import { body, signed, user } from '../fixtures.js';
import { requireBuilt } from '../../fixtures/built.js';
import type { TestL1Node } from '../../fixtures/l1-node.js';
import { contractsBuilt, type RollupDeployment } from './deploy-rollup.js';
import { startSequencerOnL1, type SequencerOnL1 } from './sequencer-on-l1.js';
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

let s: SequencerOnL1;
let hh: TestL1Node;
let d: RollupDeployment;
let node: SequencerNode;
let l1: AttachedL1;
let baseUrl: string;
const operator = user(101);
const alice = user(102);
const bob = user(103);

async function deposit(keyIndex: number, owner: { ax: bigint; ay: bigint }, amount: bigint): Promise<void> {
  const rollup = d.rollup.connect(new Wallet(d.keys.users[keyIndex]!, d.provider)) as Contract;
  await (await rollup.getFunction('deposit')(0, amount, owner.ax, owner.ay, { value: amount })).wait();
}

beforeAll(async () => {
  if (!ready) return;
  s = await startSequencerOnL1('e2e', { confirmations: CONFIRMATIONS });
  ({ hh, d, node, l1, baseUrl } = s);
}, 300_000);

afterAll(async () => {
  if (ready) await s?.stop();
});

const submitUntil = (done: () => boolean | Promise<boolean>, polls = 20) => s.submitUntil(done, polls);

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
