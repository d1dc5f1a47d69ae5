import { join } from 'node:path';
import { ModuloError } from '../../core/errors.js';
import { SqliteAccountStore } from './account-store.js';
import { BatchStore } from './batch-store.js';
import { Db, type Synchronous } from './db.js';
import { JobStore } from './job-store.js';
import { L1Store } from './l1-store.js';
import { MetaStore } from './meta-store.js';
import { SqliteNodeStore } from './node-store.js';
import { OutboxStore } from './outbox-store.js';
import { migrate } from './schema.js';
import { TxStore } from './tx-store.js';
import { UndoKind, UndoLog } from './undo-log.js';

/** What a database belongs to: opening it for another deployment is refused. */
export interface Deployment {
  readonly chainId: bigint;
  readonly rollupAddress: bigint;
  readonly depth: number;
}

export const DB_FILE = 'sequencer.sqlite';
const DEPLOYMENT_KEY = 'deployment';

/**
 * The sequencer's durable state in one SQLite database (WAL): the rollup state (nodes, accounts),
 * the mempool and tx outcomes, batches, prover jobs, the L1 queue and cursor, and the L1 outbox.
 */
export class Store {
  readonly db: Db;
  readonly meta: MetaStore;
  readonly undo: UndoLog;
  readonly nodes: SqliteNodeStore;
  readonly accounts: SqliteAccountStore;
  readonly txs: TxStore;
  readonly batches: BatchStore;
  readonly jobs: JobStore;
  readonly l1: L1Store;
  readonly outbox: OutboxStore;

  constructor(db: Db, deployment: Deployment) {
    this.db = db;
    migrate(db);
    this.meta = new MetaStore(db);
    this.undo = new UndoLog(db);
    this.nodes = new SqliteNodeStore(db, this.undo);
    this.accounts = new SqliteAccountStore(db, this.undo);
    this.txs = new TxStore(db);
    this.batches = new BatchStore(db);
    this.jobs = new JobStore(db);
    this.l1 = new L1Store(db, this.meta);
    this.outbox = new OutboxStore(db);
    this.#checkDeployment(deployment);
  }

  /** Opens (creating if needed) `<dataDir>/sequencer.sqlite`; ':memory:' for a throwaway store. */
  static open(dataDir: string, deployment: Deployment, synchronous?: Synchronous): Store {
    const path = dataDir === ':memory:' ? dataDir : join(dataDir, DB_FILE);
    return new Store(new Db(path, synchronous === undefined ? {} : { synchronous }), deployment);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  /**
   * Undoes every batch above `batchNumber`, newest first: state, batch records, jobs; their L2 txs go
   * back to pending and their L1 txs back to unconsumed. Only batches not committed on L1 can go.
   */
  rollbackTo(batchNumber: number, now: number): void {
    this.transaction(() => {
      const last = this.batches.lastNumber();
      for (let n = last; n > batchNumber; n--) {
        if (this.batches.get(n)?.committedAt != null) {
          throw new ModuloError('L1_REORG_TOO_DEEP', `batch ${n} is committed on L1 and cannot be rolled back`, { batchNumber: n });
        }
        this.nodes.restore(this.undo.entries(n, UndoKind.NODE));
        this.accounts.restore(this.undo.entries(n, UndoKind.ACCOUNT));
      }
      this.db.run('DELETE FROM batch_undo WHERE batch_number > ?', batchNumber);
      this.txs.reopenAfter(batchNumber);
      this.l1.unconsumeAfter(batchNumber);
      this.jobs.deleteAfter(batchNumber);
      this.outbox.cancelAfter(batchNumber, now);
      this.batches.deleteAfter(batchNumber);
    });
  }

  close(): void {
    this.db.close();
  }

  #checkDeployment(d: Deployment): void {
    const wanted = JSON.stringify({ chainId: d.chainId.toString(), rollupAddress: `0x${d.rollupAddress.toString(16)}`, depth: d.depth });
    const stored = this.meta.get(DEPLOYMENT_KEY);
    if (stored === undefined) this.meta.set(DEPLOYMENT_KEY, wanted);
    else if (stored !== wanted) {
      throw new ModuloError('STORE_MISMATCH', `the database in ${this.db.path} belongs to ${stored}, not ${wanted}`);
    }
  }
}
