import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { NETWORKS, type Network } from '../proving-kit/key-meta.js';
import type { BackoffPolicy } from './backoff.js';
import { ModuloError } from '../core/errors.js';

export type BackendName = 'snarkjs' | 'external';

/** Everything `modulo prover` takes; only `sequencer` is required. */
export interface ProverOptions {
  /** Base URL of the sequencer's HTTP API. */
  readonly sequencer: string;
  readonly backend?: BackendName;
  /** The rapidsnark-compatible program for the external backend. */
  readonly proverBin?: string;
  /** Job loops in this process (default 1). */
  readonly concurrency?: number;
  /** Circuit artifacts: build outputs `<dir>/<circuit>/…` and the download cache (default data/prover/circuits). */
  readonly artifactsDir?: string;
  readonly token?: string | null;
  /** Decides which proving keys are allowed: dev keys on devnet only (default devnet). */
  readonly network?: Network;
  /** Root of the per-job work folders (default <tmpdir>/modulo-prover). */
  readonly workDir?: string;
  readonly workerName?: string;
  /** External prover timeout (default 30 min). */
  readonly proveTimeoutMs?: number;
  /** Fixed heartbeat interval (default: a third of the lease's remaining time, 0.5–30 s). */
  readonly heartbeatMs?: number;
  readonly pollMs?: number;
  readonly shutdownGraceMs?: number;
  /** Handing in a proof or a failure: backoff and how long to keep trying. */
  readonly retry?: BackoffPolicy;
  /** Claiming while the sequencer is unreachable (default: waits capped at 15 s, forever). */
  readonly claimRetry?: BackoffPolicy;
  readonly logLevel?: string;
}

export const PROVER_DEFAULTS = {
  backend: 'snarkjs' as BackendName,
  concurrency: 1,
  artifactsDir: join('data', 'prover', 'circuits'),
  network: 'devnet' as Network,
  workDir: join(tmpdir(), 'modulo-prover'),
  workerName: `${hostname()}-${process.pid}`,
  proveTimeoutMs: 30 * 60_000,
  pollMs: 2_000,
  // Inside Kubernetes' default 30 s termination grace, with room to release the job and exit.
  shutdownGraceMs: 20_000,
  retry: { baseMs: 250, maxMs: 15_000, maxElapsedMs: 10 * 60_000 } satisfies BackoffPolicy,
  claimRetry: { baseMs: 500, maxMs: 15_000, maxElapsedMs: Infinity } satisfies BackoffPolicy,
  logLevel: 'info',
};

export const USAGE = `usage: modulo prover --sequencer URL [options]

  --sequencer URL          the sequencer's HTTP API (required)
  --backend NAME           snarkjs (default: in-process, multi-threaded) or external
  --prover-bin PATH        external backend: a program with rapidsnark's CLI
                           (prover <zkey> <wtns> <proof.json> <public.json>)
  --concurrency N          job loops in this process (default 1)
  --artifacts DIR          circuit artifacts: build outputs DIR/<circuit>/ and the download
                           cache (default data/prover/circuits)
  --token T                worker token (default: $MODULO_WORKER_TOKEN)
  --network NAME           devnet (default), testnet or mainnet: dev keys only on devnet
  --work-dir DIR           per-job work folders (default <tmpdir>/modulo-prover)
  --name NAME              worker name in the sequencer's logs (default <host>-<pid>)
  --timeout SECONDS        external prover timeout (default 1800)
  --grace SECONDS          on SIGTERM, time for the running job before release (default 20)
  --heartbeat SECONDS      fixed heartbeat interval (default: a third of the lease)
  --poll SECONDS           wait between claims when there is no job (default 2)
  --max-offline SECONDS    exit when the sequencer is unreachable this long (default: never)
  --log-level LEVEL        pino level (default info)
`;

function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new ModuloError('USAGE', `${flag} takes a number of seconds, not "${value}"`);
  return Math.round(n * 1000);
}

/** `modulo prover` arguments as ProverOptions (null for --help). */
export function parseProverArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ProverOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        sequencer: { type: 'string' },
        backend: { type: 'string' },
        'prover-bin': { type: 'string' },
        concurrency: { type: 'string' },
        artifacts: { type: 'string' },
        token: { type: 'string' },
        network: { type: 'string' },
        'work-dir': { type: 'string' },
        name: { type: 'string' },
        timeout: { type: 'string' },
        grace: { type: 'string' },
        heartbeat: { type: 'string' },
        poll: { type: 'string' },
        'max-offline': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ModuloError('USAGE', (error as Error).message, {}, { cause: error });
  }
  if (values.help) return null;
  const maxOffline = seconds(values['max-offline'], '--max-offline');
  const options: ProverOptions = {
    sequencer: values.sequencer ?? '',
    ...(values.backend !== undefined ? { backend: values.backend as BackendName } : {}),
    ...(values['prover-bin'] !== undefined ? { proverBin: values['prover-bin'] } : {}),
    ...(values.concurrency !== undefined ? { concurrency: Number(values.concurrency) } : {}),
    ...(values.artifacts !== undefined ? { artifactsDir: values.artifacts } : {}),
    token: values.token ?? env.MODULO_WORKER_TOKEN ?? null,
    ...(values.network !== undefined ? { network: values.network as Network } : {}),
    ...(values['work-dir'] !== undefined ? { workDir: values['work-dir'] } : {}),
    ...(values.name !== undefined ? { workerName: values.name } : {}),
    ...(values.timeout !== undefined ? { proveTimeoutMs: seconds(values.timeout, '--timeout')! } : {}),
    ...(values.grace !== undefined ? { shutdownGraceMs: seconds(values.grace, '--grace')! } : {}),
    ...(values.heartbeat !== undefined ? { heartbeatMs: seconds(values.heartbeat, '--heartbeat')! } : {}),
    ...(values.poll !== undefined ? { pollMs: seconds(values.poll, '--poll')! } : {}),
    ...(maxOffline !== undefined ? { claimRetry: { ...PROVER_DEFAULTS.claimRetry, maxElapsedMs: maxOffline } } : {}),
    ...(values['log-level'] !== undefined ? { logLevel: values['log-level'] } : {}),
  };
  validateProverOptions(options);
  return options;
}

/** Refuses options that cannot work, before anything starts. */
export function validateProverOptions(o: ProverOptions): void {
  const bad = (message: string) => new ModuloError('USAGE', message);
  if (!/^https?:\/\/[^\s]+$/.test(o.sequencer)) throw bad(`--sequencer needs an http(s) URL, got "${o.sequencer}"`);
  if (o.backend !== undefined && o.backend !== 'snarkjs' && o.backend !== 'external') throw bad(`--backend is snarkjs or external, not "${o.backend}"`);
  if (o.backend === 'external' && !o.proverBin) throw bad('--backend external needs --prover-bin');
  if (o.proverBin && o.backend !== 'external') throw bad('--prover-bin is for --backend external');
  if (o.concurrency !== undefined && (!Number.isInteger(o.concurrency) || o.concurrency < 1 || o.concurrency > 64)) throw bad('--concurrency is an integer from 1 to 64');
  if (o.network !== undefined && !NETWORKS.includes(o.network)) throw bad(`--network is one of ${NETWORKS.join(', ')}`);
}
