import type { ErrorBody } from '../api/error-body.js';
import { ModuloError, type ErrorCodeOf, type ModuloErrorCode } from '../core/errors.js';

/** The codes the sequencer answers with: the protocol's and its own (the other namespaces are clients'). */
export type WireErrorCode = ErrorCodeOf<'protocol' | 'sequencer'>;

/**
 * THE place error codes become HTTP statuses. 400: the request is malformed whatever the state;
 * 422: well-formed but invalid against the current (pending) state; 409: conflicts with what the
 * sequencer already holds; 5xx: the sequencer's problem, never the caller's.
 */
const HTTP_STATUS: Record<WireErrorCode, number> = {
  MALFORMED: 400,
  OUT_OF_RANGE: 400,
  NOT_IN_FIELD: 400,
  NOT_REPRESENTABLE: 400,
  INVALID_KEY: 400,
  BAD_URL: 400,
  BAD_HTTP_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  ARTIFACT_MISSING: 404,
  REQUEST_TIMEOUT: 408,
  ALREADY_KNOWN: 409,
  ACCOUNT_EXISTS: 409,
  LEASE_LOST: 409,
  JOB_DONE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  INVALID_SIGNATURE: 422,
  UNKNOWN_ACCOUNT: 422,
  TOKEN_MISMATCH: 422,
  INSUFFICIENT_BALANCE: 422,
  BALANCE_OVERFLOW: 422,
  WRONG_NONCE: 422,
  NO_FEE_SLOT: 422,
  FEE_TOO_LOW: 422,
  INVALID_PROOF: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  STORE_MISMATCH: 500,
  L1_REORG_TOO_DEEP: 500,
  L1_MISMATCH: 500,
  BATCH_FULL: 503,
  TREE_FULL: 503,
  MEMPOOL_FULL: 503,
  UNAVAILABLE: 503,
};

export function httpStatusOf(code: WireErrorCode): number {
  return HTTP_STATUS[code];
}

function isWireCode(code: ModuloErrorCode): code is WireErrorCode {
  return Object.hasOwn(HTTP_STATUS, code);
}

/** Fastify's own errors, by their `code`, as ours. */
const FASTIFY_CODES: Record<string, WireErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED',
  FST_ERR_VALIDATION: 'MALFORMED',
  FST_ERR_RATE_LIMITED: 'RATE_LIMITED',
  FST_ERR_BAD_URL: 'BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'BAD_URL',
};

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  validation?: unknown;
  message?: unknown;
}

/** Any thrown value as the response it becomes. Internal errors (and other namespaces' codes) never leak their message. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody & { code: ModuloErrorCode } } {
  if (error instanceof ModuloError && isWireCode(error.code)) {
    const details = plain(error.details);
    return {
      status: httpStatusOf(error.code),
      body: Object.keys(details).length > 0 ? { code: error.code, message: error.message, details } : { code: error.code, message: error.message },
    };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError;
  const message = typeof e.message === 'string' ? e.message : 'request refused';
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : 500;
  const mapped = e.validation !== undefined ? 'MALFORMED' : typeof e.code === 'string' ? FASTIFY_CODES[e.code] : undefined;
  if (mapped !== undefined) return { status: httpStatusOf(mapped), body: { code: mapped, message } };
  if (statusCode === 429) return { status: 429, body: { code: 'RATE_LIMITED', message } };
  if (statusCode === 404) return { status: 404, body: { code: 'NOT_FOUND', message } };
  if (statusCode >= 400 && statusCode < 500) return { status: 400, body: { code: 'MALFORMED', message } };
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' } };
}

/** Details as JSON-safe values (bigints become decimal strings). */
function plain(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Record<string, unknown>;
}
