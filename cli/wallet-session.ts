import { openContext, openL1Context, type L1Context, type WalletContext } from '../wallet/context.js';
import { formatAmount } from '../wallet/amounts.js';
import type { TokenInfo } from '../wallet/tokens.js';
import { walletDir } from './args.js';

/** The flags of WALLET_OPTIONS a command passes on. */
export interface WalletFlags {
  readonly sequencer?: string | undefined;
  readonly rpc?: string | undefined;
  readonly rollup?: string | undefined;
  readonly network?: string | undefined;
  readonly 'wallet-dir'?: string | undefined;
}

/** Opens the wallet context for the flags, runs `fn`, and always releases the provider. */
export async function withWallet<T>(flags: WalletFlags, fn: (ctx: WalletContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(flags, walletDir(flags['wallet-dir']));
  try {
    return await fn(ctx);
  } finally {
    ctx.close();
  }
}

/** As withWallet, for commands that need only L1 (exodus, claims): no sequencer is configured or asked. */
export async function withL1<T>(flags: Omit<WalletFlags, 'sequencer'>, fn: (ctx: L1Context) => Promise<T>): Promise<T> {
  const ctx = await openL1Context(flags);
  try {
    return await fn(ctx);
  } finally {
    ctx.close();
  }
}

/** `1.5 ETH`. */
export function units(value: bigint, token: TokenInfo): string {
  return `${formatAmount(value, token.decimals)} ${token.symbol}`;
}
