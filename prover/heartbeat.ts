import type { Lease } from '../api/jobs.js';
import { ModuloError } from '../core/errors.js';
import type { SequencerClient } from './sequencer-client.js';

export interface HeartbeatOptions {
  readonly client: SequencerClient;
  readonly lease: Lease;
  /** Fixed interval; by default a third of the lease's remaining time, between 0.5 s and 30 s. */
  readonly intervalMs?: number;
  /** The lease is gone: LEASE_LOST (expired, maybe held by another worker now) or JOB_DONE. */
  readonly onLost: (error: ModuloError) => void;
  readonly onError?: (error: unknown) => void;
}

const MIN_INTERVAL_MS = 500;
const MAX_INTERVAL_MS = 30_000;

/**
 * Keeps a lease alive while its job runs: one heartbeat at a time (a slow answer never stacks
 * requests), rescheduled from each answer's new expiry. A heartbeat that gets no answer is tried again
 * at the next tick; an answer that the lease is gone stops it.
 */
export class Heartbeat {
  readonly #o: HeartbeatOptions;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  sent = 0;

  constructor(o: HeartbeatOptions) {
    this.#o = o;
  }

  start(): void {
    this.#schedule(this.#o.lease.leaseExpiresAt);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
  }

  /**
   * The expiry is on the sequencer's clock: with clocks apart by more than the lease the remaining
   * time reads as ≤ 0 and the interval falls to its minimum (chatty, never late).
   */
  #interval(expiresAt: number): number {
    if (this.#o.intervalMs !== undefined) return this.#o.intervalMs;
    return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, (expiresAt - Date.now()) / 3));
  }

  #schedule(expiresAt: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#beat(expiresAt), this.#interval(expiresAt));
  }

  async #beat(previousExpiry: number): Promise<void> {
    let expiresAt = previousExpiry;
    try {
      this.sent++;
      expiresAt = (await this.#o.client.heartbeat(this.#o.lease.jobId, this.#o.lease.leaseId)).leaseExpiresAt;
    } catch (error) {
      if (error instanceof ModuloError && (error.code === 'LEASE_LOST' || error.code === 'JOB_DONE' || error.code === 'NOT_FOUND')) {
        this.stop();
        this.#o.onLost(error);
        return;
      }
      this.#o.onError?.(error);
    }
    this.#schedule(expiresAt);
  }
}
