import { describe, expect, test } from 'vitest';
import type { SequencerNode } from '../../sequencer/node.js';
import type { FakeL1 } from './fake-l1.js';
import { bind, drain, newSubmitter, prove, proveWithSecondBad, sealTransfers, setup } from './submitter-fixture.js';

const WAIT = 5_000;
const POLICY = { maxBatchesPerSettlement: 3, maxSettlementWaitMs: WAIT, settlementMode: 'commit-and-prove' } as const;

/** Seals batches 2 .. count after setup's batch 1; nothing is committed (in this mode nothing is committed alone). */
async function sealed(count: number, over: Partial<typeof POLICY> = {}) {
  const s = await setup({ ...POLICY, ...over });
  await sealTransfers(s.node, count);
  await drain(s.submitter, s.l1);
  expect(s.l1.contract().lastCommitted).toBe(0);
  return s;
}

const status = (node: SequencerNode, n: number) => {
  const b = node.store.batches.get(n)!;
  return b.finalizedAt != null ? 'finalized' : b.committedAt != null ? 'committed' : 'sealed';
};
const sends = (l1: FakeL1) => l1.landed().map((t) => `${t.kind} ${t.firstBatch ?? t.batchNumber}..${t.batchNumber}`);

describe('L1Submitter in commit-and-prove mode', () => {
  test('commits and proves a full group of k proven batches in one commitAndProveBatches call', async () => {
    const { node, l1, clock, submitter } = await sealed(3);
    prove(node, 1, true, clock.fn());
    prove(node, 2, true, clock.fn());
    expect(await submitter.poll()).toEqual({ action: 'idle' }); // two of three, within the wait
    prove(node, 3, true, clock.fn());
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'commit', batchNumber: 3 });
    expect(node.store.outbox.open()[0]).toMatchObject({ kind: 'commit', firstBatch: 1, batchNumber: 3 });
    l1.mine(2);
    expect(await submitter.poll()).toMatchObject({ action: 'confirmed', kind: 'commit', batchNumber: 3 });
    expect(sends(l1)).toEqual(['commitAndSettle 1..3']);
    expect([1, 2, 3].map((n) => status(node, n))).toEqual(['finalized', 'finalized', 'finalized']);
    expect(node.store.batches.get(2)?.commitL1Tx).toBe(node.store.batches.get(2)?.proveL1Tx);
    await node.close();
  });

  test('one proven batch is never stalled: after maxSettlementWaitMs it is committed and proven alone', async () => {
    const { node, l1, clock, submitter } = await sealed(2);
    prove(node, 1, true, clock.fn());
    clock.advance(WAIT - 1);
    expect(await submitter.poll()).toEqual({ action: 'idle' });
    clock.advance(1);
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'commit', batchNumber: 1 });
    l1.mine(2);
    await drain(submitter, l1);
    expect(sends(l1)).toEqual(['commitAndSettle 1..1']);
    expect([status(node, 1), status(node, 2)]).toEqual(['finalized', 'sealed']);
    await node.close();
  });

  test('a bad proof among k: L1 names it, its job is requeued, the batches before it settle without it', async () => {
    const { node, l1, clock, submitter } = await sealed(3);
    await proveWithSecondBad(node, clock, submitter);
    clock.advance(WAIT);
    await drain(submitter, l1);
    expect(sends(l1)).toEqual(['commitAndSettle 1..1']);
    prove(node, 2, true, clock.fn());
    clock.advance(WAIT);
    await drain(submitter, l1);
    expect(sends(l1)).toEqual(['commitAndSettle 1..1', 'commitAndSettle 2..3']);
    expect([1, 2, 3].map((n) => status(node, n))).toEqual(['finalized', 'finalized', 'finalized']);
    await node.close();
  });

  test('batches already committed (commit-then-prove before) settle with proveBatches first, the rest together', async () => {
    const { node, l1, clock, submitter } = await sealed(3);
    const stepwise = newSubmitter(node, l1, clock, { ...POLICY, settlementMode: 'commit-then-prove' });
    expect(await stepwise.poll()).toMatchObject({ action: 'sent', kind: 'commit', batchNumber: 1 });
    l1.mine(2);
    expect(await stepwise.poll()).toMatchObject({ action: 'confirmed', kind: 'commit', batchNumber: 1 });
    for (const n of [1, 2, 3]) prove(node, n);
    clock.advance(WAIT);
    await drain(submitter, l1);
    expect(sends(l1)).toEqual(['commit 1..1', 'prove 1..1', 'commitAndSettle 2..3']);
    await node.close();
  });
});

describe('L1Submitter in commit-and-prove mode: never sent twice, also across restarts', () => {
  test('killed after persisting the signed send, before broadcasting it: the restart sends those same bytes', async () => {
    const { node, l1, clock } = await sealed(3);
    for (const n of [1, 2, 3]) prove(node, n);
    const dying = newSubmitter(node, { ...bind(l1), broadcast: async () => { throw new Error('killed'); } }, clock, POLICY);
    await expect(dying.poll()).rejects.toThrow('killed');
    const [row] = node.store.outbox.open();
    expect(row).toMatchObject({ status: 'signed', kind: 'commit', firstBatch: 1, batchNumber: 3 });
    const restarted = newSubmitter(node, l1, clock, POLICY);
    expect(await restarted.poll()).toMatchObject({ action: 'waiting' });
    expect(l1.broadcasts.at(-1)).toBe(row!.raw);
    l1.mine(2);
    await drain(restarted, l1);
    expect(sends(l1)).toEqual(['commitAndSettle 1..3']);
    expect([1, 2, 3].map((n) => status(node, n))).toEqual(['finalized', 'finalized', 'finalized']);
    await node.close();
  });

  test('killed after broadcasting: the restart follows the send; with the outbox lost, L1 state says it is done', async () => {
    const { node, l1, clock, submitter } = await sealed(3);
    for (const n of [1, 2, 3]) prove(node, n);
    expect(await submitter.poll()).toMatchObject({ action: 'sent', kind: 'commit' });
    l1.mine();
    const restarted = newSubmitter(node, l1, clock, POLICY);
    expect(await restarted.poll()).toMatchObject({ action: 'waiting' });
    l1.mine();
    expect(await restarted.poll()).toMatchObject({ action: 'confirmed', kind: 'commit', batchNumber: 3 });
    node.store.db.run('DELETE FROM outbox');
    node.store.db.run('UPDATE batches SET finalized_at = NULL');
    clock.advance(WAIT);
    expect(await newSubmitter(node, l1, clock, POLICY).poll()).toEqual({ action: 'idle' });
    expect(sends(l1)).toEqual(['commitAndSettle 1..3']);
    expect([1, 2, 3].map((n) => status(node, n))).toEqual(['finalized', 'finalized', 'finalized']);
    await node.close();
  });

  test('a send not mined in time is replaced at the same nonce with the same batches', async () => {
    const { node, l1, clock, submitter } = await sealed(3);
    for (const n of [1, 2, 3]) prove(node, n);
    await submitter.poll();
    clock.advance(60_000);
    expect(await submitter.poll()).toMatchObject({ action: 'bumped' });
    expect(node.store.outbox.open().map((r) => [r.kind, r.firstBatch, r.batchNumber])).toEqual([['commit', 1, 3], ['commit', 1, 3]]);
    l1.mine(2);
    await drain(submitter, l1);
    expect(sends(l1)).toEqual(['commitAndSettle 1..3']);
    await node.close();
  });
});
