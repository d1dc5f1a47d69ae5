import type { ModuloErrorCode } from '../core/errors.js';

/**
 * What the wallet reports. The sequencer's own codes (core/errors.ts: WRONG_NONCE, FEE_TOO_LOW, …) pass
 * through as the sequencer sent them; the others are the wallet's.
 */
export type WalletErrorCode =
  | ModuloErrorCode
  /** The command line is wrong (unknown flag, missing argument). */
  | 'USAGE'
  /** No endpoint or rollup address configured (no flag, no environment variable, no devnet). */
  | 'NOT_CONFIGURED'
  | 'WALLET_NOT_FOUND'
  | 'WALLET_EXISTS'
  /** No free Hardhat dev account for a new devnet wallet account. */
  | 'NO_DEV_ACCOUNT'
  | 'NO_L1_KEY'
  | 'UNKNOWN_TOKEN'
  | 'BAD_AMOUNT'
  /** The wallet account has no L2 account (idx) of that token yet: deposit first. */
  | 'NO_L2_ACCOUNT'
  /** The sequencer serves another chain or rollup than the one configured. */
  | 'DOMAIN_MISMATCH'
  /** The L1 node or the sequencer did not answer. */
  | 'L1_UNREACHABLE'
  | 'SEQUENCER_UNREACHABLE'
  /** An answer that is not the API's (a proxy page, an unexpected status). */
  | 'BAD_RESPONSE'
  /** An L1 call reverted; the message names the contract's custom error. */
  | 'L1_REVERTED'
  /** Any other L1 failure (insufficient funds for gas, nonce, rejected tx). */
  | 'L1_FAILED'
  | 'TIMEOUT';

export class WalletError extends Error {
  override readonly name = 'WalletError';
  constructor(
    readonly code: WalletErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
