import { getAddress, isAddress, ZeroAddress } from 'ethers';
import { ModuloError } from '../core/errors.js';
import { decodeClaimed, rollupEventName } from '../l1/rollup-events.js';
import type { L1Context } from './context.js';
import type { WalletAccount } from './keystore.js';
import { sendL1 } from './l1-txs.js';
import { listTokens, resolveToken, type TokenInfo } from './tokens.js';

export interface ClaimResult {
  readonly token: TokenInfo;
  readonly amount: bigint;
  /** Who was paid. */
  readonly recipient: string;
  readonly l1TxHash: string;
}

/** The credits (finalized withdrawals not yet claimed) of the account's L1 address, per token. */
export async function credits(ctx: L1Context, address: string): Promise<Array<{ token: TokenInfo; amount: bigint }>> {
  const tokens = await listTokens(ctx.rollup, ctx.provider);
  const amounts = await Promise.all(tokens.map((t) => ctx.rollup.getFunction('credit')(address, t.tokenId) as Promise<bigint>));
  return tokens.map((token, i) => ({ token, amount: amounts[i]! }));
}

/**
 * Pulls the credited withdrawals of the account's L1 address, of one token (the contract's own error if there is
 * nothing) or of every token with a credit, and pays them to that address (`claim(tokenId)`) or to `to`
 * (`claimTo(tokenId, to)`: for an address that cannot take the payment itself).
 */
export async function claim(ctx: L1Context, account: WalletAccount, tokenSpec?: string, to?: string): Promise<ClaimResult[]> {
  const signer = account.l1.connect(ctx.provider);
  const rollup = ctx.rollupAs(signer);
  const recipient = to === undefined ? undefined : checkedRecipient(to);
  const todo = tokenSpec !== undefined
    ? [{ token: await resolveToken(tokenSpec, ctx.rollup, ctx.provider), amount: null as bigint | null }]
    : (await credits(ctx, signer.address)).filter((c) => c.amount > 0n);
  const out: ClaimResult[] = [];
  for (const { token } of todo) {
    const receipt = recipient === undefined
      ? await sendL1(`Rollup.claim(${token.tokenId})`, () => rollup.getFunction('claim')(token.tokenId))
      : await sendL1(`Rollup.claimTo(${token.tokenId}, ${recipient})`, () => rollup.getFunction('claimTo')(token.tokenId, recipient));
    const log = receipt.logs.find((l) => rollupEventName(l) === 'Claimed');
    const event = log === undefined ? undefined : decodeClaimed(log);
    out.push({ token, amount: event?.amount ?? 0n, recipient: event?.recipient ?? recipient ?? signer.address, l1TxHash: receipt.hash });
  }
  return out;
}

/** An L1 address to pay, checksummed; the zero address (which would burn the credit) is refused. */
function checkedRecipient(to: string): string {
  if (!isAddress(to)) throw new ModuloError('USAGE', `--to takes an L1 address (0x and 40 hex digits), got "${to}"`);
  if (getAddress(to) === ZeroAddress) throw new ModuloError('USAGE', '--to cannot be the zero address: the credit would be burnt');
  return getAddress(to);
}
