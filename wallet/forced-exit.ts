import type { WalletContext } from './context.js';
import { ModuloError } from '../core/errors.js';
import type { WalletAccount } from './keystore.js';
import { queuedL1Tx, sendL1, type QueuedL1Tx } from './l1-txs.js';
import { resolveToken, type TokenInfo } from './tokens.js';

export interface ForcedExitResult extends QueuedL1Tx {
  readonly token: TokenInfo | null;
}

/**
 * Asks L1 for the whole balance of an account (`forcedExit(idx)`), without the sequencer's cooperation: the
 * next batch must process it, and once that batch is finalized the balance is credited to the account's L1
 * address (then `claim`). The idx is given, or found through the sequencer by the key and the token.
 */
export async function forcedExit(ctx: WalletContext, account: WalletAccount, o: { idx?: number; token?: string }): Promise<ForcedExitResult> {
  let idx = o.idx;
  let token: TokenInfo | null = null;
  if (idx === undefined) {
    if (o.token === undefined) throw new ModuloError('USAGE', 'forced-exit needs a token or --idx N');
    token = await resolveToken(o.token, ctx.rollup, ctx.provider);
    const tokenId = token.tokenId;
    const own = (await ctx.sequencer.accountsOf(account.ax, account.ay)).filter((a) => Number(a.tokenId) === tokenId);
    if (own.length === 0) throw new ModuloError('NO_L2_ACCOUNT', `${account.name} has no ${token.symbol} account on L2 (or pass --idx N)`);
    idx = Number(own[0]!.idx);
  }
  const exitIdx = idx;
  const rollup = ctx.rollupAs(account.l1.connect(ctx.provider));
  const receipt = await sendL1(`Rollup.forcedExit(${exitIdx})`, () => rollup.getFunction('forcedExit')(exitIdx));
  return { ...queuedL1Tx(receipt), token };
}
