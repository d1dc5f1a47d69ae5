import type { L1Context } from './context.js';
import { ModuloError } from '../core/errors.js';
import { accountsCreatedBy, findAccountCreation, type AccountCreation } from '../l1/account-creation.js';
import { l1TxStruct } from '../l1/l1-tx-struct.js';
import type { WalletAccount } from './keystore.js';
import { queuedL1Tx, sendL1, type QueuedL1Tx } from './l1-txs.js';
import { resolveToken, type TokenInfo } from './tokens.js';

export interface ForcedExitResult extends QueuedL1Tx {
  readonly token: TokenInfo | null;
  /** Where the deposit that created the account (the proof of ownership) sits in the L1 queue. */
  readonly creationQueueIndex: number;
}

/**
 * Asks L1 for the whole balance of an account (`forcedExit`), from L1 data alone: the account is found among the
 * rollup's L1TxQueued events (the deposit with which this wallet's L1 address created it for its key, of the token;
 * or the one that created `idx`), and that deposit is the proof of ownership the contract checks. The next batches
 * must process it before the contract's forceDeadline, or anyone may start exodus; once it is finalized the
 * balance is credited to the account's L1 address (then `claim`).
 */
export async function forcedExit(ctx: L1Context, account: WalletAccount, o: { idx?: number; token?: string }): Promise<ForcedExitResult> {
  const fromBlock = ctx.endpoints.deployBlock;
  let creation: AccountCreation;
  let token: TokenInfo | null = null;
  if (o.idx !== undefined) {
    creation = await findAccountCreation(ctx.rollup, o.idx, fromBlock);
  } else {
    if (o.token === undefined) throw new ModuloError('USAGE', 'forced-exit needs a token or --idx N');
    token = await resolveToken(o.token, ctx.rollup, ctx.provider);
    const tokenId = BigInt(token.tokenId);
    const own = (await accountsCreatedBy(ctx.rollup, account.l1.address, account, fromBlock)).filter((c) => c.tx.tokenId === tokenId);
    if (own.length === 0) throw new ModuloError('NO_L2_ACCOUNT', `${account.name} (${account.l1.address}) created no ${token.symbol} account on L1 (or pass --idx N)`);
    creation = own[0]!;
  }
  const { idx } = creation.tx;
  const rollup = ctx.rollupAs(account.l1.connect(ctx.provider));
  const receipt = await sendL1(`Rollup.forcedExit(${idx})`, () => rollup.getFunction('forcedExit')(idx, creation.queueIndex, l1TxStruct(creation.tx)));
  return { ...queuedL1Tx(receipt), token, creationQueueIndex: creation.queueIndex };
}
