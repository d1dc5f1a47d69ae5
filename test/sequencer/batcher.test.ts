import { describe, expect, test } from 'vitest';
import { buildBatch } from '../../core/build-batch.js';
import { RollupState } from '../../core/rollup-state.js';
import { Clock, ETH, MIN_FEE, TEST_CIRCUITS, alice, bob, depositNew, fundedNode, makeNode, operator, queueL1, transfer, user, DOMAIN } from './fixtures.js';

describe('Batcher: when to seal', () => {
  test('nothing waiting: not due, nothing sealed', async () => {
    const node = fundedNode();
    expect(node.batcher.isDue()).toBe(false);
    expect(node.batcher.seal()).toBeNull();
    await node.close();
  });

  test('seals as soon as the largest circuit is full', async () => {
    const clock = new Clock();
    const node = fundedNode({}, { clock: clock.fn });
    for (let n = 0n; n < 3n; n++) await node.mempool.submit(transfer(alice, 1, 2, 1n, n));
    expect(node.batcher.isDue()).toBe(false);
    await node.mempool.submit(transfer(bob, 2, 1, 1n, 0n));
    expect(node.batcher.isDue()).toBe(true);
    const [sealed] = node.batcher.sealDue();
    expect(sealed).toMatchObject({ batchNumber: 2, l2TxCount: 4, circuit: { name: 'medium' } });
    await node.close();
  });

  test('seals after the max wait, in the smallest circuit that fits', async () => {
    const clock = new Clock();
    const node = fundedNode({}, { clock: clock.fn });
    await node.mempool.submit(transfer(alice, 1, 2, 1n, 0n));
    clock.advance(999);
    expect(node.batcher.isDue()).toBe(false);
    clock.advance(1);
    expect(node.batcher.sealDue()).toMatchObject([{ batchNumber: 2, l2TxCount: 1, circuit: { name: 'small' } }]);
    for (let n = 1n; n < 4n; n++) await node.mempool.submit(transfer(alice, 1, 2, 1n, n));
    clock.advance(1000);
    expect(node.batcher.sealDue()).toMatchObject([{ batchNumber: 3, l2TxCount: 3, circuit: { name: 'medium' } }]);
    await node.close();
  });

  test('only the circuits of the deployment depth are used', () => {
    const node = makeNode();
    expect(node.circuits.map((c) => c.name)).toEqual(['small', 'medium']);
    expect(node.circuits.map((c) => c.id)).toEqual([0, 1]);
    void node.close();
  });

  test('waits while too many sealed batches have no proof', async () => {
    const clock = new Clock();
    const node = fundedNode({ batch: { maxWaitMs: 0, maxUnproven: 1, tickMs: 50 } }, { clock: clock.fn });
    await node.mempool.submit(transfer(alice, 1, 2, 1n, 0n));
    expect(node.batcher.isDue()).toBe(false); // batch 1 (the deposits) has no proof yet
    node.store.jobs.complete(1, clock.now);
    expect(node.batcher.isDue()).toBe(true);
    await node.close();
  });
});

describe('Batcher: what goes in', () => {
  test('L1 txs first in queue order, then L2 txs in mempool order; overflow waits', async () => {
    const node = fundedNode();
    const h1 = await node.mempool.submit(transfer(alice, 1, 2, 1n, 0n));
    const h2 = await node.mempool.submit(transfer(bob, 2, 1, 1n, 0n));
    queueL1(node, [depositNew(user(31), 5, ETH, 1n), depositNew(user(32), 6, ETH, 2n), depositNew(user(33), 7, ETH, 3n)]);
    const sealed = node.batcher.seal()!;
    expect(sealed).toMatchObject({ l1TxCount: 3, l2TxCount: 1 });
    expect(node.store.l1.byBatch(2).map((e) => e.queueIndex)).toEqual([4, 5, 6]);
    expect(node.store.txs.byBatch(2).map((t) => [t.hash, t.position])).toEqual([[h1, 3]]);
    expect(node.mempool.l2Txs().map((p) => p.hash)).toEqual([h2]);
    expect(node.batcher.seal()).toMatchObject({ batchNumber: 3, l1TxCount: 0, l2TxCount: 1 });
    await node.close();
  });

  test('the sealed batch is what core builds from the same txs, and its job is queued', async () => {
    const node = fundedNode();
    await node.mempool.submit(transfer(alice, 1, 2, 1000n, 0n));
    await node.mempool.submit(transfer(bob, 2, 0, 500n, 0n)); // a withdrawal
    node.batcher.seal();
    // Replay both batches on a state in memory with core alone.
    const replay = new RollupState(8);
    for (const n of [1, 2]) {
      const record = node.store.batches.get(n)!;
      const circuit = TEST_CIRCUITS.circuits[record.circuitName as 'test']!;
      const batch = buildBatch(replay, {
        circuit, domain: DOMAIN, batchNumber: BigInt(n), l1QueueStartHash: BigInt(record.l1QueueStartHash),
        l1Txs: node.store.l1.byBatch(n).map((e) => e.tx), l2Txs: node.store.txs.byBatch(n).map((t) => t.tx), feeIdx: record.feeIdx.filter((i) => i !== 0),
      });
      batch.state.merge();
      expect(record.publicInputHash).toBe(batch.publicInputHash.toString());
      expect(record.newStateRoot).toBe(batch.newStateRoot.toString());
    }
    expect(node.state.root).toBe(replay.root);
    expect(node.store.batches.get(2)!.feeIdx).toEqual([3]);
    expect(node.state.getAccount(3).balance).toBe(2n * MIN_FEE);
    expect(node.store.jobs.countByStatus().queued).toBe(2);
    expect(JSON.parse(node.store.batches.circuitInputJson(2)!).publicInputHash).toBe(node.store.batches.get(2)!.publicInputHash);
    await node.close();
  });

  test('drops an accepted tx that is invalid in batch order, with the reason, and seals the rest', async () => {
    const node = fundedNode();
    // The operator's fee account spends a fee it holds only in the pending view: in the batch, fees
    // are credited after the last tx, so its balance is still 0 there.
    await node.mempool.submit(transfer(alice, 1, 2, 1n, 0n));
    const spend = await node.mempool.submit(transfer(operator, 3, 1, 0n, 0n));
    const sealed = node.batcher.seal()!;
    expect(sealed.l2TxCount).toBe(1);
    expect(sealed.dropped).toEqual([{ hash: spend, code: 'INSUFFICIENT_BALANCE' }]);
    expect(node.store.txs.get(spend)).toMatchObject({ status: 'rejected', reasonCode: 'INSUFFICIENT_BALANCE' });
    expect(node.mempool.size).toBe(0);
    expect(node.mempool.view.getAccount(3).nonce).toBe(0n);
    await node.close();
  });
});
