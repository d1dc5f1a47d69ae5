import { describe, expect, test } from 'vitest';
import { Clock, fakeProof, fundedNode } from './fixtures.js';
import { rejectionCode, thrownCode } from '../fixtures/errors.js';

const LEASE_MS = 120_000;

function setup() {
  const clock = new Clock();
  const node = fundedNode({}, { clock: clock.fn });
  return { clock, node, jobs: node.jobs };
}

describe('JobQueue: leases', () => {
  test('a claim leases the oldest unproven batch with its circuit input; one job, one holder', async () => {
    const { node, jobs, clock } = setup();
    const lease = jobs.claim('w1')!;
    expect(lease).toMatchObject({ jobId: 1, batchNumber: 1, circuit: { id: 1, name: 'medium' }, leaseExpiresAt: clock.now + LEASE_MS });
    expect(lease.input.publicInputHash).toBe(lease.publicInputHash);
    expect(jobs.claim('w2')).toBeNull();
    await node.close();
  });

  test('a heartbeat extends the lease; a stale or foreign lease is LEASE_LOST', async () => {
    const { node, jobs, clock } = setup();
    const lease = jobs.claim('w1')!;
    clock.advance(LEASE_MS - 1);
    expect(jobs.heartbeat(lease.jobId, lease.leaseId).leaseExpiresAt).toBe(clock.now + LEASE_MS);
    expect(thrownCode(() => jobs.heartbeat(lease.jobId, 'f'.repeat(32)))).toBe('LEASE_LOST');
    clock.advance(LEASE_MS);
    expect(thrownCode(() => jobs.heartbeat(lease.jobId, lease.leaseId))).toBe('LEASE_LOST');
    expect(thrownCode(() => jobs.heartbeat(99, lease.leaseId))).toBe('NOT_FOUND');
    await node.close();
  });

  test('an expired lease puts the job back in the queue for the next worker', async () => {
    const { node, jobs, clock } = setup();
    const first = jobs.claim('w1')!;
    clock.advance(LEASE_MS);
    const second = jobs.claim('w2')!;
    expect(second.jobId).toBe(first.jobId);
    expect(second.leaseId).not.toBe(first.leaseId);
    expect(jobs.get(first.jobId)).toMatchObject({ attempts: 2, worker: 'w2' });
    expect(thrownCode(() => jobs.fail(first.jobId, first.leaseId, 'late'))).toBe('LEASE_LOST');
    await node.close();
  });

  test('a worker that gives up sends the job back with its reason', async () => {
    const { node, jobs } = setup();
    const lease = jobs.claim('w1')!;
    jobs.fail(lease.jobId, lease.leaseId, 'out of memory');
    expect(jobs.get(lease.jobId)).toMatchObject({ status: 'queued', lastError: 'worker: out of memory' });
    expect(jobs.claim('w2')?.jobId).toBe(lease.jobId);
    await node.close();
  });
});

describe('JobQueue: proofs', () => {
  test('a proof that does not verify is refused and the job goes back to the queue', async () => {
    const { node, jobs } = setup();
    const lease = jobs.claim('w1')!;
    expect(await rejectionCode(jobs.submitProof(lease.jobId, lease.leaseId, fakeProof(false)))).toBe('INVALID_PROOF');
    expect(jobs.get(lease.jobId)).toMatchObject({ status: 'queued', lastError: 'invalid proof' });
    expect(node.store.batches.get(1)?.provenAt).toBeNull();
    await node.close();
  });

  test('a proof for another public input is refused and the job goes back to the queue', async () => {
    const { node, jobs } = setup();
    const lease = jobs.claim('w1')!;
    const otherInput = (BigInt(node.store.batches.get(1)!.publicInputHash) + 1n).toString();
    expect(await rejectionCode(jobs.submitProof(lease.jobId, lease.leaseId, fakeProof(true), [otherInput]))).toBe('INVALID_PROOF');
    expect(jobs.get(lease.jobId)).toMatchObject({ status: 'queued', lastError: 'invalid proof' });
    await node.close();
  });

  test('a verified proof is stored with the batch and the job is done; a second one is JOB_DONE', async () => {
    const { node, jobs, clock } = setup();
    const lease = jobs.claim('w1')!;
    await jobs.submitProof(lease.jobId, lease.leaseId, fakeProof(true));
    expect(jobs.get(lease.jobId).status).toBe('done');
    expect(node.store.batches.get(1)?.provenAt).toBe(clock.now);
    expect(JSON.parse(node.store.batches.proofJson(1)!)).toEqual(fakeProof(true));
    expect(await rejectionCode(jobs.submitProof(lease.jobId, lease.leaseId, fakeProof(true)))).toBe('JOB_DONE');
    expect(thrownCode(() => jobs.heartbeat(lease.jobId, lease.leaseId))).toBe('JOB_DONE');
    await node.close();
  });

  test('a valid proof from a lapsed lease is still taken (the work is done)', async () => {
    const { node, jobs, clock } = setup();
    const lapsed = jobs.claim('w1')!;
    clock.advance(LEASE_MS);
    const current = jobs.claim('w2')!;
    await jobs.submitProof(lapsed.jobId, lapsed.leaseId, fakeProof(true));
    expect(jobs.get(current.jobId).status).toBe('done');
    expect(await rejectionCode(jobs.submitProof(current.jobId, current.leaseId, fakeProof(true)))).toBe('JOB_DONE');
    await node.close();
  });

  test('a bad proof from a lapsed lease does not disturb the current holder', async () => {
    const { node, jobs, clock } = setup();
    const lapsed = jobs.claim('w1')!;
    clock.advance(LEASE_MS);
    const current = jobs.claim('w2')!;
    expect(await rejectionCode(jobs.submitProof(lapsed.jobId, lapsed.leaseId, fakeProof(false)))).toBe('INVALID_PROOF');
    expect(jobs.get(current.jobId)).toMatchObject({ status: 'leased', leaseId: current.leaseId });
    await node.close();
  });
});
