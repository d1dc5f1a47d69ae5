import type { AccountLeaf } from './account.js';

/**
 * Where a RollupState keeps account contents by idx (the tree keeps only their hashes). Synchronous,
 * like NodeStore, so a node:sqlite store can implement it; `putAccounts` must be all-or-nothing.
 */
export interface AccountStore {
  getAccount(idx: number): AccountLeaf | undefined;
  /** `null` removes the account. */
  putAccounts(entries: readonly AccountEntry[]): void;
}

export interface AccountEntry {
  readonly idx: number;
  readonly account: AccountLeaf | null;
}

export class MemoryAccountStore implements AccountStore {
  readonly #accounts = new Map<number, AccountLeaf>();

  get size(): number {
    return this.#accounts.size;
  }

  getAccount(idx: number): AccountLeaf | undefined {
    return this.#accounts.get(idx);
  }

  putAccounts(entries: readonly AccountEntry[]): void {
    for (const { idx, account } of entries) {
      if (account === null) this.#accounts.delete(idx);
      else this.#accounts.set(idx, account);
    }
  }
}
