import { getAddress } from 'ethers';
import { readHistory, type RollupHistory } from '../audit/l1-history.js';
import { replayHistory } from '../audit/replay-history.js';
import type { AccountLeaf } from '../core/account.js';
import { toBytesBE, toHex } from '../core/bits.js';
import { TxType } from '../core/constants.js';
import { ModuloError } from '../core/errors.js';
import type { RollupState } from '../core/rollup-state.js';
import type { L1TxQueuedEvent } from '../l1/rollup-events.js';
import type { L1Context } from './context.js';

/**
 * What exodus needs from L1 alone, with no sequencer: the rollup's history (audit/l1-history.ts) and the
 * state as of the last finalized batch, rebuilt with the auditor's replay (audit/replay-history.ts) from
 * the queued L1 txs and each commit's calldata, and checked against the root the contract holds.
 */
export interface FinalizedState {
  readonly history: RollupHistory;
  /** The state as of `lastFinalized`: its root is the contract's lastFinalizedStateRoot. */
  readonly state: RollupState;
  readonly lastFinalized: number;
  readonly stateRoot: bigint;
  /** Wall time of reading L1 and replaying, in milliseconds. */
  readonly replayMs: number;
}

/** The key and L1 address whose accounts and deposits exodus looks for. */
export interface ExodusOwner {
  readonly ax: bigint;
  readonly ay: bigint;
  /** Checksummed. */
  readonly l1Address: string;
}

/** An L2 account of the owner in the last finalized state. */
export interface OwnedLeaf {
  readonly idx: number;
  readonly leaf: AccountLeaf;
  /** The address withdrawExodus credits (the leaf's ethAddr, the account's first depositor). */
  readonly ethAddr: string;
}

export const addressOf = (value: bigint): string => getAddress(toHex(toBytesBE(value, 20)));

/** Reads the rollup's history from L1 (the deployment block from the network file, or found by bisection). */
export function readRollupHistory(ctx: L1Context): Promise<RollupHistory> {
  return readHistory(ctx.provider, ctx.endpoints.rollupAddress, ctx.endpoints.deployBlock > 0 ? ctx.endpoints.deployBlock : undefined);
}

/**
 * Replays every batch up to the last finalized one (later commits are unproven, and void once exodus is
 * active) and checks the result against the contract: REPLAY_MISMATCH names the first batch that L1 data
 * does not rebuild, or the root that differs.
 */
export async function finalizedState(ctx: L1Context): Promise<FinalizedState> {
  const started = performance.now();
  const history = await readRollupHistory(ctx);
  const lastFinalized = history.onChain.lastFinalized;
  const replay = await replayHistory(ctx.provider, { ...history, onChain: { ...history.onChain, lastCommitted: lastFinalized } });
  const finding = replay.findings[0];
  if (finding !== undefined) {
    throw new ModuloError('REPLAY_MISMATCH', `L1 data does not rebuild the finalized state: batch ${finding.batchNumber ?? '-'}, ${finding.check}: ${finding.message}`, { ...finding });
  }
  const expected = history.onChain.lastFinalizedStateRoot;
  if (replay.stateRoot !== expected) {
    throw new ModuloError('REPLAY_MISMATCH', `the replay of batches 1..${lastFinalized} gives root ${replay.stateRoot}, the contract's last finalized root is ${expected}`, { replayed: replay.stateRoot, onChain: expected });
  }
  return { history, state: replay.state, lastFinalized, stateRoot: expected, replayMs: performance.now() - started };
}

const isNewAccount = (q: L1TxQueuedEvent): boolean => q.tx.txType === TxType.DEPOSIT && (q.tx.ax !== 0n || q.tx.ay !== 0n);

/**
 * The owner's L2 accounts in the finalized state: the leaves whose key is the owner's, or whose ethAddr
 * (where exodus credits them) is the owner's L1 address. Accounts are only ever created by deposits, so
 * the candidates are the idx of every queued new-account deposit.
 */
export function ownedLeaves(f: FinalizedState, owner: ExodusOwner): OwnedLeaf[] {
  const l1Address = BigInt(owner.l1Address);
  const idxs = [...new Set(f.history.queue.filter(isNewAccount).map((q) => q.tx.idx))].sort((a, b) => a - b);
  return idxs
    .filter((idx) => f.state.exists(idx))
    .map((idx) => ({ idx, leaf: f.state.getAccount(idx) }))
    .filter(({ leaf }) => (leaf.ax === owner.ax && leaf.ay === owner.ay) || leaf.ethAddr === l1Address)
    .map(({ idx, leaf }) => ({ idx, leaf, ethAddr: addressOf(leaf.ethAddr) }));
}

/** The owner's deposits (queued by its L1 address) that no finalized batch consumed: what refundDeposit returns. */
export function unprocessedDeposits(history: RollupHistory, finalizedQueueEnd: number, owner: ExodusOwner): L1TxQueuedEvent[] {
  const l1Address = BigInt(owner.l1Address);
  return history.queue.filter((q) => q.queueIndex >= finalizedQueueEnd && q.tx.txType === TxType.DEPOSIT && q.tx.ethAddr === l1Address && q.tx.amount > 0n);
}
