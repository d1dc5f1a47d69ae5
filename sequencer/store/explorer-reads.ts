import type { Db } from './db.js';
import { batchStatus, type BatchStatus } from './batch-store.js';

/**
 * The explorer's read-only queries (GET /v1/explorer/…): lists newest first with a cursor, an account's
 * txs, prover job stats and the last hour's activity. Nothing here writes. Lists that filter on columns
 * without an index (txs by idx, accounts by L1 address) scan their table: fine at devnet and test sizes
 * (10,000 txs scan in a few ms); a public deployment would add the indexes.
 */

export interface BatchSummaryRow {
  readonly batchNumber: number;
  readonly circuitName: string;
  readonly circuitId: number;
  readonly l1TxCount: number;
  readonly l2TxCount: number;
  readonly sealedAt: number;
  readonly committedAt: number | null;
  readonly provenAt: number | null;
  readonly finalizedAt: number | null;
}

/** An L2 tx with its batch's progress (null times when it is in no batch). */
export interface TxRow {
  readonly seq: number;
  readonly hash: string;
  readonly fromIdx: number;
  readonly toIdx: number;
  readonly amount: string;
  readonly fee: string;
  readonly nonce: number;
  readonly tokenId: number;
  readonly status: 'pending' | 'included' | 'rejected';
  readonly batchNumber: number | null;
  readonly position: number | null;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly receivedAt: number;
  readonly sealedAt: number | null;
  readonly committedAt: number | null;
  readonly provenAt: number | null;
  readonly finalizedAt: number | null;
}

export interface L1TxRow {
  readonly queueIndex: number;
  readonly txType: number;
  readonly idx: number;
  readonly tokenId: number;
  readonly amount: string;
  /** Decimal, as stored. */
  readonly ethAddr: string;
  readonly ax: string;
  readonly ay: string;
  readonly l1TxHash: string;
  readonly blockNumber: number;
  readonly batchNumber: number | null;
}

export interface JobRow {
  readonly jobId: number;
  readonly batchNumber: number;
  readonly status: string;
  readonly worker: string | null;
  readonly attempts: number;
  readonly leaseExpiresAt: number | null;
  readonly lastError: string | null;
  readonly circuitName: string;
  readonly sealedAt: number;
  readonly provenAt: number | null;
}

const BATCH_SUMMARY = `number AS batchNumber, circuit_name AS circuitName, circuit_id AS circuitId, l1_tx_count AS l1TxCount,
  l2_tx_count AS l2TxCount, sealed_at AS sealedAt, committed_at AS committedAt, proven_at AS provenAt, finalized_at AS finalizedAt`;

const TX = `t.seq, t.hash, t.from_idx AS fromIdx, t.to_idx AS toIdx, t.amount, t.fee, t.nonce, t.token_id AS tokenId, t.status,
  t.batch_number AS batchNumber, t.position, t.reason_code AS reasonCode, t.reason, t.received_at AS receivedAt,
  b.sealed_at AS sealedAt, b.committed_at AS committedAt, b.proven_at AS provenAt, b.finalized_at AS finalizedAt
  FROM txs t LEFT JOIN batches b ON b.number = t.batch_number`;

const L1_TX = `queue_index AS queueIndex, tx_type AS txType, idx, token_id AS tokenId, amount, eth_addr AS ethAddr, ax, ay,
  l1_tx_hash AS l1TxHash, block_number AS blockNumber, batch_number AS batchNumber FROM l1_txs`;

/** Where a tx is now: its own status until it is in a batch, then its batch's (docs/sequencer.md). */
export function txStatus(row: Pick<TxRow, 'status' | 'committedAt' | 'provenAt' | 'finalizedAt'>): TxRow['status'] | Exclude<BatchStatus, 'sealed'> {
  if (row.status !== 'included') return row.status;
  const s = batchStatus(row);
  return s === 'sealed' ? 'included' : s;
}

/** Where an L1 tx is now: pending until a batch consumes it, then its batch's status. */
export function l1TxStatus(batch: Pick<BatchSummaryRow, 'committedAt' | 'provenAt' | 'finalizedAt'> | undefined): 'pending' | 'included' | Exclude<BatchStatus, 'sealed'> {
  if (batch === undefined) return 'pending';
  const s = batchStatus(batch);
  return s === 'sealed' ? 'included' : s;
}

