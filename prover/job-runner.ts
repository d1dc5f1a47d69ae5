import type { Logger } from 'pino';
import type { Lease } from '../api/jobs.js';
import { snarkjs, type Groth16Proof } from '../proving-kit/ffjs.js';
import type { ArtifactStore, CircuitFiles } from './artifacts.js';
import { abortable, abortError, retry, type BackoffPolicy } from './backoff.js';
import type { ProvingBackend } from './backends/backend.js';
import { describeError, ModuloError } from '../core/errors.js';
import { Heartbeat } from './heartbeat.js';
import type { SequencerClient } from './sequencer-client.js';
import type { WorkFolders } from './work-folder.js';

export interface JobContext {
  readonly client: SequencerClient;
  readonly artifacts: ArtifactStore;
  readonly backend: ProvingBackend;
  readonly folders: WorkFolders;
  readonly log: Logger;
  /** How long to keep trying to hand in a proof (through a sequencer restart) or a failure. */
  readonly retry: BackoffPolicy;
  readonly heartbeatMs?: number;
}

/**
 * proven: the sequencer took the proof. refused: it did not verify there (the job went back to the
 * queue). failed: the worker gave up and handed the job back with the reason. released: handed back
 * because the worker is shutting down. lost: another worker proved the batch first.
 */
export type JobOutcome = 'proven' | 'refused' | 'failed' | 'released' | 'lost';

export interface JobReport {
  readonly jobId: number;
  readonly batchNumber: number;
  readonly circuit: string;
  readonly outcome: JobOutcome;
  readonly reason?: string;
  /** From sending the claim to the sequencer's answer to the proof (or the failure). */
  readonly totalMs: number;
  readonly claimMs: number;
  readonly artifactsMs: number;
  readonly witnessMs: number;
  readonly proveMs: number;
  /** The worker's own check of the proof: public signal and snarkjs verification. */
  readonly checkMs: number;
  readonly submitMs: number;
}

/** How long a release at shutdown may take: it is part of the shutdown bound. */
const RELEASE_POLICY: BackoffPolicy = { baseMs: 100, maxMs: 1_000, maxElapsedMs: 3_000 };
/** Handing back a failed job: worth a minute; after that the lease expiring does the same. */
const FAIL_POLICY: BackoffPolicy = { baseMs: 250, maxMs: 5_000, maxElapsedMs: 60_000 };

/**
 * One claimed job from lease to answer: heartbeats all along; artifacts; witness and proof in a work
 * folder that is always removed; the worker's own check (the public signal is the batch's
 * publicInputHash and the proof verifies with the circuit's verification key) so a bad proof is never
 * sent; then the proof is handed in, retried through a sequencer restart. Whatever goes wrong is
 * reported to the sequencer with the reason, so the job goes back to the queue at once, not at lease
 * expiry. `stop` (shutdown after the grace period) gives the job up and releases it.
 */
export async function runJob(lease: Lease, ctx: JobContext, stop: AbortSignal, claimStarted: number): Promise<JobReport> {
  const log = ctx.log.child({ job: lease.jobId, batch: lease.batchNumber, circuit: lease.circuit.name });
  const t: Timings = { claimMs: performance.now() - claimStarted, artifactsMs: 0, witnessMs: 0, proveMs: 0, checkMs: 0, submitMs: 0 };
  const job = new AbortController();
  const onStop = () => job.abort(abortError(stop));
  stop.addEventListener('abort', onStop, { once: true });
  if (stop.aborted) onStop();
  const heartbeat = keepLease(lease, ctx, log, job);
  const report = (outcome: JobOutcome, reason?: string): JobReport => ({
    jobId: lease.jobId,
    batchNumber: lease.batchNumber,
    circuit: lease.circuit.name,
    outcome,
    ...(reason !== undefined ? { reason } : {}),
    totalMs: performance.now() - claimStarted,
    ...t,
  });
  log.info({ leaseExpiresAt: lease.leaseExpiresAt }, 'job claimed');
  heartbeat.start();
  try {
    await proveAndHandIn(lease, ctx, log, job.signal, t);
    log.info({ totalMs: Math.round(performance.now() - claimStarted) }, 'proof accepted');
    return report('proven');
  } catch (error) {
    return await settleFailure(lease, ctx, log, error, job.signal, report);
  } finally {
    heartbeat.stop();
    stop.removeEventListener('abort', onStop);
  }
}

type Timings = { -readonly [K in 'claimMs' | 'artifactsMs' | 'witnessMs' | 'proveMs' | 'checkMs' | 'submitMs']: number };

