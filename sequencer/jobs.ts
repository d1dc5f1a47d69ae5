import { randomBytes } from 'node:crypto';
import type { Lease } from '../api/jobs.js';
import { ModuloError } from '../core/errors.js';
import type { Groth16Proof, ProofVerifier } from './proof.js';
import type { JobRecord } from './store/job-store.js';
import type { Store } from './store/store.js';

export interface JobQueueOptions {
  readonly store: Store;
  readonly verifier: ProofVerifier;
  /** How long a claim lasts without a heartbeat. */
  readonly leaseMs: number;
  readonly clock?: () => number;
  readonly onEvent?: (event: 'claimed' | 'expired' | 'proof-accepted' | 'proof-rejected', count?: number) => void;
}

/**
 * Prover jobs for workers on other machines: claim a lease on the oldest unproven batch, keep it with
 * heartbeats, hand in a proof (verified here before it is accepted) or give the job back. A lease that
 * is not renewed expires and the job goes back to the queue.
 */
export class JobQueue {
  readonly #o: JobQueueOptions;
  readonly #clock: () => number;
  readonly #proven: Array<(batchNumber: number) => void> = [];

  constructor(options: JobQueueOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
  }

  /** The lease a worker gets: everything it needs to prove (the circuit input as stored at seal), and until when it may. */
  claim(worker: string): Lease | null {
    const now = this.#clock();
    this.expire();
    const job = this.#o.store.jobs.claim(now, randomBytes(16).toString('hex'), worker, this.#o.leaseMs);
    if (job === undefined) return null;
    this.#o.onEvent?.('claimed');
    const batch = this.#o.store.batches.get(job.batchNumber)!;
    return {
      jobId: job.id,
      leaseId: job.leaseId!,
      batchNumber: job.batchNumber,
      circuit: { id: batch.circuitId, name: batch.circuitName },
      publicInputHash: batch.publicInputHash,
      input: JSON.parse(this.#o.store.batches.circuitInputJson(job.batchNumber)!) as Lease['input'],
      leaseExpiresAt: job.leaseExpiresAt!,
    };
  }

  /** Extends the lease; LEASE_LOST when it expired or another worker holds the job now. */
  heartbeat(jobId: number, leaseId: string): { leaseExpiresAt: number } {
    const now = this.#clock();
    const job = this.#job(jobId);
    if (job.status === 'done') throw new ModuloError('JOB_DONE', `job ${jobId} is already proven`, { jobId });
    if (!this.#o.store.jobs.heartbeat(jobId, leaseId, now, this.#o.leaseMs)) throw this.#leaseLost(jobId);
    return { leaseExpiresAt: now + this.#o.leaseMs };
  }

  /**
   * Accepts a proof only if it verifies against the batch's public input. A valid proof is taken even
   * from a worker whose lease lapsed (the work is done); a bad one sends the job back to the queue if
   * it came from the current lease holder, and is refused with INVALID_PROOF.
   */
  /**
   * Verifies and stores a proof. `publicSignals`, when the worker sends them, must be the batch's own
   * public input; a proof that fails either check sends the job back to the queue.
   */
  async submitProof(jobId: number, leaseId: string, proof: Groth16Proof, publicSignals?: readonly string[]): Promise<{ batchNumber: number }> {
    const job = this.#job(jobId);
    if (job.status === 'done') throw new ModuloError('JOB_DONE', `job ${jobId} is already proven`, { jobId });
    const batch = this.#o.store.batches.get(job.batchNumber)!;
    const signalMatches = publicSignals === undefined || (publicSignals.length === 1 && publicSignals[0] === batch.publicInputHash);
    const valid = signalMatches && (await this.#o.verifier.verify(batch.circuitName, BigInt(batch.publicInputHash), proof));
    const now = this.#clock();
    const current = this.#job(jobId);
    if (!valid) {
      this.#o.onEvent?.('proof-rejected');
      if (current.status === 'leased' && current.leaseId === leaseId) this.#o.store.jobs.requeue(jobId, 'invalid proof', now);
      throw new ModuloError('INVALID_PROOF', `the proof does not verify for batch ${job.batchNumber}`, { jobId, batchNumber: job.batchNumber });
    }
    if (current.status === 'done') throw new ModuloError('JOB_DONE', `job ${jobId} is already proven`, { jobId });
    this.#o.store.transaction(() => {
      this.#o.store.batches.setProof(job.batchNumber, JSON.stringify(proof), now);
      this.#o.store.jobs.complete(jobId, now);
    });
    this.#o.onEvent?.('proof-accepted');
    for (const listener of this.#proven) listener(job.batchNumber);
    return { batchNumber: job.batchNumber };
  }

  /** The worker gives up: the job goes back to the queue with its reason. */
  fail(jobId: number, leaseId: string, reason: string): void {
    const job = this.#job(jobId);
    if (job.status === 'done') throw new ModuloError('JOB_DONE', `job ${jobId} is already proven`, { jobId });
    if (job.status !== 'leased' || job.leaseId !== leaseId) throw this.#leaseLost(jobId);
    this.#o.store.jobs.requeue(jobId, `worker: ${reason}`, this.#clock());
  }

  /** Called after a verified proof was stored (the submitter may send proveBatches). */
  onProven(listener: (batchNumber: number) => void): void {
    this.#proven.push(listener);
  }

  /** Returns expired leases to the queue. */
  expire(): number {
    const n = this.#o.store.jobs.expire(this.#clock());
    if (n > 0) this.#o.onEvent?.('expired', n);
    return n;
  }

  get(jobId: number): JobRecord {
    return this.#job(jobId);
  }

  #job(jobId: number): JobRecord {
    const job = this.#o.store.jobs.get(jobId);
    if (job === undefined) throw new ModuloError('NOT_FOUND', `no job ${jobId}`, { jobId });
    return job;
  }

  #leaseLost(jobId: number): ModuloError {
    return new ModuloError('LEASE_LOST', `the lease on job ${jobId} expired or belongs to another worker; claim again`, { jobId });
  }
}
