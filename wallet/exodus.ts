import type { RollupHistory } from '../audit/l1-history.js';
import { credits } from './claim.js';
import type { L1Context } from './context.js';
import { l1Error } from './contract-errors.js';
import { ModuloError } from '../core/errors.js';
import {
  addressOf, finalizedState, ownedLeaves, readRollupHistory, unprocessedDeposits, type ExodusOwner, type FinalizedState,
} from './exodus-state.js';
import type { WalletAccount } from './keystore.js';
import { sendL1 } from './l1-txs.js';
import { listTokens, type TokenInfo } from './tokens.js';

/**
 * Exodus from the user's side (docs/protocol.md §10, docs/wallet.md): whether it is due, activating it,
 * and taking out, from L1 data alone, the account balances of the last finalized state (withdrawExodus,
 * with a Merkle proof rebuilt by replaying L1) and the deposits no finalized batch consumed (refundDeposit).
 * Both credit L1 addresses; the money moves with `claim`.
 */

/** The oldest L1 tx no finalized batch consumed, and when exodus may start because of it. */
export interface OldestPending {
  readonly queueIndex: number;
  /** Unix seconds (block timestamps). */
  readonly queuedAt: number;
  /** Exodus may be activated in any block after this timestamp. */
  readonly deadline: number;
  /** Until the deadline, from the latest block's timestamp (0 once passed). */
  readonly secondsLeft: number;
}

export interface ExodusClock {
  readonly active: boolean;
  /** activateExodus would succeed now. */
  readonly due: boolean;
  readonly forceDeadline: number;
  /** The latest block's timestamp: the chain's clock. */
  readonly now: number;
  readonly queueLength: number;
  /** Queue entries consumed by finalized batches: the first unprocessed position. */
  readonly queueFinalized: number;
  readonly oldestPending: OldestPending | null;
  readonly lastFinalizedBatch: number;
}

export interface ExodusAccount {
  readonly idx: number;
  readonly token: TokenInfo;
  readonly balance: bigint;
  readonly nonce: bigint;
  readonly ethAddr: string;
  readonly withdrawn: boolean;
}

export interface PendingDeposit {
  readonly queueIndex: number;
  readonly idx: number;
  readonly token: TokenInfo;
  readonly amount: bigint;
  readonly refunded: boolean;
}

export interface ExodusStatus extends ExodusClock {
  readonly rollup: string;
  readonly stateRoot: bigint;
  readonly address: string;
  readonly accounts: readonly ExodusAccount[];
  readonly deposits: readonly PendingDeposit[];
  readonly claimable: ReadonlyArray<{ readonly token: TokenInfo; readonly amount: bigint }>;
  readonly replay: { readonly batches: number; readonly ms: number };
}

const ownerOf = (account: WalletAccount): ExodusOwner => ({ ax: account.ax, ay: account.ay, l1Address: account.l1.address });
const view = <T>(ctx: L1Context, name: string, ...args: unknown[]) => ctx.rollup.getFunction(name)(...args) as Promise<T>;

/** What the contract says about the deadline; `due` is activateExodus simulated, so it follows the contract's rule. */
export async function exodusClock(ctx: L1Context): Promise<ExodusClock> {
  const [active, forceDeadline, queueLength, queueFinalized, lastFinalizedBatch, block] = await Promise.all([
    view<boolean>(ctx, 'exodusActive'), view<bigint>(ctx, 'forceDeadline'), view<bigint>(ctx, 'l1QueueLength'),
    view<bigint>(ctx, 'l1QueueFinalized'), view<bigint>(ctx, 'lastFinalizedBatch'), ctx.provider.getBlock('latest'),
  ]);
  const now = block!.timestamp;
  let oldestPending: OldestPending | null = null;
  if (queueFinalized < queueLength) {
    const queuedAt = Number(await view<bigint>(ctx, 'l1TxQueuedAt', queueFinalized));
    const deadline = queuedAt + Number(forceDeadline);
    oldestPending = { queueIndex: Number(queueFinalized), queuedAt, deadline, secondsLeft: Math.max(0, deadline - now) };
  }
  let due = false;
  if (!active) {
    try {
      await ctx.rollup.getFunction('activateExodus').staticCall();
      due = true;
    } catch (error) {
      const name = l1Error(error, 'activateExodus').details.error;
      if (name !== 'ExodusNotDue' && name !== 'NoPendingL1Tx') throw l1Error(error, 'Rollup.activateExodus (simulated)');
    }
  }
  if (due && oldestPending !== null) oldestPending = { ...oldestPending, secondsLeft: 0 };
  return {
    active, due, forceDeadline: Number(forceDeadline), now, queueLength: Number(queueLength), queueFinalized: Number(queueFinalized),
    oldestPending, lastFinalizedBatch: Number(lastFinalizedBatch),
  };
}

