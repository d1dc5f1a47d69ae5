import { hexToNumber } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { toBytesBE } from '../../core/bits.js';
import { nodeKey, type NodeEntry, type NodeStore } from '../../core/node-store.js';
import type { Db } from './db.js';
import { UndoKind, type UndoLog } from './undo-log.js';

/** core's NodeStore on SQLite: one row per non-empty node, value as 64 hex digits. */
export class SqliteNodeStore implements NodeStore {
  readonly #db: Db;
  readonly #undo: UndoLog;

  constructor(db: Db, undo: UndoLog) {
    this.#db = db;
    this.#undo = undo;
  }

  getNode(level: number, index: number): bigint | undefined {
    const value = this.#read(nodeKey(level, index));
    return value === null ? undefined : hexToNumber(value);
  }

  /** All-or-nothing: one transaction, or a savepoint inside the caller's. */
  putNodes(entries: readonly NodeEntry[]): void {
    this.#db.transaction(() => {
      for (const { level, index, value } of entries) {
        const key = nodeKey(level, index);
        if (this.#undo.recording) this.#undo.record(UndoKind.NODE, key, this.#read(key));
        this.#write(key, value === null ? null : bytesToHex(toBytesBE(value, 32)));
      }
    });
  }

  /** Restores raw values recorded by the undo log. */
  restore(entries: ReadonlyArray<{ key: number; value: string | null }>): void {
    this.#db.transaction(() => {
      for (const { key, value } of entries) this.#write(key, value);
    });
  }

  #read(key: number): string | null {
    return this.#db.get<{ value: string }>('SELECT value FROM nodes WHERE key = ?', key)?.value ?? null;
  }

  #write(key: number, value: string | null): void {
    if (value === null) this.#db.run('DELETE FROM nodes WHERE key = ?', key);
    else this.#db.run('INSERT INTO nodes (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
  }
}
