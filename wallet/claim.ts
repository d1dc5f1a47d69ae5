import { decodeClaimed, rollupEventName } from '../l1/rollup-events.js';
import type { L1Context } from './context.js';
import type { WalletAccount } from './keystore.js';
import { sendL1 } from './l1-txs.js';
import { listTokens, resolveToken, type TokenInfo } from './tokens.js';

export interface ClaimResult {
  readonly token: TokenInfo;
  readonly amount: bigint;
  readonly l1TxHash: string;
}

/** The credits (finalized withdrawals not yet claimed) of the account's L1 address, per token. */
export async function credits(ctx: L1Context, address: string): Promise<Array<{ token: TokenInfo; amount: bigint }>> {
  const tokens = await listTokens(ctx.rollup, ctx.provider);
  const amounts = await Promise.all(tokens.map((t) => ctx.rollup.getFunction('credit')(address, t.tokenId) as Promise<bigint>));
  return tokens.map((token, i) => ({ token, amount: amounts[i]! }));
}

/**
 * Pulls credited withdrawals to the account's L1 address (`claim(tokenId)` on L1): of one token (the
 * contract's own error if there is nothing), or of every token with a credit.
 */
export async function claim(ctx: L1Context, account: WalletAccount, tokenSpec?: string): Promise<ClaimResult[]> {
  const signer = account.l1.connect(ctx.provider);
  const rollup = ctx.rollupAs(signer);
  const todo = tokenSpec !== undefined
    ? [{ token: await resolveToken(tokenSpec, ctx.rollup, ctx.provider), amount: null as bigint | null }]
    : (await credits(ctx, signer.address)).filter((c) => c.amount > 0n);
  const out: ClaimResult[] = [];
  for (const { token } of todo) {
    const receipt = await sendL1(`Rollup.claim(${token.tokenId})`, () => rollup.getFunction('claim')(token.tokenId));
    const log = receipt.logs.find((l) => rollupEventName(l) === 'Claimed');
    out.push({ token, amount: log === undefined ? 0n : decodeClaimed(log).amount, l1TxHash: receipt.hash });
  }
  return out;
}
