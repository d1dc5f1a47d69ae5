import { describe, expect, test } from 'vitest';
import { BUMP_AFTER, bind, newSubmitter, prove, setup } from './submitter-fixture.js';
import { ETH, alice, depositNew, queueL1, transfer, user } from './fixtures.js';

describe('L1Submitter: commit, then prove, in order', () => {
  test('commits, waits for the confirmations, proves once the proof is there, then is idle', async () => {
    const { node, l1, submitter } = await setup();
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'commit', batchNumber: 1, nonce: 0 });
    expect(await submitter.poll()).toEqual({ action: 'waiting', nonce: 0 });
    l1.mine();
    expect(await submitter.poll()).toEqual({ action: 'waiting', nonce: 0 }); // one block: not deep enough
    l1.mine();
    expect(await submitter.poll()).toMatchObject({ action: 'confirmed', kind: 'commit', batchNumber: 1 });
    expect(node.store.batches.get(1)?.committedAt).not.toBeNull();
    expect(await submitter.poll()).toEqual({ action: 'idle' }); // no proof yet
    prove(node, 1);
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'prove', batchNumber: 1, nonce: 1 });
    l1.mine(2);
    expect(await submitter.poll()).toMatchObject({ action: 'confirmed', kind: 'prove', batchNumber: 1 });
    expect(node.store.batches.get(1)?.finalizedAt).not.toBeNull();
    expect(await submitter.poll()).toEqual({ action: 'idle' });
    expect(l1.landed()).toEqual([{ kind: 'commit', batchNumber: 1, success: true }, { kind: 'prove', batchNumber: 1, success: true }]);
    await node.close();
  });

  test('commits the next batch while an earlier one waits for its proof; proves in order', async () => {
    const { node, l1, submitter } = await setup();
    await node.mempool.submit(transfer(alice, 1, 2, 1000n, 0n));
    node.batcher.seal();
    for (let i = 0; i < 6; i++) {
      await submitter.poll();
      l1.mine(2);
    }
    expect(l1.contract().lastCommitted).toBe(2);
    prove(node, 2);
    await submitter.poll();
    expect(l1.contract().lastFinalized).toBe(0); // batch 2's proof waits for batch 1's
    prove(node, 1);
    for (let i = 0; i < 6; i++) {
      await submitter.poll();
      l1.mine(2);
    }
    expect(l1.landed().map((t) => `${t.kind} ${t.batchNumber}`)).toEqual(['commit 1', 'commit 2', 'prove 1', 'prove 2']);
    await node.close();
  });
});

describe('L1Submitter: never twice, also across restarts', () => {
  test('killed after persisting the signed commit, before broadcasting it: the restart sends those same bytes', async () => {
    const { node, l1, clock } = await setup();
    const dying = newSubmitter(node, { ...bind(l1), broadcast: async () => { throw new Error('killed'); } }, clock);
    await expect(dying.poll()).rejects.toThrow('killed');
    const [row] = node.store.outbox.open();
    expect(row).toMatchObject({ status: 'signed', kind: 'commit', batchNumber: 1 });
    const restarted = newSubmitter(node, l1, clock);
    expect(await restarted.poll()).toEqual({ action: 'waiting', nonce: 0 });
    expect(l1.broadcasts).toEqual([row!.raw]);
    l1.mine(2);
    expect(await restarted.poll()).toMatchObject({ action: 'confirmed', kind: 'commit' });
    expect(await restarted.poll()).toEqual({ action: 'idle' });
    expect(l1.landed()).toEqual([{ kind: 'commit', batchNumber: 1, success: true }]);
    await node.close();
  });

  test('restarted while the commit is mined but not yet confirmed: it is followed, not resent', async () => {
    const { node, l1, clock, submitter } = await setup();
    await submitter.poll();
    l1.mine();
    await submitter.poll();
    const restarted = newSubmitter(node, l1, clock);
    l1.mine();
    expect(await restarted.poll()).toMatchObject({ action: 'confirmed', kind: 'commit', batchNumber: 1 });
    expect(l1.broadcasts).toHaveLength(1);
    await node.close();
  });

  test('a commit not mined in time is replaced at the same nonce with higher fees; one lands', async () => {
    const { node, l1, clock, submitter } = await setup();
    await submitter.poll();
    clock.advance(BUMP_AFTER);
    expect(await submitter.poll()).toMatchObject({ action: 'bumped', nonce: 0 });
    const [first, second] = node.store.outbox.atNonce(0);
    expect(second!.maxFeePerGas).toBe((first!.maxFeePerGas * 120n) / 100n);
    l1.mine(2);
    expect(await submitter.poll()).toMatchObject({ action: 'confirmed' });
    expect(node.store.outbox.atNonce(0).map((r) => r.status)).toEqual(['replaced', 'confirmed']);
    expect(l1.landed()).toHaveLength(1);
    await node.close();
  });

  test('a commit mined then reorged out is broadcast again and lands once', async () => {
    const { node, l1, submitter } = await setup();
    await submitter.poll();
    l1.mine();
    expect(await submitter.poll()).toEqual({ action: 'waiting', nonce: 0 });
    l1.mempool.clear();
    l1.reorg(1, 1, { keepTxs: false }); // the node forgot it, too
    expect(await submitter.poll()).toEqual({ action: 'waiting', nonce: 0 }); // rebroadcast
    l1.mine(2);
    expect(await submitter.poll()).toMatchObject({ action: 'confirmed' });
    expect(l1.landed()).toEqual([{ kind: 'commit', batchNumber: 1, success: true }]);
    await node.close();
  });

  test('the chain state decides: a batch already committed on L1 is not committed again', async () => {
    const { node, l1, clock, submitter } = await setup();
    await submitter.poll();
    l1.mine(2);
    await submitter.poll();
    // A fresh submitter with a lost outbox row would still read lastCommittedBatch = 1 first.
    node.store.db.run('DELETE FROM outbox');
    expect(await newSubmitter(node, l1, clock).poll()).toEqual({ action: 'idle' });
    await node.close();
  });
});

