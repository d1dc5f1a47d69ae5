import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';

export type Synchronous = 'FULL' | 'NORMAL';

export interface DbOptions {
  /**
   * NORMAL (the default) survives a killed process: a committed transaction is in the WAL before
   * COMMIT returns. FULL also survives power loss, at one fsync per transaction.
   */
  readonly synchronous?: Synchronous;
}

/**
 * One node:sqlite connection with cached statements and nestable transactions. Synchronous on
 * purpose: core's NodeStore and AccountStore are synchronous, so a batch's state, its record and its
 * prover job can be written in one transaction without an await in between (nothing else runs on the
 * event loop while it is open).
 */
export class Db {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  #depth = 0;

  constructor(path: string, options: DbOptions = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.#db = new DatabaseSync(path);
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous ?? 'NORMAL'};
      PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;`);
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  /** A prepared statement, compiled once per SQL text. */
  statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  run(sql: string, ...params: SQLInputValue[]): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.statement(sql).run(...params);
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  get inTransaction(): boolean {
    return this.#depth > 0;
  }

  /**
   * Runs `fn` in a transaction: all of its writes land, or none (also when the process dies inside
   * it). Nested calls become savepoints, so a store method that is atomic on its own stays atomic
   * inside a larger transaction. `fn` must be synchronous.
   */
  transaction<T>(fn: () => T): T {
    const depth = this.#depth;
    const savepoint = `sp${depth}`;
    this.#db.exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    this.#depth += 1;
    try {
      const result = fn();
      if (result instanceof Promise) throw new Error('invariant: Db.transaction takes a synchronous fn');
      this.#db.exec(depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      this.#db.exec(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw error;
    } finally {
      this.#depth = depth;
    }
  }

  close(): void {
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
  }
}