export class ExplorerReads {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Batches below `before`, newest first. */
  batches(before: number, limit: number): BatchSummaryRow[] {
    return this.#db.all<BatchSummaryRow>(`SELECT ${BATCH_SUMMARY} FROM batches WHERE number < ? ORDER BY number DESC LIMIT ?`, before, limit);
  }

  batch(number: number): BatchSummaryRow | undefined {
    return this.#db.get<BatchSummaryRow>(`SELECT ${BATCH_SUMMARY} FROM batches WHERE number = ?`, number);
  }

  /** Batches sealed or proven at or after `from`, oldest first. */
  batchesSince(from: number): BatchSummaryRow[] {
    return this.#db.all<BatchSummaryRow>(`SELECT ${BATCH_SUMMARY} FROM batches WHERE sealed_at >= ? OR proven_at >= ? ORDER BY number`, from, from);
  }

  tx(hash: string): TxRow | undefined {
    return this.#db.get<TxRow>(`SELECT ${TX} WHERE t.hash = ?`, hash);
  }

  /** L2 txs from or to `idx` with a sequence number below `beforeSeq`, newest first. */
  txsOfIdx(idx: number, beforeSeq: number, limit: number): TxRow[] {
    return this.#db.all<TxRow>(`SELECT ${TX} WHERE (t.from_idx = ? OR t.to_idx = ?) AND t.seq < ? ORDER BY t.seq DESC LIMIT ?`, idx, idx, beforeSeq, limit);
  }

  l1TxsOfIdx(idx: number, limit: number): L1TxRow[] {
    return this.#db.all<L1TxRow>(`SELECT ${L1_TX} WHERE idx = ? ORDER BY queue_index DESC LIMIT ?`, idx, limit);
  }

  l1TxsOfBatch(batchNumber: number): L1TxRow[] {
    return this.#db.all<L1TxRow>(`SELECT ${L1_TX} WHERE batch_number = ? ORDER BY queue_index`, batchNumber);
  }

  /** The L1 tx queued by the L1 transaction `l1TxHash` (lowercase 0x hex). */
  l1TxByHash(l1TxHash: string): L1TxRow | undefined {
    return this.#db.get<L1TxRow>(`SELECT ${L1_TX} WHERE l1_tx_hash = ? ORDER BY queue_index LIMIT 1`, l1TxHash);
  }

  txsOfBatch(batchNumber: number): TxRow[] {
    return this.#db.all<TxRow>(`SELECT ${TX} WHERE t.batch_number = ? ORDER BY t.position`, batchNumber);
  }

  /** idx of the accounts whose L1 address is `ethAddr` (decimal), ascending. */
  idxOfAddress(ethAddr: string): number[] {
    return this.#db.all<{ idx: number }>('SELECT idx FROM accounts WHERE eth_addr = ? ORDER BY idx', ethAddr).map((r) => r.idx);
  }

  /** Jobs not yet done, oldest batch first. */
  openJobs(): JobRow[] {
    return this.#jobs("j.status != 'done' ORDER BY j.batch_number", -1);
  }

  /** The newest jobs done. */
  doneJobs(limit: number): JobRow[] {
    return this.#jobs("j.status = 'done' ORDER BY j.batch_number DESC", limit);
  }

  /** Seal-to-proof times of every proven batch, by circuit. */
  proofTimes(): Array<{ circuitName: string; ms: number }> {
    return this.#db.all('SELECT circuit_name AS circuitName, proven_at - sealed_at AS ms FROM batches WHERE proven_at IS NOT NULL');
  }

  #jobs(where: string, limit: number): JobRow[] {
    return this.#db.all<JobRow>(
      `SELECT j.id AS jobId, j.batch_number AS batchNumber, j.status, j.worker, j.attempts, j.lease_expires_at AS leaseExpiresAt,
       j.last_error AS lastError, b.circuit_name AS circuitName, b.sealed_at AS sealedAt, b.proven_at AS provenAt
       FROM jobs j JOIN batches b ON b.number = j.batch_number WHERE ${where} LIMIT ?`,
      limit,
    );
  }
}
