import { MAX_BALANCE, MAX_NONCE, TxType } from './constants.js';
import { ModuloError } from './errors.js';
import { verifyL2TxSignature } from './l2-tx-hash.js';
import { idleUpdate, inTree, updateLeaf, type LeafUpdateWitness } from './leaf-update.js';
import type { RollupState } from './rollup-state.js';
import { assertL2Tx, l2TxType, type L2Tx, type RollupDomain, type SignedL2Tx } from './tx.js';
import type { Withdrawal } from './withdrawals.js';

export interface L2TxOutcome {
  readonly sender: LeafUpdateWitness;
  readonly receiver: LeafUpdateWitness;
  readonly withdrawal: Withdrawal | null;
}

export interface ApplyL2Options {
  readonly domain: RollupDomain;
  /** Skip the EdDSA check when the caller already verified this exact tx (the sequencer does at ingest). */
  readonly signatureVerified?: boolean;
}

/**
 * Checks an L2 tx against the state, with the error a user would need to fix it; throws ModuloError and
 * changes nothing when it is invalid (docs/protocol.md §3, "L2 transactions").
 */
export function checkL2Tx(state: RollupState, tx: SignedL2Tx, options: ApplyL2Options): void {
  assertL2Tx(tx);
  const sender = existingAccount(state, tx.fromIdx, 'sender');
  if (sender.tokenId !== tx.tokenId) {
    throw new ModuloError('TOKEN_MISMATCH', `account ${tx.fromIdx} holds token ${sender.tokenId}, tx is for ${tx.tokenId}`, {
      idx: tx.fromIdx, accountToken: sender.tokenId.toString(), txToken: tx.tokenId.toString(),
    });
  }
  if (tx.nonce !== sender.nonce) {
    throw new ModuloError('WRONG_NONCE', `account ${tx.fromIdx} expects nonce ${sender.nonce}, got ${tx.nonce}`, {
      idx: tx.fromIdx, expected: sender.nonce.toString(), got: tx.nonce.toString(),
    });
  }
  if (tx.nonce === MAX_NONCE) throw new ModuloError('OUT_OF_RANGE', `account ${tx.fromIdx} has used every nonce`);
  if (!options.signatureVerified && !verifyL2TxSignature(tx, options.domain, sender)) {
    throw new ModuloError('INVALID_SIGNATURE', `signature does not verify for account ${tx.fromIdx}`, { idx: tx.fromIdx });
  }
  if (tx.amount + tx.fee > sender.balance) {
    throw new ModuloError('INSUFFICIENT_BALANCE', `account ${tx.fromIdx} has ${sender.balance}, needs ${tx.amount + tx.fee}`, {
      idx: tx.fromIdx, balance: sender.balance.toString(), needed: (tx.amount + tx.fee).toString(),
    });
  }
  if (l2TxType(tx) === TxType.TRANSFER) checkReceiver(state, tx);
}

function checkReceiver(state: RollupState, tx: L2Tx): void {
  const receiver = existingAccount(state, tx.toIdx, 'receiver');
  if (receiver.tokenId !== tx.tokenId) {
    throw new ModuloError('TOKEN_MISMATCH', `receiver ${tx.toIdx} holds token ${receiver.tokenId}, tx is for ${tx.tokenId}`, {
      idx: tx.toIdx, accountToken: receiver.tokenId.toString(), txToken: tx.tokenId.toString(),
    });
  }
  // A self-transfer's receiver is the sender after paying amount + fee: it cannot overflow.
  if (tx.toIdx !== tx.fromIdx && receiver.balance + tx.amount > MAX_BALANCE) {
    throw new ModuloError('BALANCE_OVERFLOW', `receiver ${tx.toIdx} balance would exceed 2^128 - 1`, { idx: tx.toIdx });
  }
}

function existingAccount(state: RollupState, idx: number, role: string) {
  if (!inTree(idx, state.depth) || !state.exists(idx)) {
    throw new ModuloError('UNKNOWN_ACCOUNT', `${role} account ${idx} does not exist`, { idx });
  }
  return state.getAccount(idx);
}

/** Checks, then applies: the sender pays amount + fee and its nonce grows, then the receiver is credited. */
export function applyL2Tx(state: RollupState, tx: SignedL2Tx, options: ApplyL2Options): L2TxOutcome {
  checkL2Tx(state, tx, options);
  const sender = updateLeaf(state, tx.fromIdx, (before) => ({
    ...before,
    balance: before.balance - tx.amount - tx.fee,
    nonce: before.nonce + 1n,
  }));
  if (l2TxType(tx) === TxType.WITHDRAW) {
    const receiver = idleUpdate(state);
    const withdrawal = tx.amount > 0n ? { ethAddr: sender.before.ethAddr, tokenId: tx.tokenId, amount: tx.amount } : null;
    return { sender, receiver, withdrawal };
  }
  const receiver = updateLeaf(state, tx.toIdx, (before) => ({ ...before, balance: before.balance + tx.amount }));
  return { sender, receiver, withdrawal: null };
}
