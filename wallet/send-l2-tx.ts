import type { AccountView } from '../api/account.js';
import { txToBody } from '../api/tx.js';
import { signL2Tx } from '../core/l2-tx-hash.js';
import type { L2Tx } from '../core/tx.js';
import { exactFee, feeAtLeast, formatAmount, l2Amount, parseAmount } from './amounts.js';
import type { WalletContext } from './context.js';
import { ModuloError } from '../core/errors.js';
import { loadAccount, type WalletAccount } from './keystore.js';
import { resolveToken, type TokenInfo } from './tokens.js';

export interface L2TxRequest {
  /** "1.5", or "max" (the whole pending balance less the fee). */
  readonly amount: string;
  readonly token: string;
  /** Receiver: an idx, or a wallet account name (its account of the token); 0 or null: a withdrawal. */
  readonly to: string | null;
  /** In token units; default: the operator's minimum (learned from the sequencer's FEE_TOO_LOW answer). */
  readonly fee?: string;
  /** The sender idx when the key has several accounts of the token. */
  readonly fromIdx?: number;
}

export interface L2TxResult {
  readonly txHash: string;
  readonly token: TokenInfo;
  readonly fromIdx: number;
  readonly toIdx: number;
  readonly amount: bigint;
  readonly requested: bigint | null;
  readonly rounded: boolean;
  readonly fee: bigint;
  readonly nonce: bigint;
}

async function accountsOfToken(ctx: WalletContext, account: WalletAccount, token: TokenInfo): Promise<AccountView[]> {
  return (await ctx.sequencer.accountsOf(account.ax, account.ay)).filter((a) => Number(a.tokenId) === token.tokenId);
}

function noAccount(name: string, token: TokenInfo): ModuloError {
  return new ModuloError('NO_L2_ACCOUNT', `${name} has no ${token.symbol} account on L2 yet: \`modulo deposit ${name} <amount> ${token.symbol}\` first`);
}

/** The sender: the given idx, or the key's account of the token with the largest pending balance. */
async function sender(ctx: WalletContext, account: WalletAccount, token: TokenInfo, fromIdx?: number): Promise<AccountView> {
  const own = await accountsOfToken(ctx, account, token);
  const pick = fromIdx !== undefined
    ? own.find((a) => Number(a.idx) === fromIdx)
    : own.sort((a, b) => (BigInt(b.pending.balance) > BigInt(a.pending.balance) ? 1 : -1))[0];
  if (pick === undefined) throw fromIdx === undefined ? noAccount(account.name, token) : new ModuloError('NO_L2_ACCOUNT', `idx ${fromIdx} is not ${account.name}'s ${token.symbol} account`);
  return pick;
}

async function receiver(ctx: WalletContext, to: string | null, token: TokenInfo): Promise<number> {
  if (to === null || to === '0') return 0;
  if (/^\d+$/.test(to)) return Number(to);
  const other = loadAccount(ctx.walletDir, to);
  const accounts = await accountsOfToken(ctx, other, token);
  if (accounts.length === 0) throw noAccount(to, token);
  return Number(accounts[0]!.idx);
}

/** The sequencer's answers that carry base units, restated in token units. */
function inUnits(error: unknown, token: TokenInfo): unknown {
  if (!(error instanceof ModuloError)) return error;
  const u = (v: unknown) => `${formatAmount(BigInt(String(v)), token.decimals)} ${token.symbol}`;
  const d = error.details;
  if (error.code === 'INSUFFICIENT_BALANCE' && d.balance !== undefined && d.needed !== undefined) {
    return new ModuloError(error.code, `account ${String(d.idx)} has ${u(d.balance)} (pending), the tx needs ${u(d.needed)} (amount + fee)`, d, { cause: error });
  }
  if (error.code === 'FEE_TOO_LOW' && d.minFee !== undefined) {
    return new ModuloError(error.code, `fee ${u(d.fee)} is below the operator's minimum ${u(d.minFee)} (omit --fee to pay the minimum)`, d, { cause: error });
  }
  return error;
}

/**
 * Signs a transfer (or, with no receiver, a withdrawal) with the account's BabyJubJub key for this chain and
 * rollup, at the sender's pending nonce, and submits it. The amount is rounded down to a representable
 * float; the fee is taken as given (it must be representable) or, by default, the operator's minimum.
 */
export async function sendL2Tx(ctx: WalletContext, account: WalletAccount, req: L2TxRequest): Promise<L2TxResult> {
  await ctx.checkSequencer();
  const token = await resolveToken(req.token, ctx.rollup, ctx.provider);
  const from = await sender(ctx, account, token, req.fromIdx);
  const toIdx = await receiver(ctx, req.to, token);
  const balance = BigInt(from.pending.balance);
  const nonce = BigInt(from.pending.nonce);
  const attempt = async (fee: bigint): Promise<L2TxResult> => {
    const requested = req.amount === 'max' ? balance - fee : parseAmount(req.amount, token.decimals);
    if (requested < 0n) throw new ModuloError('INSUFFICIENT_BALANCE', `the balance ${balance} does not cover the fee ${fee}`);
    const { amount, rounded } = l2Amount(requested);
    const tx: L2Tx = { fromIdx: Number(from.idx), toIdx, amount, fee, nonce, tokenId: BigInt(token.tokenId) };
    const txHash = await ctx.sequencer.submit(txToBody(signL2Tx(account.privateKey, tx, ctx.domain)));
    return { txHash, token, fromIdx: tx.fromIdx, toIdx, amount, requested: req.amount === 'max' ? null : requested, rounded, fee, nonce };
  };
  try {
    if (req.fee !== undefined) return await attempt(exactFee(parseAmount(req.fee, token.decimals), token.decimals));
    try {
      return await attempt(0n);
    } catch (error) {
      if (!(error instanceof ModuloError) || error.code !== 'FEE_TOO_LOW') throw error;
      return await attempt(feeAtLeast(BigInt(String(error.details.minFee ?? '0'))));
    }
  } catch (error) {
    throw inUnits(error, token);
  }
}
