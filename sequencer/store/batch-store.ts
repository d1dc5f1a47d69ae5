import type { Db } from './db.js';

export type BatchStatus = 'sealed' | 'committed' | 'proven' | 'finalized';

/** A sealed batch as stored; bigints as decimal strings, bytes as 0x hex (what the API and L1 take). */
export interface BatchRecord {
  readonly number: number;
  readonly circuitName: string;
  readonly circuitId: number;
  readonly oldStateRoot: string;
  readonly newStateRoot: string;
  readonly publicInputHash: string;
  /** Queue index of the batch's first L1 tx (the next unconsumed one when it has none). */
  readonly l1QueueStart: number;
  readonly l1TxCount: number;
  readonly l2TxCount: number;
  readonly l1QueueStartHash: string;
  readonly l1QueueEndHash: string;
  readonly feeIdx: readonly number[];
  /** commitBatch's txData: the L2 slots, trailing NOOPs dropped. */
  readonly txData: string;
  /** commitBatch's withdrawals: 40-byte records. */
  readonly withdrawals: string;
  readonly sealedAt: number;
  readonly committedAt: number | null;
  readonly provenAt: number | null;
  readonly finalizedAt: number | null;
  readonly commitL1Tx: string | null;
  readonly proveL1Tx: string | null;
}

export type NewBatch = Omit<BatchRecord, 'committedAt' | 'provenAt' | 'finalizedAt' | 'commitL1Tx' | 'proveL1Tx'>;

/**
 * A batch moves sealed → committed (commit confirmed on L1) → proven (a verified proof is held) →
 * finalized (its proveBatches confirmed on L1). A proof that arrives before the commit is confirmed is
 * kept, and the batch reads as committed until then, so statuses only ever move forward in this order.
 */
export function batchStatus(b: Pick<BatchRecord, 'committedAt' | 'provenAt' | 'finalizedAt'>): BatchStatus {
  if (b.finalizedAt !== null) return 'finalized';
  if (b.committedAt === null) return 'sealed';
  return b.provenAt !== null ? 'proven' : 'committed';
}

interface BatchRow {
  number: number;
  circuit_name: string;
  circuit_id: number;
  old_state_root: string;
  new_state_root: string;
  public_input_hash: string;
  l1_queue_start: number;
  l1_tx_count: number;
  l2_tx_count: number;
  l1_queue_start_hash: string;
  l1_queue_end_hash: string;
  fee_idx: string;
  tx_data: string;
  withdrawals: string;
  sealed_at: number;
  committed_at: number | null;
  proven_at: number | null;
  finalized_at: number | null;
  commit_l1_tx: string | null;
  prove_l1_tx: string | null;
}

const COLUMNS = `number, circuit_name, circuit_id, old_state_root, new_state_root, public_input_hash, l1_queue_start,
  l1_tx_count, l2_tx_count, l1_queue_start_hash, l1_queue_end_hash, fee_idx, tx_data, withdrawals, sealed_at,
  committed_at, proven_at, finalized_at, commit_l1_tx, prove_l1_tx`;

function toRecord(r: BatchRow): BatchRecord {
  return {
    number: r.number,
    circuitName: r.circuit_name,
    circuitId: r.circuit_id,
    oldStateRoot: r.old_state_root,
    newStateRoot: r.new_state_root,
    publicInputHash: r.public_input_hash,
    l1QueueStart: r.l1_queue_start,
    l1TxCount: r.l1_tx_count,
    l2TxCount: r.l2_tx_count,
    l1QueueStartHash: r.l1_queue_start_hash,
    l1QueueEndHash: r.l1_queue_end_hash,
    feeIdx: JSON.parse(r.fee_idx) as number[],
    txData: r.tx_data,
    withdrawals: r.withdrawals,
    sealedAt: r.sealed_at,
    committedAt: r.committed_at,
    provenAt: r.proven_at,
    finalizedAt: r.finalized_at,
    commitL1Tx: r.commit_l1_tx,
    proveL1Tx: r.prove_l1_tx,
  };
}

