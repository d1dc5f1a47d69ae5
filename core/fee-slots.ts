import { MAX_BALANCE, NULL_IDX } from './constants.js';
import { ModuloError } from './errors.js';
import { inTree, updateLeaf, type LeafUpdateWitness } from './leaf-update.js';
import type { RollupState } from './rollup-state.js';
import { assertIdx } from './tx.js';

/**
 * The operator's fee accounts of one batch (docs/protocol.md §3, "Fees"): fees accumulate per slot by
 * token while txs are applied, and each active slot's account is credited once after the last tx.
 */
export class FeeSlots {
  readonly feeIdx: readonly number[];
  readonly #tokens: ReadonlyArray<bigint | null>;
  readonly #totals: bigint[];

  /** Reads the fee accounts' tokens; call after the batch's L1 txs (they may create a fee account). */
  constructor(state: RollupState, feeIdx: readonly number[], feeSlots: number) {
    if (feeIdx.length > feeSlots) {
      throw new ModuloError('MALFORMED', `${feeIdx.length} fee accounts for ${feeSlots} fee slots`);
    }
    this.feeIdx = [...feeIdx, ...Array<number>(feeSlots - feeIdx.length).fill(NULL_IDX)];
    this.#tokens = this.feeIdx.map((idx) => {
      assertIdx(idx, 'feeIdx');
      if (idx === NULL_IDX) return null;
      if (!inTree(idx, state.depth) || !state.exists(idx)) {
        throw new ModuloError('UNKNOWN_ACCOUNT', `fee account ${idx} does not exist`, { idx });
      }
      return state.getAccount(idx).tokenId;
    });
    const active = this.#tokens.filter((t): t is bigint => t !== null);
    if (new Set(active).size !== active.length) {
      throw new ModuloError('MALFORMED', 'two fee accounts hold the same token', { feeIdx: this.feeIdx });
    }
    this.#totals = this.feeIdx.map(() => 0n);
  }

  /** The slot that collects fees in `tokenId`, or -1. */
  slotOf(tokenId: bigint): number {
    return this.#tokens.indexOf(tokenId);
  }

  /** Throws NO_FEE_SLOT for a non-zero fee in a token no fee account holds. */
  checkFee(tokenId: bigint, fee: bigint): void {
    if (fee > 0n && this.slotOf(tokenId) < 0) {
      throw new ModuloError('NO_FEE_SLOT', `no fee account for token ${tokenId} in this batch`, { tokenId: tokenId.toString() });
    }
  }

  collect(tokenId: bigint, fee: bigint): void {
    this.checkFee(tokenId, fee);
    if (fee > 0n) this.#totals[this.slotOf(tokenId)]! += fee;
  }

  /** Credits every slot's total to its account, in slot order (unused slots update leaf 0 to itself). */
  credit(state: RollupState): LeafUpdateWitness[] {
    return this.feeIdx.map((idx, slot) =>
      updateLeaf(state, idx, (before) => {
        const total = this.#totals[slot]!;
        if (idx === NULL_IDX) return null;
        if (before.balance + total > MAX_BALANCE) {
          throw new ModuloError('BALANCE_OVERFLOW', `fee account ${idx} balance would exceed 2^128 - 1`, { idx });
        }
        return { ...before, balance: before.balance + total };
      }),
    );
  }
}
