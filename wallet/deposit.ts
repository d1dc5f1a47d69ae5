import { Contract } from 'ethers';
import { parseAmount } from './amounts.js';
import type { WalletContext } from './context.js';
import { ModuloError } from '../core/errors.js';
import type { WalletAccount } from './keystore.js';
import { queuedL1Tx, sendL1, type QueuedL1Tx } from './l1-txs.js';
import { ERC20_ABI } from '../l1/rollup-abi.js';
import { resolveToken, type TokenInfo } from './tokens.js';

export interface DepositRequest {
  readonly amount: string;
  readonly token: string;
  /** Top up this idx (anyone's) instead of the account's own. */
  readonly toIdx?: number;
  /** Always create a new account, even if the key has one of this token. */
  readonly newAccount?: boolean;
}

export interface DepositResult extends QueuedL1Tx {
  readonly token: TokenInfo;
  readonly amount: bigint;
  /** True when the deposit creates an account (deposit with a key), false for a top-up (depositTo). */
  readonly created: boolean;
  readonly approveTxHash: string | null;
}

/** The idx to top up: the given one, the key's existing account of the token, or null for a new account. */
async function target(ctx: WalletContext, account: WalletAccount, token: TokenInfo, req: DepositRequest): Promise<number | null> {
  if (req.toIdx !== undefined) return req.toIdx;
  if (req.newAccount) return null;
  let existing;
  try {
    existing = (await ctx.sequencer.accountsOf(account.ax, account.ay)).filter((a) => Number(a.tokenId) === token.tokenId);
  } catch (error) {
    if (error instanceof ModuloError && error.code === 'SEQUENCER_UNREACHABLE') {
      throw new ModuloError('SEQUENCER_UNREACHABLE', `${error.message}; it tells whether ${account.name} already has a ${token.symbol} account: pass --new or --to IDX to deposit without it`, error.details, { cause: error });
    }
    throw error;
  }
  return existing.length > 0 ? Number(existing[0]!.idx) : null;
}

/**
 * Deposits ETH or an ERC20 through the Rollup on L1: into a new account owned by the wallet account's key
 * (`deposit`), or as a top-up of an existing idx (`depositTo`). ERC20s are approved first (the exact amount).
 * The amount is exact (L1 amounts are not floats); the sequencer credits it in its next batch.
 */
export async function deposit(ctx: WalletContext, account: WalletAccount, req: DepositRequest): Promise<DepositResult> {
  const token = await resolveToken(req.token, ctx.rollup, ctx.provider);
  const amount = parseAmount(req.amount, token.decimals);
  const idx = await target(ctx, account, token, req);
  if (idx !== null && amount === 0n) throw new ModuloError('BAD_AMOUNT', 'a top-up must move a non-zero amount');
  const signer = account.l1.connect(ctx.provider);
  let approveTxHash: string | null = null;
  if (token.address !== null && amount > 0n) {
    const erc20 = new Contract(token.address, ERC20_ABI, signer);
    const allowance = (await erc20.getFunction('allowance')(signer.address, ctx.endpoints.rollupAddress)) as bigint;
    if (allowance < amount) {
      const receipt = await sendL1(`${token.symbol}.approve`, () => erc20.getFunction('approve')(ctx.endpoints.rollupAddress, amount));
      approveTxHash = receipt.hash;
    }
  }
  const rollup = ctx.rollupAs(signer);
  const value = token.tokenId === 0 ? amount : 0n;
  const receipt = idx === null
    ? await sendL1('Rollup.deposit', () => rollup.getFunction('deposit')(token.tokenId, amount, account.ax, account.ay, { value }))
    : await sendL1('Rollup.depositTo', () => rollup.getFunction('depositTo')(idx, token.tokenId, amount, { value }));
  return { ...queuedL1Tx(receipt), token, amount, created: idx === null, approveTxHash };
}
