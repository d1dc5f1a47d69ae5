import { describe, expect, test } from 'vitest';
import type { SequencerNode } from '../../sequencer/node.js';
import type { FakeL1 } from './fake-l1.js';
import { bind, drain, newSubmitter, prove, proveWithSecondBad, sealTransfers, setup } from './submitter-fixture.js';

const WAIT = 5_000;
const POLICY = { maxBatchesPerSettlement: 3, maxSettlementWaitMs: WAIT };

/** Seals batches 2 .. count after setup's batch 1, then commits them all on the fake L1. */
async function committed(count: number, over = POLICY) {
  const s = await setup(over);
  await sealTransfers(s.node, count);
  await drain(s.submitter, s.l1);
  expect(s.l1.contract().lastCommitted).toBe(count);
  return s;
}

const finalized = (node: SequencerNode) => [1, 2, 3, 4].filter((n) => node.store.batches.get(n)?.finalizedAt != null);
const settlements = (l1: FakeL1) => l1.landed().filter((t) => t.kind !== 'commit').map((t) => `${t.kind} ${t.firstBatch ?? t.batchNumber}..${t.batchNumber}`);

describe('L1Submitter: settlement groups', () => {
  test('a full group of k proven batches settles at once in one proveBatches call, finalizing each', async () => {
    const { node, l1, submitter } = await committed(3);
    prove(node, 1);
    prove(node, 2);
    expect(await submitter.poll()).toEqual({ action: 'idle' }); // two of three, within the wait
    prove(node, 3);
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'prove', batchNumber: 3 });
    l1.mine(2);
    expect(await submitter.poll()).toMatchObject({ action: 'confirmed', kind: 'prove', batchNumber: 3 });
    expect(settlements(l1)).toEqual(['settle 1..3']);
    expect(finalized(node)).toEqual([1, 2, 3]);
    await node.close();
  });

  test('at most k batches per settlement: the rest form the next group', async () => {
    const { node, l1, clock, submitter } = await committed(4);
    for (const n of [1, 2, 3, 4]) prove(node, n);
    await drain(submitter, l1);
    expect(settlements(l1)).toEqual(['settle 1..3']); // batch 4 alone waits
    clock.advance(WAIT);
    await drain(submitter, l1);
    expect(settlements(l1)).toEqual(['settle 1..3', 'prove 4..4']);
    expect(finalized(node)).toEqual([1, 2, 3, 4]);
    await node.close();
  });

  test('one ready batch is never stalled: it settles alone once it has waited maxSettlementWaitMs', async () => {
    const { node, l1, clock, submitter } = await committed(1, { maxBatchesPerSettlement: 8, maxSettlementWaitMs: WAIT });
    prove(node, 1, true, clock.fn());
    expect(await submitter.poll()).toEqual({ action: 'idle' });
    clock.advance(WAIT - 1);
    expect(await submitter.poll()).toEqual({ action: 'idle' });
    clock.advance(1);
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'prove', batchNumber: 1 });
    l1.mine(2);
    await drain(submitter, l1);
    expect(settlements(l1)).toEqual(['prove 1..1']);
    await node.close();
  });

  test('a bad proof among k: that batch is proven again, the ones before it settle without it', async () => {
    const { node, l1, clock, submitter } = await committed(3);
    await proveWithSecondBad(node, clock, submitter);
    clock.advance(WAIT);
    await drain(submitter, l1);
    expect(settlements(l1)).toEqual(['prove 1..1']);
    prove(node, 2, true, clock.fn());
    clock.advance(WAIT);
    await drain(submitter, l1);
    expect(settlements(l1)).toEqual(['prove 1..1', 'settle 2..3']);
    expect(finalized(node)).toEqual([1, 2, 3]);
    await node.close();
  });
});

describe('L1Submitter: a settlement is never sent twice, also across restarts', () => {
  test('killed after persisting the signed settlement, before broadcasting it: the restart sends those same bytes', async () => {
    const { node, l1, clock } = await committed(3);
    for (const n of [1, 2, 3]) prove(node, n);
    const dying = newSubmitter(node, { ...bind(l1), broadcast: async () => { throw new Error('killed'); } }, clock, POLICY);
    await expect(dying.poll()).rejects.toThrow('killed');
    const [row] = node.store.outbox.open();
    expect(row).toMatchObject({ status: 'signed', kind: 'prove', firstBatch: 1, batchNumber: 3 });
    const restarted = newSubmitter(node, l1, clock, POLICY);
    expect(await restarted.poll()).toMatchObject({ action: 'waiting' });
    expect(l1.broadcasts.at(-1)).toBe(row!.raw);
    l1.mine(2);
    expect(await restarted.poll()).toMatchObject({ action: 'confirmed', kind: 'prove', batchNumber: 3 });
    await drain(restarted, l1);
    expect(settlements(l1)).toEqual(['settle 1..3']);
    expect(finalized(node)).toEqual([1, 2, 3]);
    await node.close();
  });

  test('killed after broadcasting: the restart follows the send; with the outbox lost, L1 state says it is done', async () => {
    const { node, l1, clock, submitter } = await committed(3);
    for (const n of [1, 2, 3]) prove(node, n);
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'prove' });
    l1.mine();
    const restarted = newSubmitter(node, l1, clock, POLICY);
    expect(await restarted.poll()).toMatchObject({ action: 'waiting' });
    l1.mine();
    expect(await restarted.poll()).toMatchObject({ action: 'confirmed', kind: 'prove', batchNumber: 3 });
    node.store.db.run('DELETE FROM outbox');
    node.store.db.run('UPDATE batches SET finalized_at = NULL');
    clock.advance(WAIT);
    expect(await newSubmitter(node, l1, clock, POLICY).poll()).toEqual({ action: 'idle' });
    expect(settlements(l1)).toEqual(['settle 1..3']);
    expect(finalized(node)).toEqual([1, 2, 3]); // from L1's lastFinalizedBatch
    await node.close();
  });

  test('a settlement not mined in time is replaced at the same nonce with the same batches', async () => {
    const { node, l1, clock, submitter } = await committed(3);
    for (const n of [1, 2, 3]) prove(node, n);
    await submitter.poll();
    clock.advance(60_000);
    expect(await submitter.poll()).toMatchObject({ action: 'bumped' });
    const rows = node.store.outbox.open();
    expect(rows.map((r) => [r.firstBatch, r.batchNumber])).toEqual([[1, 3], [1, 3]]);
    l1.mine(2);
    await drain(submitter, l1);
    expect(settlements(l1)).toEqual(['settle 1..3']);
    await node.close();
  });
});
