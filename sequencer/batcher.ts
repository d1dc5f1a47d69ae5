import { applyL1Tx } from '../core/apply-l1-tx.js';
import { applyL2Tx } from '../core/apply-l2-tx.js';
import { toHex } from '../core/bits.js';
import { buildBatch, type Batch } from '../core/build-batch.js';
import { circuitInputToJson } from '../core/circuit-input.js';
import { ModuloError } from '../core/errors.js';
import { FeeSlots } from '../core/fee-slots.js';
import type { RollupState } from '../core/rollup-state.js';
import type { RollupDomain } from '../core/tx.js';
import { largestBatchSize, pickCircuit, type BatchCircuit } from './circuit-sizes.js';
import type { FeePolicy } from './fee-policy.js';
import type { Mempool, PendingTx } from './mempool.js';
import { PendingState } from './pending-state.js';
import type { StoredL1Tx } from './store/l1-store.js';
import type { Store } from './store/store.js';

export interface BatcherOptions {
  readonly store: Store;
  readonly state: RollupState;
  readonly mempool: Mempool;
  /** The deployment's circuits, smallest first (circuit-sizes.ts). */
  readonly circuits: readonly BatchCircuit[];
  readonly domain: RollupDomain;
  readonly fees: FeePolicy;
  /** A batch is sealed this long after its oldest tx arrived, full or not. */
  readonly maxWaitMs: number;
  /** No batch is sealed while this many sealed batches wait for a proof (provers set the pace). */
  readonly maxUnproven: number;
  readonly clock?: () => number;
}

export interface SealedBatch {
  readonly batchNumber: number;
  readonly circuit: BatchCircuit;
  readonly l1TxCount: number;
  readonly l2TxCount: number;
  /** Accepted txs that turned out invalid in batch order (an L1 tx came first), with the reason. */
  readonly dropped: ReadonlyArray<{ hash: string; code: string }>;
  readonly ms: number;
}

interface Selection {
  readonly l2: PendingTx[];
  readonly dropped: Array<{ hash: string; error: ModuloError }>;
  readonly feeIdx: number[];
}

/**
 * Decides when to seal and what goes in: every L1 tx seen first (queue order), then accepted L2 txs in
 * mempool order, in the smallest circuit that fits. Building (core's buildBatch) happens on a fork;
 * the fork's state, the batch record, the txs' and L1 txs' new status and the prover job are then
 * written in ONE transaction, so a crash leaves either all of the batch or none of it.
 */
export class Batcher {
  readonly #o: BatcherOptions;
  readonly #clock: () => number;
  readonly #maxSize: number;

  constructor(options: BatcherOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
    this.#maxSize = largestBatchSize(options.circuits);
  }

  /** Txs waiting for a batch (L1 and L2). */
  waiting(): number {
    return this.#o.mempool.l1Txs().length + this.#o.mempool.l2Txs().length;
  }