describe('L1Submitter: failures', () => {
  test('a reverted commit is retried with a new nonce, up to maxFailures, then blocked', async () => {
    const { node, l1, submitter } = await setup();
    l1.failNext = true;
    await submitter.poll();
    l1.mine(2);
    expect(await submitter.poll()).toMatchObject({ action: 'failed', kind: 'commit', batchNumber: 1 });
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'commit', nonce: 1 });
    l1.mine(2);
    expect(await submitter.poll()).toMatchObject({ action: 'confirmed' });

    const blocked = await setup({ maxFailures: 1 });
    blocked.l1.failNext = true;
    await blocked.submitter.poll();
    blocked.l1.mine(2);
    await blocked.submitter.poll();
    expect(await blocked.submitter.poll()).toMatchObject({ action: 'blocked' });
    await node.close();
    await blocked.node.close();
  });

  test('a call that would revert is not sent', async () => {
    const { node, l1, submitter } = await setup();
    queueL1(node, [depositNew(user(50), 5, ETH, 1n)], 99); // an L1 tx the contract never queued
    await submitter.poll();
    l1.mine(2);
    await submitter.poll();
    node.batcher.seal();
    expect(await submitter.poll()).toMatchObject({ action: 'blocked' });
    expect(l1.landed()).toHaveLength(1);
    await node.close();
  });

  test('a nonce taken by another transaction: the send is marked failed and redone at the next nonce', async () => {
    const { node, l1, submitter } = await setup();
    expect(await submitter.poll()).toMatchObject({ action: 'sent', nonce: 0 });
    l1.stealNonce(); // another tx with the sequencer's key outbids it at nonce 0
    l1.mine(2);
    expect(await submitter.poll()).toMatchObject({ action: 'failed', kind: 'commit', batchNumber: 1 });
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'commit', nonce: 1 });
    l1.mine(2);
    expect(await submitter.poll()).toMatchObject({ action: 'confirmed' });
    expect(l1.landed()).toEqual([{ kind: 'commit', batchNumber: 1, success: true }]);
    await node.close();
  });

  test('after a rollback, a commit of the rolled-back batch still in the L1 mempool is cancelled', async () => {
    const { node, l1, submitter } = await setup();
    await submitter.poll();
    l1.mine(2);
    await submitter.poll(); // batch 1 committed
    await node.mempool.submit(transfer(alice, 1, 2, 1000n, 0n));
    node.batcher.seal();
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'commit', batchNumber: 2, nonce: 1 });
    node.store.rollbackTo(1, 0);
    await submitter.poll(); // sends the cancel, then follows it
    const atNonce = node.store.outbox.atNonce(1);
    expect(atNonce.map((r) => [r.kind, r.status])).toEqual([['commit', 'cancelled'], ['cancel', 'sent']]);
    l1.mine(2);
    await submitter.poll();
    expect(l1.contract().lastCommitted).toBe(1);
    expect(node.store.outbox.atNonce(1).map((r) => r.status)).toEqual(['cancelled', 'confirmed']);
    await node.close();
  });
});
