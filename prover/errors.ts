import type { ModuloErrorCode } from '../core/errors.js';

/**
 * What the prover worker reports. Codes the sequencer answered with (LEASE_LOST, JOB_DONE,
 * INVALID_PROOF, UNAUTHORIZED, …) are passed through as they are; the others are the worker's own.
 */
export type ProverErrorCode =
  | ModuloErrorCode
  /** No answer: connection refused or reset, DNS, a request timeout. */
  | 'UNREACHABLE'
  /** An HTTP answer that is not the API's (a proxy's page, an unexpected status). */
  | 'BAD_RESPONSE'
  /** A downloaded or local artifact whose sha256 is not the one the sequencer announces. */
  | 'HASH_MISMATCH'
  /** The backend could not produce a proof (non-zero exit, missing or malformed output). */
  | 'BACKEND_FAILED'
  | 'BACKEND_TIMEOUT'
  /** The worker's own check of its proof failed: wrong public signal, or it does not verify. */
  | 'SELF_CHECK_FAILED'
  /** The job was given up on purpose (shutdown, lease taken by another worker). */
  | 'ABORTED'
  | 'BAD_OPTIONS';

export class ProverError extends Error {
  override readonly name = 'ProverError';
  constructor(
    readonly code: ProverErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    /** Worth trying again as it is (the sequencer restarting, a 5xx, a 429). */
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** One line for logs and for the `reason` a failed job is handed back with. */
export function describeError(error: unknown): string {
  if (error instanceof ProverError) return `${error.code}: ${error.message}`;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export function isRetryable(error: unknown): boolean {
  return error instanceof ProverError && error.retryable;
}
