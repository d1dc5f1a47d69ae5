import { ModuloError } from '../../core/errors.js';
import type { Db } from './db.js';

/**
 * The sequencer's tables. Field elements and amounts are decimal TEXT (SQLite integers are 64-bit);
 * node values are 64-digit hex. Every write that must be atomic with another is done in one
 * Db.transaction by the caller (the seal writes nodes, accounts, batch, txs, L1 txs and job together).
 */
const SCHEMA_VERSION = 2;

const DDL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- State: the tree's non-empty nodes (key = level * 2^32 + index) and the accounts' contents.
CREATE TABLE nodes (key INTEGER PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE accounts (
  idx INTEGER PRIMARY KEY, token_id INTEGER NOT NULL, nonce INTEGER NOT NULL, balance TEXT NOT NULL,
  ax TEXT NOT NULL, ay TEXT NOT NULL, eth_addr TEXT NOT NULL);
CREATE INDEX accounts_by_key ON accounts (ax, ay);

-- L2 txs: accepted (pending), included in a batch, or dropped at seal (rejected, with the reason).
CREATE TABLE txs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, hash TEXT NOT NULL UNIQUE,
  from_idx INTEGER NOT NULL, to_idx INTEGER NOT NULL, amount TEXT NOT NULL, fee TEXT NOT NULL,
  nonce INTEGER NOT NULL, token_id INTEGER NOT NULL, r8x TEXT NOT NULL, r8y TEXT NOT NULL, s TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'included', 'rejected')),
  batch_number INTEGER, position INTEGER, reason_code TEXT, reason TEXT, received_at INTEGER NOT NULL);
CREATE INDEX txs_pending ON txs (status, seq);
CREATE INDEX txs_by_batch ON txs (batch_number, position);

-- Batches, from seal to finalization; each stage has its time (NULL until reached).
CREATE TABLE batches (
  number INTEGER PRIMARY KEY, circuit_name TEXT NOT NULL, circuit_id INTEGER NOT NULL,
  old_state_root TEXT NOT NULL, new_state_root TEXT NOT NULL, public_input_hash TEXT NOT NULL,
  l1_queue_start INTEGER NOT NULL, l1_tx_count INTEGER NOT NULL, l2_tx_count INTEGER NOT NULL,
  l1_queue_start_hash TEXT NOT NULL, l1_queue_end_hash TEXT NOT NULL,
  fee_idx TEXT NOT NULL, tx_data TEXT NOT NULL, withdrawals TEXT NOT NULL, circuit_input TEXT NOT NULL,
  proof TEXT, sealed_at INTEGER NOT NULL, committed_at INTEGER, proven_at INTEGER, finalized_at INTEGER,
  commit_l1_tx TEXT, prove_l1_tx TEXT);

-- What a batch overwrote (old node and account values), so an uncommitted batch can be rolled back
-- after an L1 reorg removed an L1 tx it consumed. Pruned once the batch is committed on L1.
CREATE TABLE batch_undo (
  batch_number INTEGER NOT NULL, kind INTEGER NOT NULL, key INTEGER NOT NULL, value TEXT,
  PRIMARY KEY (batch_number, kind, key));

-- Prover jobs, one per batch; a lease expires back to the queue.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, batch_number INTEGER NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('queued', 'leased', 'done')),
  attempts INTEGER NOT NULL DEFAULT 0, lease_id TEXT, worker TEXT, lease_expires_at INTEGER,
  last_error TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX jobs_queue ON jobs (status, batch_number);

-- L1 txs seen in L1TxQueued events (after the configured confirmations), by queue index.
CREATE TABLE l1_txs (
  queue_index INTEGER PRIMARY KEY, tx_type INTEGER NOT NULL, idx INTEGER NOT NULL, token_id INTEGER NOT NULL,
  amount TEXT NOT NULL, eth_addr TEXT NOT NULL, ax TEXT NOT NULL, ay TEXT NOT NULL,
  queue_hash TEXT NOT NULL, block_number INTEGER NOT NULL, block_hash TEXT NOT NULL, l1_tx_hash TEXT NOT NULL,
  batch_number INTEGER);
CREATE INDEX l1_txs_by_batch ON l1_txs (batch_number, queue_index);

-- Hashes of L1 blocks the watcher has read (the cursor block and every block with an event): a
-- stored hash that no longer matches the chain is a reorg.
CREATE TABLE l1_blocks (number INTEGER PRIMARY KEY, hash TEXT NOT NULL);

-- L1 sends: a row is written, with the signed tx, before the tx is broadcast (persist before acting).
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, batch_number INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('commit', 'prove', 'cancel')), nonce INTEGER NOT NULL, attempt INTEGER NOT NULL,
  l1_tx_hash TEXT NOT NULL, raw TEXT NOT NULL, max_fee_per_gas TEXT NOT NULL, max_priority_fee_per_gas TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('signed', 'sent', 'mined', 'confirmed', 'replaced', 'failed', 'cancelled')),
  mined_block INTEGER, error TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, first_batch INTEGER,
  UNIQUE (batch_number, kind, attempt));
CREATE INDEX outbox_open ON outbox (status, id);
`;

export function migrate(db: Db): void {
  const row = db.get<{ user_version: number }>('PRAGMA user_version');
  const version = row?.user_version ?? 0;
  if (version === SCHEMA_VERSION) return;
  if (version === 1) {
    // v2: a prove send settles first_batch .. batch_number (null: batch_number alone).
    db.transaction(() => {
      db.exec('ALTER TABLE outbox ADD COLUMN first_batch INTEGER');
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    });
    return;
  }
  if (version !== 0) {
    throw new ModuloError('STORE_MISMATCH', `database schema version ${version}, this sequencer knows ${SCHEMA_VERSION}`);
  }
  db.transaction(() => {
    db.exec(DDL);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
}
