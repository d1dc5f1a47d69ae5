import type { Db } from './db.js';

export type JobStatus = 'queued' | 'leased' | 'done';

export interface JobRecord {
  readonly id: number;
  readonly batchNumber: number;
  readonly status: JobStatus;
  /** How many times the job was claimed. */
  readonly attempts: number;
  readonly leaseId: string | null;
  readonly worker: string | null;
  readonly leaseExpiresAt: number | null;
  readonly lastError: string | null;
}

interface JobRow {
  id: number;
  batch_number: number;
  status: JobStatus;
  attempts: number;
  lease_id: string | null;
  worker: string | null;
  lease_expires_at: number | null;
  last_error: string | null;
}

function toRecord(r: JobRow): JobRecord {
  return {
    id: r.id,
    batchNumber: r.batch_number,
    status: r.status,
    attempts: r.attempts,
    leaseId: r.lease_id,
    worker: r.worker,
    leaseExpiresAt: r.lease_expires_at,
    lastError: r.last_error,
  };
}

/** Prover jobs: one per sealed batch, leased to one worker at a time, oldest batch first. */
export class JobStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  enqueue(batchNumber: number, now: number): void {
    this.#db.run("INSERT INTO jobs (batch_number, status, created_at, updated_at) VALUES (?, 'queued', ?, ?)", batchNumber, now, now);
  }

  get(id: number): JobRecord | undefined {
    const row = this.#db.get<JobRow>('SELECT * FROM jobs WHERE id = ?', id);
    return row === undefined ? undefined : toRecord(row);
  }

  /** Leases the oldest job that is queued or whose lease has expired. */
  claim(now: number, leaseId: string, worker: string, leaseMs: number): JobRecord | undefined {
    return this.#db.transaction(() => {
      const row = this.#db.get<{ id: number }>(
        `SELECT id FROM jobs WHERE status = 'queued' OR (status = 'leased' AND lease_expires_at <= ?)
         ORDER BY batch_number LIMIT 1`,
        now,
      );
      if (row === undefined) return undefined;
      this.#db.run(
        `UPDATE jobs SET status = 'leased', lease_id = ?, worker = ?, lease_expires_at = ?, attempts = attempts + 1,
         updated_at = ? WHERE id = ?`,
        leaseId, worker, now + leaseMs, now, row.id,
      );
      return this.get(row.id);
    });
  }

  /** Extends a live lease; false when the lease is not the job's current one or has expired. */
  heartbeat(id: number, leaseId: string, now: number, leaseMs: number): boolean {
    const { changes } = this.#db.run(
      `UPDATE jobs SET lease_expires_at = ?, updated_at = ? WHERE id = ? AND status = 'leased' AND lease_id = ?
       AND lease_expires_at > ?`,
      now + leaseMs, now, id, leaseId, now,
    );
    return Number(changes) === 1;
  }

  complete(id: number, now: number): void {
    this.#db.run("UPDATE jobs SET status = 'done', lease_id = NULL, lease_expires_at = NULL, updated_at = ? WHERE id = ?", now, id);
  }

  /** Puts a leased job back in the queue, recording why. */
  requeue(id: number, error: string, now: number): void {
    this.#db.run(
      `UPDATE jobs SET status = 'queued', lease_id = NULL, worker = NULL, lease_expires_at = NULL, last_error = ?,
       updated_at = ? WHERE id = ? AND status = 'leased'`,
      error, now, id,
    );
  }

  /** Queues a done job again (its proof was refused on L1), recording why. */
  reopen(batchNumber: number, error: string, now: number): void {
    this.#db.run(
      "UPDATE jobs SET status = 'queued', last_error = ?, updated_at = ? WHERE batch_number = ? AND status = 'done'",
      error, now, batchNumber,
    );
  }

  /** Returns expired leases to the queue; how many. */
  expire(now: number): number {
    const { changes } = this.#db.run(
      `UPDATE jobs SET status = 'queued', lease_id = NULL, worker = NULL, lease_expires_at = NULL,
       last_error = 'lease expired', updated_at = ? WHERE status = 'leased' AND lease_expires_at <= ?`,
      now, now,
    );
    return Number(changes);
  }

  deleteAfter(batchNumber: number): void {
    this.#db.run('DELETE FROM jobs WHERE batch_number > ?', batchNumber);
  }

  countByStatus(): Record<JobStatus, number> {
    const out: Record<JobStatus, number> = { queued: 0, leased: 0, done: 0 };
    for (const row of this.#db.all<{ status: JobStatus; n: number }>('SELECT status, count(*) AS n FROM jobs GROUP BY status')) {
      out[row.status] = row.n;
    }
    return out;
  }
}
