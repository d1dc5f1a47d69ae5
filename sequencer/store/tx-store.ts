import type { SignedL2Tx } from '../../core/tx.js';
import type { Db } from './db.js';

export type TxStatus = 'pending' | 'included' | 'rejected';

export interface StoredTx {
  readonly seq: number;
  /** l2TxHash as 0x + 64 hex digits. */
  readonly hash: string;
  readonly tx: SignedL2Tx;
  readonly status: TxStatus;
  readonly batchNumber: number | null;
  /** The slot in its batch. */
  readonly position: number | null;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly receivedAt: number;
}

interface TxRow {
  seq: number;
  hash: string;
  from_idx: number;
  to_idx: number;
  amount: string;
  fee: string;
  nonce: number;
  token_id: number;
  r8x: string;
  r8y: string;
  s: string;
  status: TxStatus;
  batch_number: number | null;
  position: number | null;
  reason_code: string | null;
  reason: string | null;
  received_at: number;
}

function toStored(row: TxRow): StoredTx {
  return {
    seq: row.seq,
    hash: row.hash,
    tx: {
      fromIdx: row.from_idx,
      toIdx: row.to_idx,
      amount: BigInt(row.amount),
      fee: BigInt(row.fee),
      nonce: BigInt(row.nonce),
      tokenId: BigInt(row.token_id),
      signature: { r8x: BigInt(row.r8x), r8y: BigInt(row.r8y), s: BigInt(row.s) },
    },
    status: row.status,
    batchNumber: row.batch_number,
    position: row.position,
    reasonCode: row.reason_code,
    reason: row.reason,
    receivedAt: row.received_at,
  };
}

/** L2 txs by hash: the mempool's durable half and the record of where each tx went. */
export class TxStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Persists an accepted tx as pending; returns its sequence number (the mempool's order). */
  insert(hash: string, tx: SignedL2Tx, receivedAt: number): number {
    const { lastInsertRowid } = this.#db.run(
      `INSERT INTO txs (hash, from_idx, to_idx, amount, fee, nonce, token_id, r8x, r8y, s, status, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
      hash,
      tx.fromIdx,
      tx.toIdx,
      tx.amount.toString(),
      tx.fee.toString(),
      Number(tx.nonce),
      Number(tx.tokenId),
      tx.signature.r8x.toString(),
      tx.signature.r8y.toString(),
      tx.signature.s.toString(),
      receivedAt,
    );
    return Number(lastInsertRowid);
  }

  has(hash: string): boolean {
    return this.#db.get('SELECT 1 AS one FROM txs WHERE hash = ?', hash) !== undefined;
  }

  get(hash: string): StoredTx | undefined {
    const row = this.#db.get<TxRow>('SELECT * FROM txs WHERE hash = ?', hash);
    return row === undefined ? undefined : toStored(row);
  }

  /** Pending txs in acceptance order. */
  pending(): StoredTx[] {
    return this.#db.all<TxRow>("SELECT * FROM txs WHERE status = 'pending' ORDER BY seq").map(toStored);
  }

  byBatch(batchNumber: number): StoredTx[] {
    return this.#db.all<TxRow>('SELECT * FROM txs WHERE batch_number = ? ORDER BY position', batchNumber).map(toStored);
  }

  markIncluded(batchNumber: number, entries: ReadonlyArray<{ hash: string; position: number }>): void {
    this.#db.transaction(() => {
      for (const { hash, position } of entries) {
        this.#db.run("UPDATE txs SET status = 'included', batch_number = ?, position = ? WHERE hash = ?", batchNumber, position, hash);
      }
    });
  }

  markRejected(hash: string, code: string, reason: string): void {
    this.#db.run("UPDATE txs SET status = 'rejected', reason_code = ?, reason = ? WHERE hash = ? AND status = 'pending'", code, reason, hash);
  }

  /** Puts the txs of batches above `batchNumber` back in the mempool (a rollback). */
  reopenAfter(batchNumber: number): void {
    this.#db.run("UPDATE txs SET status = 'pending', batch_number = NULL, position = NULL WHERE batch_number > ?", batchNumber);
  }

  countByStatus(): Record<TxStatus, number> {
    const out: Record<TxStatus, number> = { pending: 0, included: 0, rejected: 0 };
    for (const row of this.#db.all<{ status: TxStatus; n: number }>('SELECT status, count(*) AS n FROM txs GROUP BY status')) {
      out[row.status] = row.n;
    }
    return out;
  }
}
