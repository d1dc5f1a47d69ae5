import { decodeL1TxQueued, rollupEventName } from '../l1/rollup-events.js';
import type { TxView } from '../api/tx.js';
import type { WalletContext } from './context.js';
import { ModuloError } from '../core/errors.js';
import { tokenInfo, type TokenInfo } from './tokens.js';

/**
 * Where a tx is: an L2 tx (by its l2TxHash, from the sequencer) pending -> included -> committed -> proven ->
 * finalized (or rejected, with the reason); an L1 tx of the rollup (deposit, forced exit; by its L1 tx
 * hash) queued -> included -> committed -> finalized, read from L1 (the queue positions of the contract)
 * and the sequencer (whether a sealed batch took it).
 */
export type TxState =
  | { readonly kind: 'l2'; readonly hash: string; readonly status: TxView['status']; readonly view: TxView; readonly token: TokenInfo | null }
  | {
      readonly kind: 'l1';
      readonly hash: string;
      readonly status: 'queued' | 'included' | 'committed' | 'finalized';
      readonly queueIndex: number;
      readonly idx: number;
      readonly txType: number;
      readonly blockNumber: number;
    };

export const FINAL_STATUSES = new Set(['finalized', 'rejected']);

async function l1State(ctx: WalletContext, hash: string): Promise<TxState | null> {
  const receipt = await ctx.provider.getTransactionReceipt(hash);
  if (receipt === null) return null;
  const log = receipt.logs
    .find((l) => l.address.toLowerCase() === ctx.endpoints.rollupAddress.toLowerCase() && rollupEventName(l) === 'L1TxQueued');
  if (log === undefined) throw new ModuloError('NOT_FOUND', `L1 tx ${hash} is not a deposit or forced exit of rollup ${ctx.endpoints.rollupAddress}`);
  const { queueIndex, tx } = decodeL1TxQueued(log);
  const [committed, finalized] = await Promise.all([
    ctx.rollup.getFunction('l1QueueCommitted')() as Promise<bigint>,
    ctx.rollup.getFunction('l1QueueFinalized')() as Promise<bigint>,
  ]);
  let status: 'queued' | 'included' | 'committed' | 'finalized' = 'queued';
  if (queueIndex < Number(finalized)) status = 'finalized';
  else if (queueIndex < Number(committed)) status = 'committed';
  else {
    const seen = await ctx.sequencer.state().then((s) => s.l1.nextQueueIndex, () => 0);
    if (queueIndex < seen) status = 'included';
  }
  return {
    kind: 'l1', hash, status, queueIndex,
    idx: tx.idx, txType: tx.txType, blockNumber: receipt.blockNumber,
  };
}

export async function txState(ctx: WalletContext, hash: string): Promise<TxState> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) throw new ModuloError('USAGE', `a tx hash is 0x and 64 hex digits, got ${hash}`);
  try {
    const view = await ctx.sequencer.tx(hash.toLowerCase());
    const token = await tokenInfo(ctx.rollup, ctx.provider, Number(view.tx.tokenId)).catch(() => null);
    return { kind: 'l2', hash: view.txHash, status: view.status, view, token };
  } catch (error) {
    if (!(error instanceof ModuloError) || error.code !== 'NOT_FOUND') throw error;
  }
  const l1 = await l1State(ctx, hash);
  if (l1 === null) throw new ModuloError('NOT_FOUND', `no tx ${hash}: neither the sequencer nor the L1 node knows it`);
  return l1;
}

/** Polls until the tx is finalized or rejected, telling each new status; TIMEOUT after `timeoutMs`. */
export async function waitForTx(ctx: WalletContext, hash: string, onChange: (s: TxState) => void, timeoutMs = 600_000, pollMs = 1_000): Promise<TxState> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const state = await txState(ctx, hash);
    if (state.status !== last) {
      last = state.status;
      onChange(state);
    }
    if (FINAL_STATUSES.has(state.status)) return state;
    if (Date.now() > deadline) throw new ModuloError('TIMEOUT', `tx ${hash} is still ${state.status} after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
