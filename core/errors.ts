/**
 * The one error type of the project. Every failure has a stable `code`, declared once below in the
 * namespace it belongs to; the sequencer maps its codes to HTTP statuses in one place
 * (sequencer/http-errors.ts) and the CLI maps codes to exit statuses in one place (cli/io.ts) and prints
 * `code: message`. Add a code here before using it; never rename one the sequencer answers with (it is
 * wire format). Plain `Error` is left for "cannot happen" invariants only.
 */
export const ERROR_CODES = {
  /** The protocol's rules (core/): the sequencer answers these to its clients as they are. */
  protocol: [
    'OUT_OF_RANGE',
    'NOT_IN_FIELD',
    'INVALID_KEY',
    'INVALID_SIGNATURE',
    'NOT_REPRESENTABLE',
    /** A value that cannot be decoded or a configuration that cannot be used (bad bytes, unknown circuit). */
    'MALFORMED',
    'UNKNOWN_ACCOUNT',
    'ACCOUNT_EXISTS',
    'TOKEN_MISMATCH',
    'INSUFFICIENT_BALANCE',
    'BALANCE_OVERFLOW',
    'WRONG_NONCE',
    'NO_FEE_SLOT',
    'BATCH_FULL',
    'TREE_FULL',
  ],
  /** The sequencer's own (sequencer/http-errors.ts maps each to an HTTP status). */
  sequencer: [
    'FEE_TOO_LOW',
    'ALREADY_KNOWN',
    'MEMPOOL_FULL',
    'NOT_FOUND',
    'UNAUTHORIZED',
    'RATE_LIMITED',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
    /** The request did not arrive whole within the configured request timeout (a stalled body, slow headers). */
    'REQUEST_TIMEOUT',
    /** The request's headers are larger than the server accepts. */
    'HEADERS_TOO_LARGE',
    /** The URL has a malformed percent-encoding or a parameter that is too long. */
    'BAD_URL',
    /** Bytes that are not an HTTP/1.1 request (the parser refused them). */
    'BAD_HTTP_REQUEST',
    /** A byte range (`Range: bytes=…`) outside the file. */
    'RANGE_NOT_SATISFIABLE',
    'LEASE_LOST',
    'JOB_DONE',
    'INVALID_PROOF',
    'ARTIFACT_MISSING',
    'STORE_MISMATCH',
    'L1_REORG_TOO_DEEP',
    'L1_MISMATCH',
    'UNAVAILABLE',
    'INTERNAL',
  ],
  /** The command line or the options given cannot work (the CLI exits with status 2). */
  usage: [
    /** An unknown flag, a missing argument, a value that cannot be one (any command, prover options included). */
    'USAGE',
  ],
  /** Reaching the L1 node or the sequencer, as a client (wallet, prover, auditor, devnet, deployment). */
  network: [
    /** The L1 node did not answer. */
    'L1_UNREACHABLE',
    /** The sequencer did not answer: connection refused or reset, DNS, a request timeout. */
    'SEQUENCER_UNREACHABLE',
    /** An answer that is not the API's (a proxy page, an unexpected status, no JSON). */
    'BAD_RESPONSE',
    /** An L1 call reverted; the message names the contract's custom error. */
    'L1_REVERTED',
    /** Any other L1 failure (insufficient funds for gas, nonce, rejected tx, a missing receipt or event). */
    'L1_FAILED',
  ],
  /** The user's side (wallet/). The sequencer's codes pass through as the sequencer sent them. */
  wallet: [
    /** No endpoint or rollup address configured (no flag, no environment variable, no devnet). */
    'NOT_CONFIGURED',
    'WALLET_NOT_FOUND',
    'WALLET_EXISTS',
    /** No free Hardhat dev account for a new devnet wallet account. */
    'NO_DEV_ACCOUNT',
    'NO_L1_KEY',
    'UNKNOWN_TOKEN',
    'BAD_AMOUNT',
    /** The wallet account has no L2 account (idx) of that token yet: deposit first. */
    'NO_L2_ACCOUNT',
    /** The sequencer serves another chain or rollup than the one configured. */
    'DOMAIN_MISMATCH',
    'TIMEOUT',
    /** Exodus cannot be activated yet: nothing is overdue (the message says when it would be). */
    'EXODUS_NOT_DUE',
    /** An exodus withdrawal or refund before exodus was activated. */
    'EXODUS_NOT_ACTIVE',
    /** The account's leaf was already withdrawn in exodus (the credit is on L1: claim it). */
    'ALREADY_WITHDRAWN',
    /** No leaf of the wallet account has a balance in the last finalized state. */
    'NOTHING_TO_WITHDRAW',
    /** No deposit of the wallet account's L1 address waits unprocessed (or all were refunded). */
    'NOTHING_TO_REFUND',
    /** The state rebuilt from L1 data does not give the contract's last finalized root (or L1 data is unreadable). */
    'REPLAY_MISMATCH',
  ],
  /** The prover worker (prover/). The sequencer's codes (LEASE_LOST, JOB_DONE, …) pass through as they are. */
  prover: [
    /** A downloaded or local artifact whose sha256 is not the one the sequencer announces. */
    'HASH_MISMATCH',
    /** The backend could not produce a proof (non-zero exit, missing or malformed output). */
    'BACKEND_FAILED',
    'BACKEND_TIMEOUT',
    /** The worker's own check of its proof failed: wrong public signal, or it does not verify. */
    'SELF_CHECK_FAILED',
    /** The job was given up on purpose (shutdown, lease taken by another worker). */
    'ABORTED',
  ],
  /** The auditor, when it cannot audit (a mismatch is a finding in the report, not an error). */
  audit: [
    /** No Rollup contract at the address (no code, or not the interface). */
    'NOT_A_ROLLUP',
    /** No verification key for a registered circuit. */
    'VKEY_MISSING',
    'FILE_NOT_FOUND',
    /** The tx that committed or proved a batch is not a direct Rollup call of that kind (a multisig, a relayer). */
    'CALLDATA_UNREADABLE',
  ],
  /** The local system (`modulo devnet`). */
  devnet: [
    /** The devnet needs Node >= 22.13 (node:sqlite, Hardhat 3); `make devnet` installs it in tools/node. */
    'NODE_TOO_OLD',
    'PORT_IN_USE',
    'BUILD_FAILED',
    /** A component did not come up (the message has its log's tail). */
    'START_FAILED',
    /** A component stopped while the devnet was running. */
    'PROCESS_EXITED',
    /** The L1 chain journal cannot record or replay a block (a tx type it does not rebuild, bytes that do not hash back). */
    'JOURNAL_FAILED',
  ],
  /** The proving toolkit (proving-kit/): compiling, keys, ceremonies. */
  provingKit: [
    'DEV_KEY_NOT_ALLOWED',
    'UNKNOWN_NETWORK',
    'KEY_META_MISSING',
    'FORGEABLE_KEY',
    'CIRCUIT_TOO_LARGE',
    /** circom failed on a circuit, or solc on a (regenerated) verifier. */
    'COMPILE_FAILED',
    'CEREMONY_VERIFY_FAILED',
    'CEREMONY_STEP_FAILED',
  ],
  /** Entry scripts (scripts/): a benchmark's own check of its results failed. */
  scripts: ['BENCH_FAILED'],
} as const;

export type ErrorNamespace = keyof typeof ERROR_CODES;
export type ErrorCodeOf<N extends ErrorNamespace> = (typeof ERROR_CODES)[N][number];
export type ModuloErrorCode = ErrorCodeOf<ErrorNamespace>;

export interface ModuloErrorOptions {
  /** The error this one explains; kept, never flattened into the message alone. */
  readonly cause?: unknown;
  /** Worth trying again as it is (the sequencer restarting, a 5xx, a 429, no answer). */
  readonly retryable?: boolean;
}

export class ModuloError extends Error {
  override readonly name = 'ModuloError';
  readonly retryable: boolean;
  constructor(
    readonly code: ModuloErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options: ModuloErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}

/** One line for logs and for the `reason` a failed job is handed back with: `CODE: message`. */
export function describeError(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export function isRetryable(error: unknown): boolean {
  return error instanceof ModuloError && error.retryable;
}