async function tokensById(ctx: L1Context): Promise<(tokenId: bigint | number) => TokenInfo> {
  const tokens = new Map((await listTokens(ctx.rollup, ctx.provider)).map((t) => [t.tokenId, t]));
  return (id) => tokens.get(Number(id)) ?? { tokenId: Number(id), symbol: `TOKEN${id}`, decimals: 18, address: null };
}

async function accountsIn(ctx: L1Context, f: FinalizedState, account: WalletAccount): Promise<ExodusAccount[]> {
  const token = await tokensById(ctx);
  return Promise.all(ownedLeaves(f, ownerOf(account)).map(async ({ idx, leaf, ethAddr }) => ({
    idx, token: token(leaf.tokenId), balance: leaf.balance, nonce: leaf.nonce, ethAddr, withdrawn: await view<boolean>(ctx, 'exodusWithdrawn', idx),
  })));
}

async function pendingDeposits(ctx: L1Context, account: WalletAccount, history: RollupHistory, queueFinalized: number): Promise<PendingDeposit[]> {
  const token = await tokensById(ctx);
  return Promise.all(unprocessedDeposits(history, queueFinalized, ownerOf(account)).map(async (q) => ({
    queueIndex: q.queueIndex, idx: q.tx.idx, token: token(q.tx.tokenId), amount: q.tx.amount,
    refunded: await view<boolean>(ctx, 'depositRefunded', q.queueIndex),
  })));
}

/** Whether exodus is active or due, and what the account could take out: its leaves and unprocessed deposits. */
export async function exodusStatus(ctx: L1Context, account: WalletAccount): Promise<ExodusStatus> {
  const clock = await exodusClock(ctx);
  const f = await finalizedState(ctx);
  const [accounts, deposits, claimable] = await Promise.all([
    accountsIn(ctx, f, account), pendingDeposits(ctx, account, f.history, clock.queueFinalized), credits(ctx, account.l1.address),
  ]);
  return {
    ...clock, rollup: ctx.endpoints.rollupAddress, stateRoot: f.stateRoot, address: account.l1.address, accounts, deposits,
    claimable: claimable.filter((c) => c.amount > 0n), replay: { batches: f.lastFinalized, ms: f.replayMs },
  };
}

function notDue(clock: ExodusClock): ModuloError {
  const o = clock.oldestPending;
  if (o === null) {
    return new ModuloError('EXODUS_NOT_DUE', `exodus is not due: no L1 tx is waiting (every deposit and forced exit was finalized); it opens only when one waits longer than forceDeadline (${clock.forceDeadline} s) — a forced exit starts that clock`, { forceDeadline: clock.forceDeadline });
  }
  const when = new Date(o.deadline * 1000).toISOString();
  return new ModuloError('EXODUS_NOT_DUE', `exodus is not due: the oldest unprocessed L1 tx (queue index ${o.queueIndex}) may wait until ${when} (${o.secondsLeft} s from the latest block); if no finalized batch takes it by then, exodus can be activated after that`, { ...o });
}

export interface ActivateResult {
  readonly alreadyActive: boolean;
  readonly l1TxHash: string | null;
  readonly lastFinalizedBatch: number;
  readonly stateRoot: bigint;
}

/** activateExodus from the account's L1 key; EXODUS_NOT_DUE (saying when it will be) while it is not due. */
export async function activateExodus(ctx: L1Context, account: WalletAccount): Promise<ActivateResult> {
  const clock = await exodusClock(ctx);
  let l1TxHash: string | null = null;
  if (!clock.active) {
    if (!clock.due) throw notDue(clock);
    const rollup = ctx.rollupAs(account.l1.connect(ctx.provider));
    l1TxHash = (await sendL1('Rollup.activateExodus()', () => rollup.getFunction('activateExodus')())).hash;
  }
  const [lastFinalizedBatch, stateRoot] = await Promise.all([view<bigint>(ctx, 'lastFinalizedBatch'), view<bigint>(ctx, 'lastFinalizedStateRoot')]);
  return { alreadyActive: clock.active, l1TxHash, lastFinalizedBatch: Number(lastFinalizedBatch), stateRoot };
}

async function requireActive(ctx: L1Context): Promise<void> {
  const clock = await exodusClock(ctx);
  if (clock.active) return;
  const when = clock.due ? 'it is due: run `modulo exodus activate <account>` first' : notDue(clock).message;
  throw new ModuloError('EXODUS_NOT_ACTIVE', `exodus is not active; ${when}`, { due: clock.due });
}

/** One L1 call of exodus that credited an address. */
export interface ExodusCredit {
  readonly token: TokenInfo;
  readonly amount: bigint;
  /** The L1 address credited: claim from it. */
  readonly ethAddr: string;
  readonly l1TxHash: string;
  readonly gasUsed: bigint;
}

export interface ExodusWithdrawal extends ExodusCredit {
  readonly idx: number;
}

export interface WithdrawResult {
  readonly lastFinalizedBatch: number;
  readonly stateRoot: bigint;
  readonly withdrawals: readonly ExodusWithdrawal[];
  readonly replayMs: number;
}

