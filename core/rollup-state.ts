import { accountExists, accountLeafValue, EMPTY_ACCOUNT, type AccountLeaf } from './account.js';
import { MemoryAccountStore, type AccountStore } from './account-store.js';
import { MemoryNodeStore, type NodeStore } from './node-store.js';
import { OverlayAccountStore, OverlayNodeStore } from './overlay-store.js';
import { StateTree, type MerkleProof } from './state-tree.js';

/**
 * The L2 state: account contents by idx plus the tree of their leaf hashes, kept in step. `fork()` gives
 * a copy-on-write view whose changes reach this state only through `merge()`; batches are built on forks.
 */
export class RollupState {
  readonly depth: number;
  readonly #nodes: NodeStore;
  readonly #accounts: AccountStore;
  readonly #tree: StateTree;

  constructor(depth: number, nodes: NodeStore = new MemoryNodeStore(), accounts: AccountStore = new MemoryAccountStore()) {
    this.depth = depth;
    this.#nodes = nodes;
    this.#accounts = accounts;
    this.#tree = new StateTree(depth, nodes);
  }

  get root(): bigint {
    return this.#tree.root;
  }

  /** The account at idx, EMPTY_ACCOUNT when there is none. */
  getAccount(idx: number): AccountLeaf {
    return this.#accounts.getAccount(idx) ?? EMPTY_ACCOUNT;
  }

  exists(idx: number): boolean {
    return this.#tree.getLeaf(idx) !== 0n;
  }

  prove(idx: number): MerkleProof {
    return this.#tree.prove(idx);
  }

  setAccount(idx: number, account: AccountLeaf): void {
    this.setAccounts([[idx, account]]);
  }

  /** Sets many accounts with one batched tree update (hashes each touched node once). */
  setAccounts(entries: ReadonlyArray<readonly [number, AccountLeaf]>): void {
    this.#tree.setLeaves(entries.map(([idx, account]) => [idx, accountLeafValue(account)] as const));
    this.#accounts.putAccounts(entries.map(([idx, account]) => ({ idx, account: accountExists(account) ? account : null })));
  }

  fork(): ForkedRollupState {
    return new ForkedRollupState(this.depth, new OverlayNodeStore(this.#nodes), new OverlayAccountStore(this.#accounts));
  }
}

export class ForkedRollupState extends RollupState {
  readonly #nodes: OverlayNodeStore;
  readonly #accounts: OverlayAccountStore;

  constructor(depth: number, nodes: OverlayNodeStore, accounts: OverlayAccountStore) {
    super(depth, nodes, accounts);
    this.#nodes = nodes;
    this.#accounts = accounts;
  }

  /**
   * Writes this fork's changes into the state it was forked from. A persistent base must run this inside
   * one database transaction: the nodes and the accounts are two calls.
   */
  merge(): void {
    this.#nodes.flush();
    this.#accounts.flush();
  }
}
