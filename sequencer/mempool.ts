import { hashHex } from '../api/scalars.js';
import { applyL1Tx } from '../core/apply-l1-tx.js';
import { applyL2Tx, checkL2Tx } from '../core/apply-l2-tx.js';
import type { PublicKey } from '../core/eddsa.js';
import { ModuloError } from '../core/errors.js';
import { inTree } from '../core/leaf-update.js';
import type { RollupState } from '../core/rollup-state.js';
import { assertL2Tx, type RollupDomain, type SignedL2Tx } from '../core/tx.js';
import { TxType } from '../core/constants.js';
import type { FeePolicy } from './fee-policy.js';
import { PendingState } from './pending-state.js';
import type { SignatureCheck, SignatureVerifier } from './signature-verifier.js';
import type { StoredL1Tx } from './store/l1-store.js';
import type { Store } from './store/store.js';

/** An accepted L2 tx waiting for a batch. */
export interface PendingTx {
  readonly seq: number;
  readonly hash: string;
  readonly tx: SignedL2Tx;
  readonly receivedAt: number;
}

export interface MempoolOptions {
  readonly store: Store;
  /** The state after the last sealed batch. */
  readonly state: RollupState;
  readonly domain: RollupDomain;
  readonly fees: FeePolicy;
  readonly verifier: SignatureVerifier;
  /** Accepted plus in-flight txs beyond which ingest answers MEMPOOL_FULL. */
  readonly maxPending: number;
  readonly clock?: () => number;
  /** Called after txs were accepted (the batcher checks whether a batch is full). */
  readonly onAccepted?: () => void;
  /** Called with the code of every refused tx (metrics). */
  readonly onRefused?: (code: string) => void;
}

interface Ticket {
  readonly tx: SignedL2Tx;
  readonly receivedAt: number;
  readonly resolve: (hash: string) => void;
  readonly reject: (error: unknown) => void;
  outcome: SignatureCheck | Error | null;
}

/**
 * The L2 txs accepted and not yet batched, and the pending state they are checked against: the last
 * sealed state, plus every L1 tx seen and not yet batched (batches take L1 txs first), plus every
 * accepted L2 tx with its fee credited. A tx is accepted only if it is valid on that state, so its
 * nonce must be its sender's pending nonce: per account, txs are in nonce order by construction.
 *
 * Signatures are checked concurrently (possibly on worker threads), but txs are admitted strictly in
 * arrival order, so the outcome is as if each request were processed alone, in turn. An accepted tx
 * is persisted before the request is answered.
 */
export class Mempool {
  readonly #o: MempoolOptions;
  readonly #clock: () => number;
  #pending: PendingState;
  #txs: PendingTx[] = [];
  #l1: Array<{ entry: StoredL1Tx; seenAt: number }> = [];
  #tickets: Ticket[] = [];
  #drainScheduled = false;

  constructor(options: MempoolOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
    this.#pending = new PendingState(options.state);
    this.reload();
  }

  /** The pending state (read-only use: account reads for the API). */
  get view(): RollupState {
    return this.#pending;
  }

  get size(): number {
    return this.#txs.length;
  }

  get inFlight(): number {
    return this.#tickets.length;
  }

  l2Txs(): readonly PendingTx[] {
    return this.#txs;
  }

  l1Txs(): readonly StoredL1Tx[] {
    return this.#l1.map((l) => l.entry);
  }

