import { ModuloError } from '../core/errors.js';
import { inTree } from '../core/leaf-update.js';
import type { RollupState } from '../core/rollup-state.js';
import type { L2Tx } from '../core/tx.js';

/** One operator fee account: fees in `tokenId` are credited to `idx`; a tx must pay at least `minFee`. */
export interface FeeAccount {
  readonly tokenId: bigint;
  readonly idx: number;
  readonly minFee: bigint;
}

/**
 * The operator's fee accounts (one per token) and minimum fees. A token without a fee account has no
 * fee slot: its txs must carry fee 0 (and are accepted for free).
 */
export class FeePolicy {
  readonly accounts: readonly FeeAccount[];
  readonly #byToken = new Map<bigint, FeeAccount>();

  constructor(accounts: readonly FeeAccount[]) {
    for (const account of accounts) {
      if (this.#byToken.has(account.tokenId)) {
        throw new ModuloError('MALFORMED', `two fee accounts for token ${account.tokenId}`, { tokenId: account.tokenId.toString() });
      }
      this.#byToken.set(account.tokenId, account);
    }
    this.accounts = accounts;
  }

  accountFor(tokenId: bigint): FeeAccount | undefined {
    return this.#byToken.get(tokenId);
  }

  minFee(tokenId: bigint): bigint {
    return this.#byToken.get(tokenId)?.minFee ?? 0n;
  }

  /** Throws FEE_TOO_LOW or NO_FEE_SLOT; `state` tells whether the fee account exists yet. */
  check(tx: L2Tx, state: RollupState): void {
    const account = this.#byToken.get(tx.tokenId);
    const minFee = account?.minFee ?? 0n;
    if (tx.fee < minFee) {
      throw new ModuloError('FEE_TOO_LOW', `fee ${tx.fee} is below the minimum ${minFee} for token ${tx.tokenId}`, {
        tokenId: tx.tokenId.toString(),
        fee: tx.fee.toString(),
        minFee: minFee.toString(),
      });
    }
    if (tx.fee === 0n) return;
    const usable = account !== undefined && inTree(account.idx, state.depth) && state.exists(account.idx) &&
      state.getAccount(account.idx).tokenId === tx.tokenId;
    if (!usable) {
      throw new ModuloError('NO_FEE_SLOT', `this operator collects no fees in token ${tx.tokenId}; send fee 0`, {
        tokenId: tx.tokenId.toString(),
      });
    }
  }
}
