import { pino, type Logger } from 'pino';
import { ArtifactStore } from './artifacts.js';
import type { ProvingBackend } from './backends/backend.js';
import { ExternalBackend } from './backends/external.js';
import { SnarkjsBackend } from './backends/snarkjs.js';
import type { JobReport } from './job-runner.js';
import { PROVER_DEFAULTS, validateProverOptions, type ProverOptions } from './options.js';
import { SequencerClient } from './sequencer-client.js';
import { WorkFolders } from './work-folder.js';
import { ProverWorker, type WorkerSummary } from './worker.js';

export interface ProverHooks {
  readonly logger?: Logger;
  /** Told after every job (outcome and timings): benchmarks and tests. */
  readonly onJob?: (report: JobReport) => void;
  /** A backend instead of the one the options name (tests). */
  readonly backend?: ProvingBackend;
}

export interface ProverHandle {
  readonly worker: ProverWorker;
  /** Graceful stop; `done` resolves once the worker is down. */
  stop(graceMs?: number): void;
  readonly done: Promise<WorkerSummary>;
}

export function createBackend(o: ProverOptions): ProvingBackend {
  if ((o.backend ?? PROVER_DEFAULTS.backend) === 'external') {
    return new ExternalBackend({ bin: o.proverBin!, timeoutMs: o.proveTimeoutMs ?? PROVER_DEFAULTS.proveTimeoutMs });
  }
  return new SnarkjsBackend();
}

/** Starts the worker without touching process signals (embedding, tests); see runProver for the CLI. */
export function startProver(o: ProverOptions, hooks: ProverHooks = {}): ProverHandle {
  validateProverOptions(o);
  const d = PROVER_DEFAULTS;
  const log = hooks.logger ?? pino({ name: 'modulo-prover', level: o.logLevel ?? d.logLevel });
  const backend = hooks.backend ?? createBackend(o);
  const client = new SequencerClient({ baseUrl: o.sequencer, token: o.token ?? null });
  const workRoot = o.workDir ?? d.workDir;
  const swept = WorkFolders.sweep(workRoot);
  if (swept.length > 0) log.info({ swept }, 'removed work folders of workers that are gone');
  const folders = new WorkFolders(workRoot);
  const artifacts = new ArtifactStore({
    client,
    dir: o.artifactsDir ?? d.artifactsDir,
    network: o.network ?? d.network,
    log: (message, details) => log.info(details ?? {}, message),
  });
  const worker = new ProverWorker(
    { client, artifacts, backend, folders, log, retry: o.retry ?? d.retry, ...(o.heartbeatMs !== undefined ? { heartbeatMs: o.heartbeatMs } : {}) },
    {
      concurrency: o.concurrency ?? d.concurrency,
      workerName: o.workerName ?? d.workerName,
      pollMs: o.pollMs ?? d.pollMs,
      shutdownGraceMs: o.shutdownGraceMs ?? d.shutdownGraceMs,
      claimRetry: o.claimRetry ?? d.claimRetry,
    },
    hooks.onJob,
  );
  log.info({ sequencer: client.baseUrl, backend: backend.name, concurrency: o.concurrency ?? d.concurrency, network: o.network ?? d.network, workDir: folders.processDir }, 'prover started');
  const done = worker.run().finally(async () => {
    await backend.close();
    folders.close();
  });
  void done.then((summary) => log.info({ ...summary }, 'prover stopped'));
  return { worker, stop: (graceMs) => worker.stop(graceMs), done };
}

/**
 * `modulo prover`: runs until SIGTERM or SIGINT. The first signal stops claiming and gives the running
 * job the grace period (`shutdownGraceMs`) to finish; then it is released with the reason 'shutdown'
 * (a second signal releases at once). The worker is down within grace + ~5 s.
 */
export async function runProver(o: ProverOptions, hooks: ProverHooks = {}): Promise<WorkerSummary> {
  const handle = startProver(o, hooks);
  const onSignal = () => handle.stop(handle.worker.stopping ? 0 : undefined);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    return await handle.done;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
