import { accountExists, type AccountLeaf } from '../core/account.js';
import { ModuloError } from '../core/errors.js';
import { RollupState, type ForkedRollupState } from '../core/rollup-state.js';
import type { MerkleProof } from '../core/state-tree.js';

/**
 * The accounts as they will be once every L1 tx seen and every L2 tx accepted so far is applied: a
 * RollupState whose tree is not maintained. Core's own applyL1Tx / checkL2Tx / applyL2Tx / FeeSlots run
 * on it unchanged, so ingest checks are exactly the protocol's, but without hashing a single node
 * (the tree is updated once, when a batch is built). Roots and proofs of this view mean nothing.
 */
export class PendingState extends RollupState {
  readonly #base: RollupState;
  readonly #accounts = new Map<number, AccountLeaf>();

  constructor(base: RollupState) {
    super(base.depth);
    this.#base = base;
  }

  override get root(): bigint {
    throw new ModuloError('MALFORMED', 'a pending view has no root');
  }

  override getAccount(idx: number): AccountLeaf {
    return this.#accounts.get(idx) ?? this.#base.getAccount(idx);
  }

  override exists(idx: number): boolean {
    return accountExists(this.getAccount(idx));
  }

  /** Witnesses are not needed here: an empty path keeps core's leaf updates cheap. */
  override prove(idx: number): MerkleProof {
    return { idx, leaf: 0n, siblings: [] };
  }

  override setAccounts(entries: ReadonlyArray<readonly [number, AccountLeaf]>): void {
    for (const [idx, account] of entries) this.#accounts.set(idx, account);
  }

  override fork(): ForkedRollupState {
    throw new ModuloError('MALFORMED', 'a pending view cannot be forked');
  }

  /** Accounts this view differs from its base in. */
  get size(): number {
    return this.#accounts.size;
  }

  /**
   * Drops entries that equal the base (after a batch moved the base forward): they no longer carry
   * anything pending. Only `idxs` (the accounts the batch touched) can have become equal.
   */
  prune(idxs: Iterable<number>): void {
    for (const idx of idxs) {
      const mine = this.#accounts.get(idx);
      if (mine !== undefined && sameAccount(mine, this.#base.getAccount(idx))) this.#accounts.delete(idx);
    }
  }
}

function sameAccount(a: AccountLeaf, b: AccountLeaf): boolean {
  return a.balance === b.balance && a.nonce === b.nonce && a.tokenId === b.tokenId && a.ethAddr === b.ethAddr && a.ax === b.ax && a.ay === b.ay;
}
