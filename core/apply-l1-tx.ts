import { EMPTY_ACCOUNT } from './account.js';
import { MAX_BALANCE, NULL_IDX, TxType } from './constants.js';
import { idleUpdate, inTree, updateLeaf, type LeafUpdateWitness } from './leaf-update.js';
import type { RollupState } from './rollup-state.js';
import { assertL1Tx, createsAccount, type L1Tx } from './tx.js';
import type { Withdrawal } from './withdrawals.js';

export interface L1TxOutcome {
  /** False when the tx was processed as a no-op (docs/protocol.md §3). */
  readonly valid: boolean;
  readonly sender: LeafUpdateWitness;
  readonly receiver: LeafUpdateWitness;
  readonly withdrawal: Withdrawal | null;
}

/**
 * Applies a queued L1 tx. Never throws for a tx that is invalid in the current state: it becomes a
 * no-op, and a deposit's amount is refunded as a withdrawal. Throws only for malformed field ranges.
 */
export function applyL1Tx(state: RollupState, tx: L1Tx): L1TxOutcome {
  assertL1Tx(tx);
  // A side reads the leaf at tx.idx when idx is inside the tree, leaf 0 otherwise (then always invalid).
  const idx = inTree(tx.idx, state.depth) ? tx.idx : NULL_IDX;
  return tx.txType === TxType.DEPOSIT ? applyDeposit(state, tx, idx) : applyForcedExit(state, tx, idx);
}

function applyDeposit(state: RollupState, tx: L1Tx, idx: number): L1TxOutcome {
  const sender = idleUpdate(state);
  let valid = false;
  const receiver = updateLeaf(state, idx, (before) => {
    const exists = state.exists(idx);
    if (idx === NULL_IDX) return null;
    if (createsAccount(tx)) {
      if (exists || tx.ethAddr === 0n) return null;
      valid = true;
      return { ...EMPTY_ACCOUNT, tokenId: tx.tokenId, balance: tx.amount, ax: tx.ax, ay: tx.ay, ethAddr: tx.ethAddr };
    }
    if (!exists || before.tokenId !== tx.tokenId || before.balance + tx.amount > MAX_BALANCE) return null;
    valid = true;
    return { ...before, balance: before.balance + tx.amount };
  });
  const withdrawal = !valid && tx.amount > 0n ? { ethAddr: tx.ethAddr, tokenId: tx.tokenId, amount: tx.amount } : null;
  return { valid, sender, receiver, withdrawal };
}

function applyForcedExit(state: RollupState, tx: L1Tx, idx: number): L1TxOutcome {
  let valid = false;
  let withdrawal: Withdrawal | null = null;
  const sender = updateLeaf(state, idx, (before) => {
    if (idx === NULL_IDX || !state.exists(idx) || before.ethAddr !== tx.ethAddr) return null;
    valid = true;
    if (before.balance > 0n) withdrawal = { ethAddr: before.ethAddr, tokenId: before.tokenId, amount: before.balance };
    return { ...before, balance: 0n };
  });
  const receiver = idleUpdate(state);
  return { valid, sender, receiver, withdrawal };
}