/**
 * withdrawExodus for each of the account's leaves with a balance (or the one `idx`), with the leaf and its
 * Merkle proof taken from the state rebuilt from L1 (the replay's root is checked to be the contract's).
 * ALREADY_WITHDRAWN when every such leaf was withdrawn; NOTHING_TO_WITHDRAW when none has a balance.
 */
export async function exodusWithdraw(ctx: L1Context, account: WalletAccount, o: { idx?: number } = {}): Promise<WithdrawResult> {
  await requireActive(ctx);
  const f = await finalizedState(ctx);
  const all = await accountsIn(ctx, f, account);
  const mine = o.idx === undefined ? all : all.filter((a) => a.idx === o.idx);
  if (mine.length === 0) {
    const which = o.idx === undefined ? 'no L2 account' : `no L2 account with idx ${o.idx}`;
    throw new ModuloError('NOTHING_TO_WITHDRAW', `${account.name} has ${which} in the last finalized state (batch ${f.lastFinalized}): its deposits may be unprocessed — \`modulo exodus refund ${account.name}\``);
  }
  const todo = mine.filter((a) => a.balance > 0n && !a.withdrawn);
  if (todo.length === 0) {
    const done = mine.filter((a) => a.withdrawn);
    if (done.length > 0) {
      throw new ModuloError('ALREADY_WITHDRAWN', `already withdrawn in exodus: ${done.map((a) => `idx ${a.idx} (credited to ${a.ethAddr})`).join(', ')}; the credit stays on L1 until claimed: \`modulo claim ${account.name}\``, { idx: done.map((a) => a.idx) });
    }
    throw new ModuloError('NOTHING_TO_WITHDRAW', `the L2 accounts of ${account.name} (idx ${mine.map((a) => a.idx).join(', ')}) hold no balance in the last finalized state (batch ${f.lastFinalized})`);
  }
  const rollup = ctx.rollupAs(account.l1.connect(ctx.provider));
  const withdrawals: ExodusWithdrawal[] = [];
  for (const a of todo) {
    const leaf = f.state.getAccount(a.idx);
    const siblings = f.state.prove(a.idx).siblings;
    const struct = { tokenId: leaf.tokenId, nonce: leaf.nonce, balance: leaf.balance, ax: leaf.ax, ay: leaf.ay, ethAddr: addressOf(leaf.ethAddr) };
    const receipt = await sendL1(`Rollup.withdrawExodus(${a.idx})`, () => rollup.getFunction('withdrawExodus')(a.idx, struct, siblings));
    withdrawals.push({ idx: a.idx, token: a.token, amount: a.balance, ethAddr: a.ethAddr, l1TxHash: receipt.hash, gasUsed: receipt.gasUsed });
  }
  return { lastFinalizedBatch: f.lastFinalized, stateRoot: f.stateRoot, withdrawals, replayMs: f.replayMs };
}

export interface ExodusRefund extends ExodusCredit {
  readonly queueIndex: number;
}

/**
 * refundDeposit for each deposit the account's L1 address queued that no finalized batch consumed (found in
 * the L1TxQueued events past l1QueueFinalized; the fields are sent as queued, the contract checks them
 * against the queue's hash chain). NOTHING_TO_REFUND when there is none left to refund.
 */
export async function exodusRefund(ctx: L1Context, account: WalletAccount): Promise<ExodusRefund[]> {
  await requireActive(ctx);
  const history = await readRollupHistory(ctx);
  const queueFinalized = Number(await view<bigint>(ctx, 'l1QueueFinalized'));
  const deposits = await pendingDeposits(ctx, account, history, queueFinalized);
  const todo = deposits.filter((d) => !d.refunded);
  if (todo.length === 0) {
    const why = deposits.length === 0 ? `no deposit from ${account.l1.address} waits unprocessed (queue position ${queueFinalized} onwards)` : `every unprocessed deposit from ${account.l1.address} (queue index ${deposits.map((d) => d.queueIndex).join(', ')}) was already refunded: \`modulo claim ${account.name}\``;
    throw new ModuloError('NOTHING_TO_REFUND', why, { queueFinalized });
  }
  const rollup = ctx.rollupAs(account.l1.connect(ctx.provider));
  const refunds: ExodusRefund[] = [];
  for (const d of todo) {
    const { tx } = history.queue.find((q) => q.queueIndex === d.queueIndex)!;
    const struct = { txType: tx.txType, idx: tx.idx, tokenId: tx.tokenId, amount: tx.amount, ethAddr: addressOf(tx.ethAddr), ax: tx.ax, ay: tx.ay };
    const receipt = await sendL1(`Rollup.refundDeposit(${d.queueIndex})`, () => rollup.getFunction('refundDeposit')(d.queueIndex, struct));
    refunds.push({ queueIndex: d.queueIndex, token: d.token, amount: d.amount, ethAddr: account.l1.address, l1TxHash: receipt.hash, gasUsed: receipt.gasUsed });
  }
  return refunds;
}