function keepLease(lease: Lease, ctx: JobContext, log: Logger, job: AbortController): Heartbeat {
  return new Heartbeat({
    client: ctx.client,
    lease,
    ...(ctx.heartbeatMs !== undefined ? { intervalMs: ctx.heartbeatMs } : {}),
    onLost: (error) => {
      log.warn({ code: error.code }, 'lease lost');
      // Proven elsewhere: stop. Merely expired: prove on, the sequencer takes a valid proof from anyone.
      if (error.code !== 'LEASE_LOST') job.abort(error);
    },
    onError: (error) => log.warn({ err: describeError(error) }, 'heartbeat got no answer; trying again'),
  });
}

/** Every wait is raced against `signal`: nothing here (not even a backend that ignores it) outlives a shutdown. */
async function proveAndHandIn(lease: Lease, ctx: JobContext, log: Logger, signal: AbortSignal, t: Timings): Promise<void> {
  let phase = performance.now();
  const circuit = await abortable(ctx.artifacts.forCircuit(lease.circuit.name), signal);
  t.artifactsMs = performance.now() - phase;
  const onPhase = (p: 'witness' | 'prove') => log.info({ phase: p }, p === 'witness' ? 'computing witness' : 'proving');
  const result = await ctx.folders.with(lease.jobId, (workDir) =>
    abortable(ctx.backend.prove({ jobId: lease.jobId, input: lease.input, circuit, workDir, signal, onPhase }), signal),
  );
  t.witnessMs = result.witnessMs;
  t.proveMs = result.proveMs;
  log.info({ witnessMs: Math.round(result.witnessMs), proveMs: Math.round(result.proveMs) }, 'proof computed');
  phase = performance.now();
  await checkProof(lease, circuit, result.proof, result.publicSignals);
  t.checkMs = performance.now() - phase;
  phase = performance.now();
  const submitted = retry(() => ctx.client.submitProof(lease.jobId, lease.leaseId, result.proof, result.publicSignals), {
    policy: ctx.retry,
    signal,
    onRetry: (error, attempt, delayMs) => log.warn({ err: describeError(error), attempt, delayMs }, 'proof not handed in; retrying'),
  });
  await abortable(submitted, signal);
  t.submitMs = performance.now() - phase;
}

async function settleFailure(lease: Lease, ctx: JobContext, log: Logger, error: unknown, signal: AbortSignal, report: (o: JobOutcome, reason?: string) => JobReport): Promise<JobReport> {
  const reason = signal.aborted ? describeError(abortError(signal)) : describeError(error);
  const code = signal.aborted ? abortError(signal).code : error instanceof ModuloError ? error.code : null;
  if (code === 'JOB_DONE') {
    log.info('batch proven by another worker');
    return report('lost', reason);
  }
  if (code === 'INVALID_PROOF') {
    // Our check passed and the sequencer's did not: its artifacts changed under us. The sequencer
    // requeues a refused proof's job only on some paths; handing it back covers the others.
    log.error({ reason }, 'proof refused by the sequencer');
    await ctx.client.fail(lease.jobId, lease.leaseId, reason).catch(() => {});
    return report('refused', reason);
  }
  const released = code === 'ABORTED';
  const why = released ? 'shutdown' : reason;
  try {
    await releaseJob(ctx.client, lease, why, released ? RELEASE_POLICY : FAIL_POLICY);
  } catch (failError) {
    log.warn({ err: describeError(failError) }, 'could not hand the job back; its lease will expire');
  }
  if (released) log.warn('job released (shutdown)');
  else log.error({ reason }, 'job failed');
  return report(released ? 'released' : 'failed', why);
}

/** Hands a job back with the reason (POST /fail), trying again within `policy`; one request waits ≤ 1 s at shutdown. */
export function releaseJob(client: SequencerClient, lease: Lease, reason: string, policy: BackoffPolicy = RELEASE_POLICY): Promise<void> {
  const timeoutMs = policy === RELEASE_POLICY ? 1_000 : undefined;
  return retry(() => client.fail(lease.jobId, lease.leaseId, reason, timeoutMs), { policy });
}

/** The proof is for this batch (its one public signal) and verifies with the circuit's key. */
export async function checkProof(lease: Lease, circuit: CircuitFiles, proof: Groth16Proof, publicSignals: readonly string[]): Promise<void> {
  if (publicSignals.length !== 1 || publicSignals[0] !== lease.publicInputHash) {
    throw new ModuloError('SELF_CHECK_FAILED', `public signals [${publicSignals.join(', ')}] are not batch ${lease.batchNumber}'s publicInputHash ${lease.publicInputHash}`, { jobId: lease.jobId });
  }
  let valid = false;
  let failure: unknown;
  try {
    valid = await snarkjs.groth16.verify(circuit.vkey, [lease.publicInputHash], proof);
  } catch (error) {
    failure = error;
  }
  if (!valid) throw new ModuloError('SELF_CHECK_FAILED', `the proof of batch ${lease.batchNumber} does not verify with the ${circuit.name} verification key`, { jobId: lease.jobId }, { cause: failure });
}
