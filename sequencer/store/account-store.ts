import type { AccountLeaf } from '../../core/account.js';
import type { AccountEntry, AccountStore } from '../../core/account-store.js';
import type { Db } from './db.js';
import { UndoKind, type UndoLog } from './undo-log.js';

interface AccountRow {
  idx: number;
  token_id: number;
  nonce: number;
  balance: string;
  ax: string;
  ay: string;
  eth_addr: string;
}

const COLUMNS = 'idx, token_id, nonce, balance, ax, ay, eth_addr';

function toAccount(row: AccountRow): AccountLeaf {
  return {
    tokenId: BigInt(row.token_id),
    nonce: BigInt(row.nonce),
    balance: BigInt(row.balance),
    ax: BigInt(row.ax),
    ay: BigInt(row.ay),
    ethAddr: BigInt(row.eth_addr),
  };
}

/** core's AccountStore on SQLite, plus the lookup by public key the API needs. */
export class SqliteAccountStore implements AccountStore {
  readonly #db: Db;
  readonly #undo: UndoLog;

  constructor(db: Db, undo: UndoLog) {
    this.#db = db;
    this.#undo = undo;
  }

  getAccount(idx: number): AccountLeaf | undefined {
    const row = this.#db.get<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE idx = ?`, idx);
    return row === undefined ? undefined : toAccount(row);
  }

  /** All-or-nothing: one transaction, or a savepoint inside the caller's. */
  putAccounts(entries: readonly AccountEntry[]): void {
    this.#db.transaction(() => {
      for (const { idx, account } of entries) {
        if (this.#undo.recording) {
          const old = this.getAccount(idx);
          this.#undo.record(UndoKind.ACCOUNT, idx, old === undefined ? null : serializeAccount(old));
        }
        this.#write(idx, account);
      }
    });
  }

  /** Restores values recorded by the undo log. */
  restore(entries: ReadonlyArray<{ key: number; value: string | null }>): void {
    this.#db.transaction(() => {
      for (const { key, value } of entries) this.#write(key, value === null ? null : deserializeAccount(value));
    });
  }

  /** Every idx owned by the BabyJubJub key (ax, ay), ascending. */
  idxOfKey(ax: bigint, ay: bigint): number[] {
    return this.#db
      .all<{ idx: number }>('SELECT idx FROM accounts WHERE ax = ? AND ay = ? ORDER BY idx', ax.toString(), ay.toString())
      .map((row) => row.idx);
  }

  count(): number {
    return this.#db.get<{ n: number }>('SELECT count(*) AS n FROM accounts')?.n ?? 0;
  }

  #write(idx: number, account: AccountLeaf | null): void {
    if (account === null) {
      this.#db.run('DELETE FROM accounts WHERE idx = ?', idx);
      return;
    }
    this.#db.run(
      `INSERT INTO accounts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idx) DO UPDATE SET
        token_id = excluded.token_id, nonce = excluded.nonce, balance = excluded.balance,
        ax = excluded.ax, ay = excluded.ay, eth_addr = excluded.eth_addr`,
      idx,
      Number(account.tokenId),
      Number(account.nonce),
      account.balance.toString(),
      account.ax.toString(),
      account.ay.toString(),
      account.ethAddr.toString(),
    );
  }
}

function serializeAccount(a: AccountLeaf): string {
  return JSON.stringify([a.tokenId, a.nonce, a.balance, a.ax, a.ay, a.ethAddr].map(String));
}

function deserializeAccount(text: string): AccountLeaf {
  const [tokenId, nonce, balance, ax, ay, ethAddr] = (JSON.parse(text) as string[]).map((v) => BigInt(v));
  return { tokenId: tokenId!, nonce: nonce!, balance: balance!, ax: ax!, ay: ay!, ethAddr: ethAddr! };
}
