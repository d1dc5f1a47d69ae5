import type { Db } from './db.js';

/** Small named values: the L1 cursor, the deployment this database belongs to. */
export class MetaStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  get(key: string): string | undefined {
    return this.#db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', key)?.value;
  }

  set(key: string, value: string): void {
    this.#db.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
  }
}
