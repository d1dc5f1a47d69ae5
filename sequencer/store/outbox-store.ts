import type { Db } from './db.js';

/** commit and prove are the rollup calls; cancel replaces, at the same nonce, a send whose batch was rolled back. */
export type OutboxKind = 'commit' | 'prove' | 'cancel';
/**
 * signed: written, maybe not yet broadcast; sent: broadcast; mined: in a block, not yet deep enough;
 * confirmed: final; replaced: a later attempt (same nonce, higher fee) supersedes it; failed: mined
 * and reverted; cancelled: its batch was rolled back.
 */
export type OutboxStatus = 'signed' | 'sent' | 'mined' | 'confirmed' | 'replaced' | 'failed' | 'cancelled';

export interface OutboxRecord {
  readonly id: number;
  /** The batch of a commit; the last batch of a prove (a settlement). */
  readonly batchNumber: number;
  /** A prove settles firstBatch .. batchNumber in one proveBatches call; null: batchNumber alone (one proof). */
  readonly firstBatch: number | null;
  readonly kind: OutboxKind;
  readonly nonce: number;
  /** 0 for the first send; each fee bump of the same nonce is the next attempt. */
  readonly attempt: number;
  readonly l1TxHash: string;
  /** The signed transaction, rebroadcast verbatim after a restart. */
  readonly raw: string;
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly status: OutboxStatus;
  readonly minedBlock: number | null;
  readonly error: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface OutboxRow {
  id: number;
  batch_number: number;
  first_batch: number | null;
  kind: OutboxKind;
  nonce: number;
  attempt: number;
  l1_tx_hash: string;
  raw: string;
  max_fee_per_gas: string;
  max_priority_fee_per_gas: string;
  status: OutboxStatus;
  mined_block: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

function toRecord(r: OutboxRow): OutboxRecord {
  return {
    id: r.id,
    batchNumber: r.batch_number,
    firstBatch: r.first_batch,
    kind: r.kind,
    nonce: r.nonce,
    attempt: r.attempt,
    l1TxHash: r.l1_tx_hash,
    raw: r.raw,
    maxFeePerGas: BigInt(r.max_fee_per_gas),
    maxPriorityFeePerGas: BigInt(r.max_priority_fee_per_gas),
    status: r.status,
    minedBlock: r.mined_block,
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export type NewOutbox = Pick<OutboxRecord, 'batchNumber' | 'kind' | 'nonce' | 'attempt' | 'l1TxHash' | 'raw' | 'maxFeePerGas' | 'maxPriorityFeePerGas'>
  & { readonly firstBatch?: number | null };

/** L1 sends, each written with its signed tx before it is broadcast. */
export class OutboxStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  insert(o: NewOutbox, now: number): OutboxRecord {
    const { lastInsertRowid } = this.#db.run(
      `INSERT INTO outbox (batch_number, first_batch, kind, nonce, attempt, l1_tx_hash, raw, max_fee_per_gas, max_priority_fee_per_gas,
       status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'signed', ?, ?)`,
      o.batchNumber, o.firstBatch ?? null, o.kind, o.nonce, o.attempt, o.l1TxHash, o.raw, o.maxFeePerGas.toString(),
      o.maxPriorityFeePerGas.toString(), now, now,
    );
    return this.get(Number(lastInsertRowid))!;
  }

  get(id: number): OutboxRecord | undefined {
    const row = this.#db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', id);
    return row === undefined ? undefined : toRecord(row);
  }

  setStatus(id: number, status: OutboxStatus, now: number, extra: { minedBlock?: number | null; error?: string } = {}): void {
    this.#db.run(
      'UPDATE outbox SET status = ?, mined_block = ?, error = coalesce(?, error), updated_at = ? WHERE id = ?',
      status, extra.minedBlock ?? null, extra.error ?? null, now, id,
    );
  }

  /** Every attempt of one send (batch and kind), oldest first. */
  attempts(batchNumber: number, kind: OutboxKind): OutboxRecord[] {
    return this.#db
      .all<OutboxRow>('SELECT * FROM outbox WHERE batch_number = ? AND kind = ? ORDER BY attempt', batchNumber, kind)
      .map(toRecord);
  }

  /** Sends not yet settled (signed, sent or mined), oldest first. */
  open(): OutboxRecord[] {
    return this.#db.all<OutboxRow>("SELECT * FROM outbox WHERE status IN ('signed', 'sent', 'mined') ORDER BY id").map(toRecord);
  }

  /** Every row sent at `nonce` (all attempts, whatever their batch or kind). */
  atNonce(nonce: number): OutboxRecord[] {
    return this.#db.all<OutboxRow>('SELECT * FROM outbox WHERE nonce = ? ORDER BY id', nonce).map(toRecord);
  }

  /** Sends cancelled by a rollback that may still be in the L1 mempool (at or above `fromNonce`). */
  cancelledFrom(fromNonce: number): OutboxRecord[] {
    return this.#db.all<OutboxRow>("SELECT * FROM outbox WHERE status = 'cancelled' AND nonce >= ? ORDER BY id", fromNonce).map(toRecord);
  }

  /** How many sends of (batch, kind) were mined and reverted. */
  failures(batchNumber: number, kind: OutboxKind): number {
    return this.#db.get<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE batch_number = ? AND kind = ? AND status = 'failed'", batchNumber, kind)?.n ?? 0;
  }

  /** The next attempt number of (batch, kind). */
  nextAttempt(batchNumber: number, kind: OutboxKind): number {
    return (this.#db.get<{ n: number | null }>('SELECT max(attempt) AS n FROM outbox WHERE batch_number = ? AND kind = ?', batchNumber, kind)?.n ?? -1) + 1;
  }

  cancelAfter(batchNumber: number, now: number): void {
    this.#db.run(
      "UPDATE outbox SET status = 'cancelled', updated_at = ? WHERE batch_number > ? AND status IN ('signed', 'sent', 'mined')",
      now, batchNumber,
    );
  }
}