  /** When the oldest unbatched tx (L1 or L2) arrived, or null when there is none. */
  oldestAt(): number | null {
    const times = [this.#l1[0]?.seenAt, this.#txs[0]?.receivedAt].filter((t): t is number => t !== undefined);
    return times.length === 0 ? null : Math.min(...times);
  }

  /** Checks, verifies and persists a tx; resolves with its hash (0x hex) or rejects with a ModuloError. */
  submit(tx: SignedL2Tx): Promise<string> {
    try {
      assertL2Tx(tx);
      if (this.#txs.length + this.#tickets.length >= this.#o.maxPending) {
        throw new ModuloError('MEMPOOL_FULL', `the mempool holds ${this.#o.maxPending} txs; retry later`);
      }
      const publicKey = this.#senderKey(tx.fromIdx);
      return new Promise<string>((resolve, reject) => {
        const ticket: Ticket = { tx, receivedAt: this.#clock(), resolve, reject, outcome: null };
        this.#tickets.push(ticket);
        this.#o.verifier.verify(tx, publicKey).then(
          (check) => this.#ready(ticket, check),
          (error: unknown) => this.#ready(ticket, error instanceof Error ? error : new Error(String(error))),
        );
      }).catch((error: unknown) => this.#refused(error));
    } catch (error) {
      return this.#refused(error);
    }
  }

  /** New L1 txs seen by the watcher (already stored), in queue order. */
  addL1Txs(entries: readonly StoredL1Tx[]): void {
    const seenAt = this.#clock();
    // A forced exit can invalidate accepted L2 txs of its account (the batch puts it before them): recheck all.
    if (this.#txs.length > 0 && entries.some((e) => e.tx.txType === TxType.FORCED_EXIT)) {
      this.reload();
      return;
    }
    for (const entry of entries) {
      this.#l1.push({ entry, seenAt });
      applyL1Tx(this.#pending, entry.tx);
    }
  }

  /**
   * A batch consumed the first `l1Count` L1 txs and the L2 txs `included`. When the batch dropped txs
   * the pending state no longer matches and is rebuilt; otherwise it still holds, and entries that now
   * equal the new base are pruned.
   */
  afterSeal(l1Count: number, included: ReadonlySet<string>, touched: Iterable<number>, dropped: boolean): void {
    this.#l1 = this.#l1.slice(l1Count);
    this.#txs = this.#txs.filter((p) => !included.has(p.hash));
    if (dropped) this.reload();
    else this.#pending.prune(touched);
  }

  /**
   * Rebuilds everything from the store: the L1 txs not yet batched, then the pending L2 txs in order;
   * an L2 tx that is no longer valid is marked rejected with its reason.
   */
  reload(): void {
    const now = this.#clock();
    this.#pending = new PendingState(this.#o.state);
    this.#l1 = this.#o.store.l1.unconsumed().map((entry) => ({ entry, seenAt: now }));
    for (const { entry } of this.#l1) applyL1Tx(this.#pending, entry.tx);
    this.#txs = [];
    for (const stored of this.#o.store.txs.pending()) {
      try {
        this.#check(stored.tx);
      } catch (error) {
        const e = error instanceof ModuloError ? error : new ModuloError('INTERNAL', String(error), {}, { cause: error });
        this.#o.store.txs.markRejected(stored.hash, e.code, e.message);
        continue;
      }
      this.#apply(stored.tx);
      this.#txs.push({ seq: stored.seq, hash: stored.hash, tx: stored.tx, receivedAt: stored.receivedAt });
    }
  }

  #senderKey(idx: number): PublicKey {
    if (!inTree(idx, this.#pending.depth) || !this.#pending.exists(idx)) {
      throw new ModuloError('UNKNOWN_ACCOUNT', `sender account ${idx} does not exist`, { idx });
    }
    const { ax, ay } = this.#pending.getAccount(idx);
    return { ax, ay };
  }

  /**
   * Records a ticket's outcome; the drain runs once after every outcome settled in this turn (one
   * worker reply settles many), so they are admitted, and persisted, in one transaction.
   */
  #ready(ticket: Ticket, outcome: SignatureCheck | Error): void {
    ticket.outcome = outcome;
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    queueMicrotask(() => {
      this.#drainScheduled = false;
      const ready: Ticket[] = [];
      while (this.#tickets[0]?.outcome != null) ready.push(this.#tickets.shift()!);
      if (ready.length > 0) this.#admitAll(ready);
    });
  }

  /** Admits verified txs in arrival order, persisting the accepted ones in one transaction. */
  #admitAll(tickets: readonly Ticket[]): void {
    let results: Array<string | Error>;
    try {
      results = this.#o.store.transaction(() => tickets.map((t) => this.#admit(t)));
    } catch (error) {
      this.reload();
      for (const t of tickets) t.reject(error);
      return;
    }
    let accepted = false;
    tickets.forEach((t, i) => {
      const result = results[i]!;
      if (typeof result === 'string') {
        accepted = true;
        t.resolve(result);
      } else t.reject(result);
    });
    if (accepted) this.#o.onAccepted?.();
  }

  /** The hash of the accepted tx, or the error that refuses it; throws only when the store fails. */
  #admit(ticket: Ticket): string | Error {
    const { tx, outcome } = ticket;
    if (outcome instanceof Error) return outcome;
    if (outcome === null || !outcome.valid) {
      return new ModuloError('INVALID_SIGNATURE', `signature does not verify for account ${tx.fromIdx}`, { idx: tx.fromIdx });
    }
    const hash = hashHex(outcome.hash);
    if (this.#o.store.txs.has(hash)) return new ModuloError('ALREADY_KNOWN', `tx ${hash} was already received`, { txHash: hash });
    try {
      this.#check(tx);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    const seq = this.#o.store.txs.insert(hash, tx, ticket.receivedAt);
    this.#apply(tx);
    this.#txs.push({ seq, hash, tx, receivedAt: ticket.receivedAt });
    return hash;
  }

  #check(tx: SignedL2Tx): void {
    checkL2Tx(this.#pending, tx, { domain: this.#o.domain, signatureVerified: true });
    this.#o.fees.check(tx, this.#pending);
  }

  /** Applies an accepted tx to the pending state, fee credited at once (the batch credits it at its end). */
  #apply(tx: SignedL2Tx): void {
    applyL2Tx(this.#pending, tx, { domain: this.#o.domain, signatureVerified: true });
    const feeAccount = this.#o.fees.accountFor(tx.tokenId);
    if (tx.fee > 0n && feeAccount !== undefined) {
      const account = this.#pending.getAccount(feeAccount.idx);
      this.#pending.setAccount(feeAccount.idx, { ...account, balance: account.balance + tx.fee });
    }
  }

  #refused(error: unknown): Promise<never> {
    this.#o.onRefused?.(error instanceof ModuloError ? error.code : 'INTERNAL');
    return Promise.reject(error);
  }
}
