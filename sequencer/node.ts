import { pino, type Logger } from 'pino';
import { RollupState } from '../core/rollup-state.js';
import { CircuitArtifacts } from './artifacts.js';
import { Batcher, type SealedBatch } from './batcher.js';
import { deploymentCircuits, type BatchCircuit } from './circuit-sizes.js';
import type { SequencerConfig } from './config.js';
import { FeePolicy } from './fee-policy.js';
import { JobQueue } from './jobs.js';
import { Mempool } from './mempool.js';
import { sequencerMetrics, type SequencerMetrics } from './metrics.js';
import type { ProofVerifier } from './proof.js';
import { SignaturePool } from './signature-pool.js';
import { InlineVerifier, type SignatureVerifier } from './signature-verifier.js';
import { SnarkjsVerifier } from './snarkjs-verifier.js';
import { Store } from './store/store.js';

export interface NodeOverrides {
  readonly clock?: () => number;
  readonly logger?: Logger;
  readonly proofVerifier?: ProofVerifier;
  readonly signatureVerifier?: SignatureVerifier;
  /** Circuits with their L1 ids, when the caller resolved them (from the contract). */
  readonly circuits?: readonly BatchCircuit[];
}

/**
 * The sequencer's parts wired together (without HTTP and without L1: app.ts and l1/ attach to it).
 * Everything durable lives in the store; everything here can be rebuilt from it on start.
 */
export class SequencerNode {
  readonly config: SequencerConfig;
  readonly log: Logger;
  readonly store: Store;
  readonly state: RollupState;
  readonly circuits: readonly BatchCircuit[];
  readonly fees: FeePolicy;
  readonly metrics: SequencerMetrics;
  readonly verifier: SignatureVerifier;
  readonly mempool: Mempool;
  readonly batcher: Batcher;
  readonly jobs: JobQueue;
  readonly artifacts: CircuitArtifacts;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #listeners: Array<(sealed: SealedBatch) => void> = [];
  #sealScheduled = false;

  constructor(config: SequencerConfig, overrides: NodeOverrides = {}) {
    this.config = config;
    this.log = overrides.logger ?? pino({ level: config.http.logLevel });
    this.circuits = overrides.circuits ?? deploymentCircuits(config.circuits, config.deploymentCircuit, config.circuitIds);
    const depth = this.circuits[0]!.config.depth;
    this.store = Store.open(config.dataDir, { ...config.domain, depth }, config.synchronous);
    this.state = new RollupState(depth, this.store.nodes, this.store.accounts);
    this.fees = new FeePolicy(config.fees);
    this.metrics = sequencerMetrics();
    this.verifier = overrides.signatureVerifier ??
      (config.mempool.verifyWorkers > 0 ? new SignaturePool(config.domain, config.mempool.verifyWorkers) : new InlineVerifier(config.domain));
    this.mempool = new Mempool({
      store: this.store,
      state: this.state,
      domain: config.domain,
      fees: this.fees,
      verifier: this.verifier,
      maxPending: config.mempool.maxPending,
      ...(overrides.clock ? { clock: overrides.clock } : {}),
      onAccepted: () => this.kick(),
      onRefused: (code) => this.metrics.txsRefused.inc({ code }),
    });
    this.batcher = new Batcher({
      store: this.store,
      state: this.state,
      mempool: this.mempool,
      circuits: this.circuits,
      domain: config.domain,
      fees: this.fees,
      maxWaitMs: config.batch.maxWaitMs,
      maxUnproven: config.batch.maxUnproven,
      ...(overrides.clock ? { clock: overrides.clock } : {}),
    });
    this.artifacts = new CircuitArtifacts(config.prover.artifactsDir);
    this.jobs = new JobQueue({
      store: this.store,
      verifier: overrides.proofVerifier ?? new SnarkjsVerifier(this.artifacts),
      leaseMs: config.prover.leaseMs,
      ...(overrides.clock ? { clock: overrides.clock } : {}),
      onEvent: (event, count = 1) => {
        const counter = { claimed: this.metrics.jobsClaimed, expired: this.metrics.leasesExpired, 'proof-accepted': this.metrics.proofsAccepted, 'proof-rejected': this.metrics.proofsRejected }[event];
        counter.inc({}, count);
      },
    });
    this.#gauges();
  }

  /** Called when something was added: seals at once if a batch is due (on the next turn, never mid-request). */
  kick(): void {
    if (this.#sealScheduled || !this.batcher.isDue()) return;
    this.#sealScheduled = true;
    setImmediate(() => {
      this.#sealScheduled = false;
      this.sealDue();
    });
  }

  /** Seals every batch that is due, logging and counting each. */
  sealDue(): SealedBatch[] {
    let sealed: SealedBatch[] = [];
    try {
      sealed = this.batcher.sealDue();
    } catch (error) {
      this.log.error({ err: error }, 'seal failed');
    }
    for (const b of sealed) {
      this.metrics.batchesSealed.inc({ circuit: b.circuit.name });
      this.metrics.sealSeconds.observe(b.ms / 1000);
      for (const d of b.dropped) this.metrics.txsDropped.inc({ code: d.code });
      this.log.info({ batch: b.batchNumber, circuit: b.circuit.name, l1: b.l1TxCount, l2: b.l2TxCount, dropped: b.dropped.length, ms: Math.round(b.ms) }, 'batch sealed');
      for (const listener of this.#listeners) listener(b);
    }
    return sealed;
  }

  onSealed(listener: (sealed: SealedBatch) => void): void {
    this.#listeners.push(listener);
  }

  /** Periodic work: seal on max wait, expire leases. */
  start(): void {
    this.#timers.push(
      setInterval(() => {
        this.sealDue();
        this.jobs.expire();
      }, this.config.batch.tickMs),
    );
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#timers.length = 0;
    await this.verifier.close();
    this.store.close();
  }

  #gauges(): void {
    const r = this.metrics.registry;
    r.gauge('modulo_mempool_txs', 'accepted L2 txs waiting for a batch', () => this.mempool.size);
    r.gauge('modulo_mempool_l1_txs', 'L1 txs seen and waiting for a batch', () => this.mempool.l1Txs().length);
    r.gauge('modulo_batch_last_sealed', 'newest sealed batch', () => this.store.batches.lastNumber());
    r.gauge('modulo_batch_last_committed', 'newest batch committed on L1', () => this.store.batches.lastWith('committed'));
    r.gauge('modulo_batch_last_finalized', 'newest batch finalized on L1', () => this.store.batches.lastWith('finalized'));
    r.gauge('modulo_jobs_queued', 'prover jobs waiting for a worker', () => this.store.jobs.countByStatus().queued);
    r.gauge('modulo_jobs_leased', 'prover jobs held by a worker', () => this.store.jobs.countByStatus().leased);
    r.gauge('modulo_l1_synced_block', 'last L1 block read by the watcher', () => this.store.l1.cursor() ?? -1);
  }
}
