import type { AccountLeaf } from './account.js';
import type { AccountEntry, AccountStore } from './account-store.js';
import { nodeKey, type NodeEntry, type NodeStore } from './node-store.js';

/**
 * Copy-on-write layers over a NodeStore and an AccountStore: reads fall through to the base, writes stay
 * in the layer until `flush()` hands them to the base in one all-or-nothing call. A batch is built on an
 * overlay, so a tx that turns out invalid halfway leaves the real state untouched.
 */
export class OverlayNodeStore implements NodeStore {
  readonly #base: NodeStore;
  readonly #writes = new Map<number, NodeEntry>();

  constructor(base: NodeStore) {
    this.#base = base;
  }

  getNode(level: number, index: number): bigint | undefined {
    const entry = this.#writes.get(nodeKey(level, index));
    if (entry === undefined) return this.#base.getNode(level, index);
    return entry.value ?? undefined;
  }

  putNodes(entries: readonly NodeEntry[]): void {
    for (const entry of entries) this.#writes.set(nodeKey(entry.level, entry.index), entry);
  }

  flush(): void {
    this.#base.putNodes([...this.#writes.values()]);
    this.#writes.clear();
  }
}

export class OverlayAccountStore implements AccountStore {
  readonly #base: AccountStore;
  readonly #writes = new Map<number, AccountEntry>();

  constructor(base: AccountStore) {
    this.#base = base;
  }

  getAccount(idx: number): AccountLeaf | undefined {
    const entry = this.#writes.get(idx);
    if (entry === undefined) return this.#base.getAccount(idx);
    return entry.account ?? undefined;
  }

  putAccounts(entries: readonly AccountEntry[]): void {
    for (const entry of entries) this.#writes.set(entry.idx, entry);
  }

  flush(): void {
    this.#base.putAccounts([...this.#writes.values()]);
    this.#writes.clear();
  }
}
