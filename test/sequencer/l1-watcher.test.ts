import { describe, expect, test } from 'vitest';
import { L1Watcher } from '../../sequencer/l1/watcher.js';
import type { SequencerNode } from '../../sequencer/node.js';
import { FakeL1 } from './fake-l1.js';
import { DOMAIN, ETH, alice, bob, depositNew, makeNode, transfer } from './fixtures.js';
import { rejectionCode } from '../fixtures/errors.js';

function setup(confirmations = 2) {
  const node = makeNode({ fees: [] });
  const l1 = new FakeL1(DOMAIN, node.circuits.map((c) => ({ ...c.config, id: c.id })));
  const watcher = new L1Watcher({ client: l1, store: node.store, mempool: node.mempool, confirmations, startBlock: 1, maxBlockRange: 3 });
  return { node, l1, watcher };
}

const queueIndexes = (node: SequencerNode) => node.mempool.l1Txs().map((e) => e.queueIndex);

describe('L1Watcher', () => {
  test('reads L1 txs only once they have the configured confirmations', async () => {
    const { node, l1, watcher } = setup(2);
    l1.deposit(depositNew(alice, 1, ETH, 100n));
    l1.mine(); // block 1
    await watcher.poll();
    expect(queueIndexes(node)).toEqual([]);
    l1.mine(2); // head 3: block 1 has 2 blocks on top
    expect(await watcher.poll()).toMatchObject({ events: 1, cursor: 1 });
    expect(queueIndexes(node)).toEqual([0]);
    expect(node.mempool.view.getAccount(1).balance).toBe(100n);
    await node.close();
  });

  test('reads in ranges of maxBlockRange and keeps queue order across them', async () => {
    const { node, l1, watcher } = setup(0);
    for (let i = 0; i < 8; i++) {
      l1.deposit(depositNew(alice, i + 1, ETH, BigInt(i)));
      l1.mine();
    }
    expect(await watcher.poll()).toMatchObject({ events: 8, cursor: 8 });
    expect(queueIndexes(node)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(node.store.l1.hashBefore(8)).toBe(l1.contract().queueHashes[8]);
    await node.close();
  });

  test('stops on an event whose queue hash is not core\'s (L1_MISMATCH)', async () => {
    const { node, l1, watcher } = setup(0);
    l1.deposit(depositNew(alice, 1, ETH, 100n));
    l1.mine();
    Object.assign(l1.blocks[1]!.events[0]!, { l1QueueHash: 123n });
    expect(await rejectionCode(watcher.poll())).toBe('L1_MISMATCH');
    expect(node.store.l1.length()).toBe(0);
    await node.close();
  });

  test('a reorg of a deposit not yet batched: it is forgotten, and the new chain is read', async () => {
    const { node, l1, watcher } = setup(1);
    l1.mine(2);
    l1.deposit(depositNew(alice, 1, ETH, 100n));
    l1.mine(3); // deposit in block 3, head 5
    await watcher.poll();
    expect(queueIndexes(node)).toEqual([0]);
    l1.reorg(4, 5); // blocks 2..5 replaced: the deposit is gone
    l1.deposit(depositNew(bob, 1, ETH, 7n));
    l1.mine(2);
    const result = await watcher.poll();
    expect(result.reorg).toEqual({ ancestor: 0, rolledBackTo: null }); // no stored hash survived: read again from the start
    expect(node.mempool.l1Txs().map((e) => e.tx.ethAddr)).toEqual([bob.ethAddr]);
    expect(node.mempool.view.getAccount(1).balance).toBe(7n);
    await node.close();
  });

  test('a reorg of a deposit consumed by a sealed, uncommitted batch rolls the batch back', async () => {
    const { node, l1, watcher } = setup(0);
    l1.deposit(depositNew(alice, 1, ETH, 10n ** 18n));
    l1.deposit(depositNew(bob, 2, ETH, 10n ** 18n));
    l1.mine();
    await watcher.poll();
    node.batcher.seal(); // batch 1: both deposits
    const hash = await node.mempool.submit(transfer(alice, 1, 2, 1000n, 0n, 0n));
    node.batcher.seal(); // batch 2: the transfer
    l1.reorg(1, 2); // the deposit block is replaced
    l1.deposit(depositNew(alice, 1, ETH, 10n ** 18n));
    l1.mine();
    expect((await watcher.poll()).reorg).toEqual({ ancestor: 0, rolledBackTo: 0 });
    expect(node.store.batches.lastNumber()).toBe(0);
    // Its txs were put back and checked again: Bob's account no longer exists: the transfer to him is dropped, the new deposit waits.
    expect(node.mempool.size).toBe(0);
    expect(node.store.txs.get(hash)).toMatchObject({ status: 'rejected', reasonCode: 'UNKNOWN_ACCOUNT' });
    expect(queueIndexes(node)).toEqual([0]);
    node.batcher.seal();
    expect(node.store.batches.get(1)?.l1TxCount).toBe(1);
    await node.close();
  });

  test('a reorg below a batch committed on L1 is L1_REORG_TOO_DEEP', async () => {
    const { node, l1, watcher } = setup(0);
    l1.deposit(depositNew(alice, 1, ETH, 1n));
    l1.mine();
    await watcher.poll();
    node.batcher.seal();
    node.store.batches.setCommitted(1, '0x01', 0);
    l1.reorg(1, 2);
    expect(await rejectionCode(watcher.poll())).toBe('L1_REORG_TOO_DEEP');
    expect(node.store.batches.lastNumber()).toBe(1);
    await node.close();
  });
});
