import type { Db } from './db.js';

export const UndoKind = { NODE: 0, ACCOUNT: 1 } as const;
export type UndoKind = (typeof UndoKind)[keyof typeof UndoKind];

/**
 * While a batch is merged into the state, the node and account stores record here the value each key
 * had before the batch (the first write per key wins), so the batch can be undone later. Recording is
 * off outside `during`.
 */
export class UndoLog {
  readonly #db: Db;
  #batchNumber: number | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  get recording(): boolean {
    return this.#batchNumber !== null;
  }

  /** Runs `fn` (inside the caller's transaction) recording the old values it overwrites under `batchNumber`. */
  during<T>(batchNumber: number, fn: () => T): T {
    this.#batchNumber = batchNumber;
    try {
      return fn();
    } finally {
      this.#batchNumber = null;
    }
  }

  record(kind: UndoKind, key: number, oldValue: string | null): void {
    if (this.#batchNumber === null) return;
    this.#db.run(
      'INSERT OR IGNORE INTO batch_undo (batch_number, kind, key, value) VALUES (?, ?, ?, ?)',
      this.#batchNumber,
      kind,
      key,
      oldValue,
    );
  }

  /** The recorded old values of a batch. */
  entries(batchNumber: number, kind: UndoKind): Array<{ key: number; value: string | null }> {
    return this.#db.all('SELECT key, value FROM batch_undo WHERE batch_number = ? AND kind = ?', batchNumber, kind);
  }

  forget(upToBatch: number): void {
    this.#db.run('DELETE FROM batch_undo WHERE batch_number <= ?', upToBatch);
  }
}
