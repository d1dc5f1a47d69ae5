import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadCircuits, type CircuitsFile } from '../core/circuits.js';
import { ModuloError } from '../core/errors.js';
import type { RollupDomain } from '../core/tx.js';
import type { Synchronous } from './store/db.js';
import type { FeeAccount } from './fee-policy.js';

export interface RateLimit {
  readonly max: number;
  readonly timeWindowMs: number;
}

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  /** Largest request body in bytes (a tx is ~600 bytes; a proof ~1.5 kB). */
  readonly bodyLimit: number;
  /** A request that has not completed after this long is answered 408 and closed. */
  readonly requestTimeoutMs: number;
  /** Per client IP, on the public routes; null disables. */
  readonly rateLimit: RateLimit | null;
  /** Per client IP, the job routes together (claim, heartbeat, proof, fail); null disables. */
  readonly jobRateLimit: RateLimit | null;
  /** Per client IP, the artifact downloads (GET and HEAD); null disables. */
  readonly artifactRateLimit: RateLimit | null;
  readonly logLevel: string;
}

export interface L1Config {
  readonly rpcUrl: string;
  /** The sequencer's L1 key (commitBatch is restricted to it); 0x hex. */
  readonly privateKey: string;
  /** Blocks an event or a sent tx must be buried under before it counts. */
  readonly confirmations: number;
  readonly pollMs: number;
  /** The block the rollup was deployed in (the watcher starts there). */
  readonly startBlock: number;
  /** Blocks read per eth_getLogs call. */
  readonly maxBlockRange: number;
  /** A sent tx not mined after this long is resent with higher fees (same nonce). */
  readonly bumpAfterMs: number;
  /** Fee increase per bump, percent (nodes need >= 10 to replace). */
  readonly bumpPercent: number;
  /** Never pay more than this per gas (wei). */
  readonly maxFeePerGas: bigint;
  /** At most this many proven batches settle in one L1 tx (proveBatches); 1: each alone (proveBatches of one proof). */
  readonly maxBatchesPerSettlement: number;
  /** A group not full settles once its oldest batch has been ready this long (ms), even a group of one. */
  readonly maxSettlementWaitMs: number;
  /**
   * commit-and-prove (default): batches are committed and proven together, a group per commitAndProveBatches
   * call, once proven; commit-then-prove: each batch is committed as soon as it is sealed (its data on L1 at
   * once) and groups of committed, proven batches settle with proveBatches. docs/protocol.md §9 weighs them.
   */
  readonly settlementMode: SettlementMode;
}

export type SettlementMode = 'commit-and-prove' | 'commit-then-prove';
const SETTLEMENT_MODES: readonly SettlementMode[] = ['commit-and-prove', 'commit-then-prove'];

function settlementMode(value: unknown): SettlementMode {
  if (SETTLEMENT_MODES.includes(value as SettlementMode)) return value as SettlementMode;
  throw new ModuloError('MALFORMED', `config: l1.settlementMode must be one of ${SETTLEMENT_MODES.join(', ')}`, { value: String(value) });
}

export interface ProverConfig {
  readonly leaseMs: number;
  /** Every job and artifact route needs `Authorization: Bearer <workerToken>`; required outside devnet. */
  readonly workerToken: string | null;
  readonly artifactsDir: string;
  /** INVALID_PROOF answers a client may earn per window before its proofs are refused unverified (429). */
  readonly invalidProofLimit: RateLimit;
}

export interface SequencerConfig {
  /** The local devnet (devnet/sequencer-config.ts): the only configuration that may run without a worker token. */
  readonly devnet: boolean;
  readonly dataDir: string;
  readonly synchronous: Synchronous;
  readonly http: HttpConfig;
  readonly domain: RollupDomain;
  readonly circuits: CircuitsFile;
  /** The circuit whose depth the deployment uses; every circuit of that depth may be sealed for. */
  readonly deploymentCircuit: string;
  /** circuitId on L1 per circuit name; by default read from the contract, else circuits.json order. */
  readonly circuitIds: Readonly<Record<string, number>>;
  readonly fees: readonly FeeAccount[];
  readonly batch: { readonly maxWaitMs: number; readonly maxUnproven: number; readonly tickMs: number };
  readonly mempool: { readonly maxPending: number; readonly verifyWorkers: number };
  readonly prover: ProverConfig;
  readonly l1: L1Config | null;
}

export const DEFAULT_CONFIG: SequencerConfig = {
  devnet: false,
  dataDir: './data/sequencer',
  synchronous: 'NORMAL',
  http: {
    host: '127.0.0.1',
    port: 8080,
    bodyLimit: 16 * 1024,
    requestTimeoutMs: 10_000,
    rateLimit: { max: 6000, timeWindowMs: 60_000 },
    // A worker loop polls a claim every 2 s and heartbeats a few times a minute; 64 loops behind one IP fit.
    jobRateLimit: { max: 3000, timeWindowMs: 60_000 },
    // Four HEAD requests per job (the artifacts' hashes), and the downloads themselves.
    artifactRateLimit: { max: 600, timeWindowMs: 60_000 },
    logLevel: 'info',
  },
  domain: { chainId: 31337n, rollupAddress: 0n },
  circuits: { widths: {}, circuits: {} as CircuitsFile['circuits'] },
  deploymentCircuit: 'dev',
  circuitIds: {},
  fees: [],
  batch: { maxWaitMs: 2_000, maxUnproven: 64, tickMs: 200 },
  mempool: { maxPending: 100_000, verifyWorkers: Math.max(1, availableParallelism()) },
  prover: { leaseMs: 120_000, workerToken: null, artifactsDir: 'build/circuits', invalidProofLimit: { max: 10, timeWindowMs: 60_000 } },
  l1: null,
};

