import { describe, expect, test } from 'vitest';
import type { L1Client } from '../../sequencer/l1/l1-client.js';
import { L1Submitter, type SubmitterOptions } from '../../sequencer/l1/submitter.js';
import { L1Watcher } from '../../sequencer/l1/watcher.js';
import type { SequencerNode } from '../../sequencer/node.js';
import { FakeL1 } from './fake-l1.js';
import { Clock, DOMAIN, ETH, alice, bob, carol, depositNew, fakeProof, makeNode, operator, queueL1, transfer, TOKEN, user } from './fixtures.js';

const BUMP_AFTER = 60_000;

/** A node whose batch 1 (four deposits) came from the fake L1, and a submitter on it. */
async function setup(over: Partial<SubmitterOptions> = {}) {
  const clock = new Clock();
  const node = makeNode({}, { clock: clock.fn });
  const l1 = new FakeL1(DOMAIN, node.circuits.map((c) => ({ ...c.config, id: c.id })));
  const watcher = new L1Watcher({ client: l1, store: node.store, mempool: node.mempool, confirmations: 0, startBlock: 1, maxBlockRange: 100 });
  for (const tx of [depositNew(alice, 1, ETH, 10n ** 18n), depositNew(bob, 2, ETH, 10n ** 18n), depositNew(operator, 3, ETH, 0n), depositNew(carol, 4, TOKEN, 5n)]) l1.deposit(tx);
  l1.mine();
  await watcher.poll();
  node.batcher.seal();
  const submitter = newSubmitter(node, l1, clock, over);
  return { node, l1, clock, watcher, submitter };
}

function newSubmitter(node: SequencerNode, l1: L1Client, clock: Clock, over: Partial<SubmitterOptions> = {}) {
  return new L1Submitter({ client: l1, store: node.store, confirmations: 2, bumpAfterMs: BUMP_AFTER, bumpPercent: 20, maxFeePerGas: 10n ** 15n, clock: clock.fn, ...over });
}

function prove(node: SequencerNode, batchNumber: number) {
  node.store.batches.setProof(batchNumber, JSON.stringify(fakeProof(true)), 0);
}

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

/** The fake's methods bound, so a test can override one. */
function bind(l1: FakeL1) {
  return {
    head: l1.head.bind(l1), blockHash: l1.blockHash.bind(l1), queuedL1Txs: l1.queuedL1Txs.bind(l1), rollupState: l1.rollupState.bind(l1),
    committedBatch: l1.committedBatch.bind(l1), circuits: l1.circuits.bind(l1), nonce: l1.nonce.bind(l1), feeQuote: l1.feeQuote.bind(l1),
    estimateGas: l1.estimateGas.bind(l1), sign: l1.sign.bind(l1), signCancel: l1.signCancel.bind(l1), broadcast: l1.broadcast.bind(l1), receipt: l1.receipt.bind(l1),
  };
}