  /** Full, or the oldest waiting tx has waited maxWaitMs; and the provers are not too far behind. */
  isDue(now = this.#clock()): boolean {
    const oldest = this.#o.mempool.oldestAt();
    if (oldest === null) return false;
    const { store } = this.#o;
    if (store.batches.lastNumber() - store.jobs.countByStatus().done >= this.#o.maxUnproven) return false;
    return this.waiting() >= this.#maxSize || now - oldest >= this.#o.maxWaitMs;
  }

  /** Seals while a batch is due; returns what was sealed. */
  sealDue(): SealedBatch[] {
    const sealed: SealedBatch[] = [];
    while (this.isDue()) {
      const batch = this.seal();
      if (batch === null) break;
      sealed.push(batch);
    }
    return sealed;
  }

  /** Seals one batch now from whatever is waiting; null when nothing is. */
  seal(): SealedBatch | null {
    const started = performance.now();
    const { store, mempool, state, domain } = this.#o;
    const l1 = mempool.l1Txs().slice(0, this.#maxSize);
    const candidates = mempool.l2Txs().slice(0, this.#maxSize - l1.length);
    if (l1.length === 0 && candidates.length === 0) return null;
    const largest = pickCircuit(this.#o.circuits, this.#maxSize);
    const selection = this.#select(l1, candidates, largest.config.feeSlots);
    const circuit = pickCircuit(this.#o.circuits, l1.length + selection.l2.length, selection.feeIdx.length);
    const batchNumber = store.batches.lastNumber() + 1;
    const l1QueueStart = l1[0]?.queueIndex ?? store.l1.nextUnconsumed();
    const batch = buildBatch(state, {
      circuit: circuit.config,
      domain,
      batchNumber: BigInt(batchNumber),
      l1QueueStartHash: store.l1.hashBefore(l1QueueStart),
      l1Txs: l1.map((e) => e.tx),
      l2Txs: selection.l2.map((p) => p.tx),
      feeIdx: selection.feeIdx,
      signaturesVerified: true,
    });
    this.#persist(batchNumber, circuit, l1QueueStart, l1, selection, batch);
    mempool.afterSeal(l1.length, new Set(selection.l2.map((p) => p.hash)), batch.updates.map((u) => u.idx), selection.dropped.length > 0);
    return {
      batchNumber,
      circuit,
      l1TxCount: l1.length,
      l2TxCount: selection.l2.length,
      dropped: selection.dropped.map((d) => ({ hash: d.hash, code: d.error.code })),
      ms: performance.now() - started,
    };
  }

  /**
   * Replays the candidates on an account-only view in batch order (L1 txs, then L2 txs with core's
   * own checks and fee slots), so buildBatch gets only txs it will accept. L2 txs stop at the first one
   * whose fee token would need a fee slot the circuit does not have (a prefix keeps every dependency).
   */
  #select(l1: readonly StoredL1Tx[], candidates: readonly PendingTx[], feeSlotLimit: number): Selection {
    const { domain, fees, state } = this.#o;
    const view = new PendingState(state);
    for (const e of l1) applyL1Tx(view, e.tx);
    const feeIdx: number[] = [];
    const feeTokens = new Set<bigint>();
    let end = candidates.length;
    for (const [i, { tx }] of candidates.entries()) {
      if (tx.fee === 0n || feeTokens.has(tx.tokenId)) continue;
      if (feeTokens.size === feeSlotLimit) {
        end = i;
        break;
      }
      feeTokens.add(tx.tokenId);
      const account = fees.accountFor(tx.tokenId);
      if (account !== undefined && view.exists(account.idx) && view.getAccount(account.idx).tokenId === tx.tokenId) {
        feeIdx.push(account.idx);
      }
    }
    const slots = new FeeSlots(view, feeIdx, feeSlotLimit);
    const l2: PendingTx[] = [];
    const dropped: Selection['dropped'] = [];
    for (const p of candidates.slice(0, end)) {
      try {
        slots.checkFee(p.tx.tokenId, p.tx.fee);
        applyL2Tx(view, p.tx, { domain, signatureVerified: true });
        slots.collect(p.tx.tokenId, p.tx.fee);
        l2.push(p);
      } catch (error) {
        if (!(error instanceof ModuloError)) throw error;
        dropped.push({ hash: p.hash, error });
      }
    }
    return { l2, dropped, feeIdx };
  }

  #persist(n: number, circuit: BatchCircuit, l1QueueStart: number, l1: readonly StoredL1Tx[], s: Selection, batch: Batch): void {
    const { store } = this.#o;
    const now = this.#clock();
    store.transaction(() => {
      store.undo.during(n, () => batch.state.merge());
      store.batches.insert(
        {
          number: n,
          circuitName: circuit.name,
          circuitId: circuit.id,
          oldStateRoot: batch.statement.oldStateRoot.toString(),
          newStateRoot: batch.newStateRoot.toString(),
          publicInputHash: batch.publicInputHash.toString(),
          l1QueueStart,
          l1TxCount: l1.length,
          l2TxCount: s.l2.length,
          l1QueueStartHash: batch.statement.l1QueueStartHash.toString(),
          l1QueueEndHash: batch.l1QueueEndHash.toString(),
          feeIdx: batch.commit.feeIdx,
          txData: toHex(batch.commit.txData),
          withdrawals: toHex(batch.commit.withdrawals),
          sealedAt: now,
        },
        JSON.stringify(circuitInputToJson(batch.circuitInput)),
      );
      store.txs.markIncluded(n, s.l2.map((p, i) => ({ hash: p.hash, position: l1.length + i })));
      for (const d of s.dropped) store.txs.markRejected(d.hash, d.error.code, d.error.message);
      if (l1.length > 0) store.l1.markConsumed(l1QueueStart, l1.length, n);
      store.jobs.enqueue(n, now);
    });
  }
}
