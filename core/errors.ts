/**
 * Every failure the protocol library reports has a stable `code`; the sequencer maps codes to HTTP
 * statuses in one place and the CLI prints `code: message`. Add a code here before using it.
 */
export type ModuloErrorCode =
  | 'OUT_OF_RANGE'
  | 'NOT_IN_FIELD'
  | 'INVALID_KEY'
  | 'INVALID_SIGNATURE'
  | 'NOT_REPRESENTABLE'
  | 'MALFORMED'
  | 'UNKNOWN_ACCOUNT'
  | 'ACCOUNT_EXISTS'
  | 'TOKEN_MISMATCH'
  | 'INSUFFICIENT_BALANCE'
  | 'BALANCE_OVERFLOW'
  | 'WRONG_NONCE'
  | 'NO_FEE_SLOT'
  | 'BATCH_FULL'
  | 'TREE_FULL'
  // Sequencer (sequencer/http-errors.ts maps each to an HTTP status).
  | 'FEE_TOO_LOW'
  | 'ALREADY_KNOWN'
  | 'MEMPOOL_FULL'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'LEASE_LOST'
  | 'JOB_DONE'
  | 'INVALID_PROOF'
  | 'ARTIFACT_MISSING'
  | 'STORE_MISMATCH'
  | 'L1_REORG_TOO_DEEP'
  | 'L1_MISMATCH'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export class ModuloError extends Error {
  override readonly name = 'ModuloError';
  constructor(
    readonly code: ModuloErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