/** JSON config file: the same shape, bigints as decimal strings; every field optional. */
type Json = Record<string, unknown>;

function big(value: unknown, what: string): bigint {
  if (typeof value === 'string' && /^(0x[0-9a-fA-F]+|\d+)$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new ModuloError('MALFORMED', `config: ${what} must be an integer (decimal or 0x string)`, { value: String(value) });
}

/**
 * The configuration: defaults, then the JSON file named by MODULO_SEQUENCER_CONFIG (if any), then the
 * environment (MODULO_DATA_DIR, MODULO_HOST, MODULO_PORT, MODULO_CHAIN_ID, MODULO_ROLLUP_ADDRESS,
 * MODULO_L1_RPC, MODULO_L1_PRIVATE_KEY, MODULO_WORKER_TOKEN). circuits.json is read from its one place.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, file = env.MODULO_SEQUENCER_CONFIG): SequencerConfig {
  const json: Json = file ? (JSON.parse(readFileSync(file, 'utf8')) as Json) : {};
  return configFrom(json, env);
}

export function configFrom(json: Json, env: NodeJS.ProcessEnv = {}): SequencerConfig {
  const d = DEFAULT_CONFIG;
  const http = { ...d.http, ...(json.http as Json | undefined) } as HttpConfig;
  const domainJson = (json.domain ?? {}) as Json;
  const l1Json = (json.l1 ?? null) as Json | null;
  const rpcUrl = env.MODULO_L1_RPC ?? (l1Json?.rpcUrl as string | undefined);
  const l1: L1Config | null = rpcUrl === undefined ? null : {
    rpcUrl,
    privateKey: env.MODULO_L1_PRIVATE_KEY ?? String(l1Json?.privateKey ?? ''),
    confirmations: Number(l1Json?.confirmations ?? 2),
    pollMs: Number(l1Json?.pollMs ?? 2_000),
    startBlock: Number(l1Json?.startBlock ?? 0),
    maxBlockRange: Number(l1Json?.maxBlockRange ?? 2_000),
    bumpAfterMs: Number(l1Json?.bumpAfterMs ?? 60_000),
    bumpPercent: Number(l1Json?.bumpPercent ?? 20),
    maxFeePerGas: big(l1Json?.maxFeePerGas ?? '500000000000', 'l1.maxFeePerGas'),
    maxBatchesPerSettlement: Number(l1Json?.maxBatchesPerSettlement ?? 8),
    maxSettlementWaitMs: Number(l1Json?.maxSettlementWaitMs ?? 3_000),
    settlementMode: settlementMode(l1Json?.settlementMode ?? 'commit-and-prove'),
  };
  return {
    devnet: json.devnet === true,
    dataDir: env.MODULO_DATA_DIR ?? (json.dataDir as string | undefined) ?? d.dataDir,
    synchronous: (json.synchronous as Synchronous | undefined) ?? d.synchronous,
    http: { ...http, host: env.MODULO_HOST ?? http.host, port: Number(env.MODULO_PORT ?? http.port) },
    domain: {
      chainId: big(env.MODULO_CHAIN_ID ?? domainJson.chainId ?? d.domain.chainId.toString(), 'domain.chainId'),
      rollupAddress: big(env.MODULO_ROLLUP_ADDRESS ?? domainJson.rollupAddress ?? '0', 'domain.rollupAddress'),
    },
    circuits: json.circuitsFile ? loadCircuits(json.circuitsFile as string) : loadCircuits(),
    deploymentCircuit: (json.deploymentCircuit as string | undefined) ?? d.deploymentCircuit,
    circuitIds: (json.circuitIds as Record<string, number> | undefined) ?? d.circuitIds,
    fees: ((json.fees ?? []) as Json[]).map((f, i) => ({
      tokenId: big(f.tokenId, `fees[${i}].tokenId`),
      idx: Number(f.idx),
      minFee: big(f.minFee ?? '0', `fees[${i}].minFee`),
    })),
    batch: { ...d.batch, ...(json.batch as Json | undefined) },
    mempool: { ...d.mempool, ...(json.mempool as Json | undefined) },
    prover: {
      ...d.prover,
      ...(json.prover as Json | undefined),
      workerToken: env.MODULO_WORKER_TOKEN ?? ((json.prover as Json | undefined)?.workerToken as string | undefined) ?? null,
    },
    l1,
  };
}

/**
 * Outside devnet the job API must not be open: the sequencer refuses to start without a worker token
 * (MODULO_WORKER_TOKEN or prover.workerToken). The devnet makes one and hands it to its prover.
 */
export function assertWorkerToken(config: SequencerConfig): void {
  if (config.devnet || (config.prover.workerToken !== null && config.prover.workerToken !== '')) return;
  throw new ModuloError(
    'MALFORMED',
    'config: no worker token (set MODULO_WORKER_TOKEN or prover.workerToken); only the devnet may run the job API without one',
  );
}
