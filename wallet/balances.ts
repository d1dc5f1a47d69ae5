import { Contract } from 'ethers';
import { credits } from './claim.js';
import type { WalletContext } from './context.js';
import type { WalletAccount } from './keystore.js';
import { ERC20_ABI } from '../l1/rollup-abi.js';
import { listTokens, type TokenInfo } from './tokens.js';

export interface L2Balance {
  readonly idx: number;
  readonly token: TokenInfo;
  /** As of the last sealed batch. */
  readonly balance: bigint;
  readonly nonce: bigint;
  /** After the txs the sequencer accepted and the L1 txs it has seen. */
  readonly pendingBalance: bigint;
  readonly pendingNonce: bigint;
}

export interface Balances {
  readonly address: string;
  readonly l2: readonly L2Balance[];
  readonly l1: ReadonlyArray<{ readonly token: TokenInfo; readonly balance: bigint }>;
  /** Finalized withdrawals waiting for `claim`. */
  readonly claimable: ReadonlyArray<{ readonly token: TokenInfo; readonly amount: bigint }>;
}

/** The account's L2 accounts (from the sequencer), its L1 balances and claimable credits (from L1). */
export async function balances(ctx: WalletContext, account: WalletAccount): Promise<Balances> {
  const address = account.l1.address;
  const tokens = await listTokens(ctx.rollup, ctx.provider);
  const byId = new Map(tokens.map((t) => [t.tokenId, t]));
  const [views, l1, claimable] = await Promise.all([
    ctx.sequencer.accountsOf(account.ax, account.ay),
    Promise.all(tokens.map(async (token) => ({
      token,
      balance: token.address === null
        ? await ctx.provider.getBalance(address)
        : ((await new Contract(token.address, ERC20_ABI, ctx.provider).getFunction('balanceOf')(address)) as bigint),
    }))),
    credits(ctx, address),
  ]);
  const l2 = views.map((v) => ({
    idx: Number(v.idx),
    token: byId.get(Number(v.tokenId)) ?? { tokenId: Number(v.tokenId), symbol: `TOKEN${v.tokenId}`, decimals: 18, address: null },
    balance: BigInt(v.balance),
    nonce: BigInt(v.nonce),
    pendingBalance: BigInt(v.pending.balance),
    pendingNonce: BigInt(v.pending.nonce),
  }));
  return { address, l2, l1, claimable: claimable.filter((c) => c.amount > 0n) };
}
