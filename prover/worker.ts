import type { Logger } from 'pino';
import { abortable, Backoff, retry, sleep, type BackoffPolicy } from './backoff.js';
import { describeError, ModuloError } from '../core/errors.js';
import { releaseJob, runJob, type JobContext, type JobOutcome, type JobReport } from './job-runner.js';

export interface WorkerLoopOptions {
  /** Job loops in this process, each proving one batch at a time. */
  readonly concurrency: number;
  /** The name the sequencer logs claims under; loop i claims as `<name>/<i>`. */
  readonly workerName: string;
  /** Wait between claims while there is no job (± 25 %). */
  readonly pollMs: number;
  /** After SIGTERM, how long a running job may take to finish before it is released. */
  readonly shutdownGraceMs: number;
  /** Claims while the sequencer is unreachable: waits grow to maxMs; maxElapsedMs Infinity waits for it forever. */
  readonly claimRetry: BackoffPolicy;
}

export interface WorkerSummary {
  readonly jobs: Readonly<Record<JobOutcome, number>>;
  /** Set when the worker stopped on its own (an error no retry can fix, e.g. UNAUTHORIZED). */
  readonly fatal: string | null;
}

/**
 * N job loops: claim, prove, hand in, repeat. Loops back off while the sequencer is unreachable and
 * after a failed job (so a job that fails here is not claimed back at once by the same loop).
 * stop(): no new claims; running jobs get the grace period to finish, then are released with the
 * reason 'shutdown'. The sequencer sees each loop as one worker; several processes on several
 * machines add up the same way.
 */
export class ProverWorker {
  readonly #ctx: JobContext;
  readonly #o: WorkerLoopOptions;
  readonly #log: Logger;
  readonly #onJob: ((report: JobReport) => void) | undefined;
  readonly #stopping = new AbortController();
  readonly #hardStop = new AbortController();
  readonly #jobs: Record<JobOutcome, number> = { proven: 0, refused: 0, failed: 0, released: 0, lost: 0 };
  #fatal: string | null = null;
  #graceTimer: NodeJS.Timeout | null = null;
  #done: Promise<WorkerSummary> | null = null;

  constructor(ctx: JobContext, o: WorkerLoopOptions, onJob?: (report: JobReport) => void) {
    this.#ctx = ctx;
    this.#o = o;
    this.#log = ctx.log;
    this.#onJob = onJob;
  }

  /** Starts the loops; resolves when all have ended (after stop(), or a fatal error). */
  run(): Promise<WorkerSummary> {
    this.#done ??= (async () => {
      await Promise.all(Array.from({ length: this.#o.concurrency }, (_, i) => this.#loop(`${this.#o.workerName}/${i}`)));
      if (this.#graceTimer !== null) clearTimeout(this.#graceTimer);
      return { jobs: { ...this.#jobs }, fatal: this.#fatal };
    })();
    return this.#done;
  }

  /** Graceful stop: running jobs finish within the grace period or are released. */
  stop(graceMs = this.#o.shutdownGraceMs): void {
    if (!this.#stopping.signal.aborted) {
      this.#log.info({ graceMs }, 'stopping: no new claims; running jobs finish or are released');
      this.#stopping.abort(new ModuloError('ABORTED', 'shutdown'));
    }
    if (this.#graceTimer !== null) clearTimeout(this.#graceTimer);
    this.#graceTimer = setTimeout(() => this.#hardStop.abort(new ModuloError('ABORTED', 'shutdown')), graceMs);
  }

  get stopping(): boolean {
    return this.#stopping.signal.aborted;
  }

  async #loop(name: string): Promise<void> {
    const afterFailure = new Backoff(this.#o.claimRetry);
    const stopping = this.#stopping.signal;
    while (!stopping.aborted) {
      const claimStarted = performance.now();
      let lease;
      try {
        // A claim in flight at a graceful stop is let finish (and its lease released below); at the
        // hard stop it is abandoned, its lease left to expire.
        const claimed = retry(() => this.#ctx.client.claim(name), {
          policy: this.#o.claimRetry,
          signal: stopping,
          onRetry: (error, attempt, delayMs) => this.#log.warn({ worker: name, err: describeError(error), attempt, delayMs }, 'cannot claim; retrying'),
        });
        lease = await abortable(claimed, this.#hardStop.signal);
      } catch (error) {
        if (stopping.aborted) break;
        this.#fatal = describeError(error);
        this.#log.error({ worker: name, err: this.#fatal }, 'cannot claim jobs; stopping');
        this.stop(0);
        break;
      }
      if (lease === null) {
        await sleep(this.#o.pollMs * (0.75 + Math.random() / 2), stopping).catch(() => {});
        continue;
      }
      if (stopping.aborted) {
        await releaseJob(this.#ctx.client, lease, 'shutdown').catch(() => {});
        this.#count({ ...emptyReport(lease), outcome: 'released', reason: 'shutdown' });
        break;
      }
      const report = await runJob(lease, { ...this.#ctx, log: this.#log.child({ worker: name }) }, this.#hardStop.signal, claimStarted);
      this.#count(report);
      if (report.outcome === 'failed' || report.outcome === 'refused') {
        await sleep(afterFailure.next(), stopping).catch(() => {});
      } else {
        afterFailure.reset();
      }
    }
  }

  #count(report: JobReport): void {
    this.#jobs[report.outcome]++;
    this.#onJob?.(report);
  }
}

function emptyReport(lease: { jobId: number; batchNumber: number; circuit: { name: string } }): JobReport {
  return { jobId: lease.jobId, batchNumber: lease.batchNumber, circuit: lease.circuit.name, outcome: 'released', totalMs: 0, claimMs: 0, artifactsMs: 0, witnessMs: 0, proveMs: 0, checkMs: 0, submitMs: 0 };
}