export class BatchStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  insert(b: NewBatch, circuitInputJson: string): void {
    this.#db.run(
      `INSERT INTO batches (number, circuit_name, circuit_id, old_state_root, new_state_root, public_input_hash,
        l1_queue_start, l1_tx_count, l2_tx_count, l1_queue_start_hash, l1_queue_end_hash, fee_idx, tx_data, withdrawals,
        circuit_input, sealed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      b.number, b.circuitName, b.circuitId, b.oldStateRoot, b.newStateRoot, b.publicInputHash, b.l1QueueStart,
      b.l1TxCount, b.l2TxCount, b.l1QueueStartHash, b.l1QueueEndHash, JSON.stringify(b.feeIdx), b.txData,
      b.withdrawals, circuitInputJson, b.sealedAt,
    );
  }

  get(number: number): BatchRecord | undefined {
    const row = this.#db.get<BatchRow>(`SELECT ${COLUMNS} FROM batches WHERE number = ?`, number);
    return row === undefined ? undefined : toRecord(row);
  }

  /** The newest sealed batch number; 0 (genesis) when none. */
  lastNumber(): number {
    return this.#db.get<{ n: number | null }>('SELECT max(number) AS n FROM batches')?.n ?? 0;
  }

  /** The newest batch that reached `status` (or further); 0 when none. */
  lastWith(status: Exclude<BatchStatus, 'sealed'>): number {
    const column = { committed: 'committed_at', proven: 'proven_at', finalized: 'finalized_at' }[status];
    const extra = status === 'proven' ? ' AND committed_at IS NOT NULL' : '';
    return this.#db.get<{ n: number | null }>(`SELECT max(number) AS n FROM batches WHERE ${column} IS NOT NULL${extra}`)?.n ?? 0;
  }

  /** Batches not yet committed on L1, oldest first. */
  uncommitted(): BatchRecord[] {
    return this.#db.all<BatchRow>(`SELECT ${COLUMNS} FROM batches WHERE committed_at IS NULL ORDER BY number`).map(toRecord);
  }

  circuitInputJson(number: number): string | undefined {
    return this.#db.get<{ circuit_input: string }>('SELECT circuit_input FROM batches WHERE number = ?', number)?.circuit_input;
  }

  proofJson(number: number): string | null {
    return this.#db.get<{ proof: string | null }>('SELECT proof FROM batches WHERE number = ?', number)?.proof ?? null;
  }

  setProof(number: number, proofJson: string, at: number): void {
    this.#db.run('UPDATE batches SET proof = ?, proven_at = ? WHERE number = ? AND proven_at IS NULL', proofJson, at, number);
  }

  /** Forgets a proof L1 refused: the batch waits for a new one. */
  clearProof(number: number): void {
    this.#db.run('UPDATE batches SET proof = NULL, proven_at = NULL WHERE number = ? AND finalized_at IS NULL', number);
  }

  setCommitted(number: number, l1TxHash: string, at: number): void {
    this.#db.run('UPDATE batches SET committed_at = ?, commit_l1_tx = ? WHERE number = ? AND committed_at IS NULL', at, l1TxHash, number);
  }

  setFinalized(number: number, l1TxHash: string, at: number): void {
    this.#db.run('UPDATE batches SET finalized_at = ?, prove_l1_tx = ? WHERE number = ? AND finalized_at IS NULL', at, l1TxHash, number);
  }

  /**
   * Marks every batch up to `number` finalized that is not yet (L1 finalized them: one settlement finalizes
   * all its batches, and anyone may send one); their settling tx is not known here.
   */
  finalizeUpTo(number: number, at: number): void {
    this.#db.run('UPDATE batches SET finalized_at = ? WHERE number <= ? AND finalized_at IS NULL', at, number);
  }

  deleteAfter(number: number): void {
    this.#db.run('DELETE FROM batches WHERE number > ?', number);
  }
}
