import type { L1Tx } from '../../core/tx.js';
import { L1_QUEUE_GENESIS_HASH } from '../../core/l1-queue.js';
import type { Db } from './db.js';
import type { MetaStore } from './meta-store.js';

/** An L1 tx from an L1TxQueued event, with where it was seen and the batch that consumed it. */
export interface StoredL1Tx {
  readonly queueIndex: number;
  readonly tx: L1Tx;
  /** l1QueueHash[queueIndex + 1], the chain after this tx. */
  readonly queueHash: bigint;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly l1TxHash: string;
  readonly batchNumber: number | null;
}

interface L1TxRow {
  queue_index: number;
  tx_type: number;
  idx: number;
  token_id: number;
  amount: string;
  eth_addr: string;
  ax: string;
  ay: string;
  queue_hash: string;
  block_number: number;
  block_hash: string;
  l1_tx_hash: string;
  batch_number: number | null;
}

function toStored(r: L1TxRow): StoredL1Tx {
  return {
    queueIndex: r.queue_index,
    tx: {
      txType: r.tx_type as L1Tx['txType'],
      idx: r.idx,
      tokenId: BigInt(r.token_id),
      amount: BigInt(r.amount),
      ethAddr: BigInt(r.eth_addr),
      ax: BigInt(r.ax),
      ay: BigInt(r.ay),
    },
    queueHash: BigInt(r.queue_hash),
    blockNumber: r.block_number,
    blockHash: r.block_hash,
    l1TxHash: r.l1_tx_hash,
    batchNumber: r.batch_number,
  };
}

const CURSOR_KEY = 'l1.cursor';

/** The L1 queue as seen by the watcher, its read position and the block hashes that detect reorgs. */
export class L1Store {
  readonly #db: Db;
  readonly #meta: MetaStore;

  constructor(db: Db, meta: MetaStore) {
    this.#db = db;
    this.#meta = meta;
  }

  insert(entries: readonly Omit<StoredL1Tx, 'batchNumber'>[]): void {
    this.#db.transaction(() => {
      for (const e of entries) {
        this.#db.run(
          `INSERT INTO l1_txs (queue_index, tx_type, idx, token_id, amount, eth_addr, ax, ay, queue_hash, block_number,
           block_hash, l1_tx_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          e.queueIndex, e.tx.txType, e.tx.idx, Number(e.tx.tokenId), e.tx.amount.toString(), e.tx.ethAddr.toString(),
          e.tx.ax.toString(), e.tx.ay.toString(), e.queueHash.toString(), e.blockNumber, e.blockHash, e.l1TxHash,
        );
      }
    });
  }

  get(queueIndex: number): StoredL1Tx | undefined {
    const row = this.#db.get<L1TxRow>('SELECT * FROM l1_txs WHERE queue_index = ?', queueIndex);
    return row === undefined ? undefined : toStored(row);
  }

  /** L1 txs no batch has consumed, in queue order. */
  unconsumed(limit = -1): StoredL1Tx[] {
    return this.#db
      .all<L1TxRow>('SELECT * FROM l1_txs WHERE batch_number IS NULL ORDER BY queue_index LIMIT ?', limit)
      .map(toStored);
  }

  byBatch(batchNumber: number): StoredL1Tx[] {
    return this.#db.all<L1TxRow>('SELECT * FROM l1_txs WHERE batch_number = ? ORDER BY queue_index', batchNumber).map(toStored);
  }

  /** How many L1 txs have been seen (the next queue index expected). */
  length(): number {
    return (this.#db.get<{ n: number | null }>('SELECT max(queue_index) AS n FROM l1_txs')?.n ?? -1) + 1;
  }

  /** The first queue index no batch has consumed. */
  nextUnconsumed(): number {
    return (this.#db.get<{ n: number | null }>('SELECT max(queue_index) AS n FROM l1_txs WHERE batch_number IS NOT NULL')?.n ?? -1) + 1;
  }

  /** l1QueueHash[queueIndex]: the chain before the tx at queueIndex. */
  hashBefore(queueIndex: number): bigint {
    if (queueIndex === 0) return L1_QUEUE_GENESIS_HASH;
    const row = this.#db.get<{ queue_hash: string }>('SELECT queue_hash FROM l1_txs WHERE queue_index = ?', queueIndex - 1);
    if (row === undefined) throw new Error(`invariant: L1 tx ${queueIndex - 1} has not been seen (L1 txs are stored in queue order, from 0)`);
    return BigInt(row.queue_hash);
  }

  markConsumed(fromIndex: number, count: number, batchNumber: number): void {
    this.#db.run('UPDATE l1_txs SET batch_number = ? WHERE queue_index >= ? AND queue_index < ?', batchNumber, fromIndex, fromIndex + count);
  }

  /** Un-consumes the L1 txs of batches above `batchNumber` (a rollback). */
  unconsumeAfter(batchNumber: number): void {
    this.#db.run('UPDATE l1_txs SET batch_number = NULL WHERE batch_number > ?', batchNumber);
  }

  /** The oldest batch that consumed an L1 tx seen in a block above `blockNumber`, or null. */
  oldestBatchConsumingAbove(blockNumber: number): number | null {
    return this.#db.get<{ n: number | null }>('SELECT min(batch_number) AS n FROM l1_txs WHERE block_number > ?', blockNumber)?.n ?? null;
  }

  /** Forgets L1 txs and block hashes above `blockNumber` (after a reorg); returns how many txs. */
  forgetAbove(blockNumber: number): number {
    return this.#db.transaction(() => {
      this.#db.run('DELETE FROM l1_blocks WHERE number > ?', blockNumber);
      return Number(this.#db.run('DELETE FROM l1_txs WHERE block_number > ?', blockNumber).changes);
    });
  }

  /** The last block the watcher has fully read, or null before the first read. */
  cursor(): number | null {
    const value = this.#meta.get(CURSOR_KEY);
    return value === undefined ? null : Number(value);
  }

  setCursor(blockNumber: number): void {
    this.#meta.set(CURSOR_KEY, String(blockNumber));
  }

  putBlock(number: number, hash: string): void {
    this.#db.run('INSERT INTO l1_blocks (number, hash) VALUES (?, ?) ON CONFLICT (number) DO UPDATE SET hash = excluded.hash', number, hash);
  }

  /** Stored block hashes at or below `number`, newest first. */
  blocksFrom(number: number, limit: number): Array<{ number: number; hash: string }> {
    return this.#db.all('SELECT number, hash FROM l1_blocks WHERE number <= ? ORDER BY number DESC LIMIT ?', number, limit);
  }

  /** Keeps the newest `count` block hashes (reorgs deeper than those are out of scope). */
  keepNewestBlocks(count: number): void {
    this.#db.run('DELETE FROM l1_blocks WHERE number NOT IN (SELECT number FROM l1_blocks ORDER BY number DESC LIMIT ?)', count);
  }
}
