import { decodeRevert } from '../l1/contract-errors.js';
import { ModuloError } from '../core/errors.js';

/**
 * A failed L1 call as the wallet reports it: a revert with custom error data becomes its name, arguments
 * and NatSpec (l1/contract-errors.ts); the rest by what the node said.
 */
interface EthersLikeError {
  code?: unknown;
  data?: unknown;
  info?: { error?: { data?: unknown; message?: unknown } };
  error?: { data?: unknown; message?: unknown };
  shortMessage?: unknown;
  message?: unknown;
  reason?: unknown;
}

/** Revert data wherever ethers or the node put it. */
function revertData(e: EthersLikeError): string | null {
  for (const candidate of [e.data, e.info?.error?.data, e.error?.data]) {
    if (typeof candidate === 'string' && candidate.startsWith('0x')) return candidate;
    if (candidate && typeof candidate === 'object' && typeof (candidate as { data?: unknown }).data === 'string') {
      return (candidate as { data: string }).data;
    }
  }
  return null;
}

const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|fetch failed|socket hang up|failed to detect network/i;

/** Any failure of an L1 call as a ModuloError: a decoded custom error when the contract reverted. */
export function l1Error(error: unknown, what: string): ModuloError {
  if (error instanceof ModuloError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as EthersLikeError;
  // ethers' "could not coalesce error" wraps the node's own answer, which says more.
  const nodeMessage = e.error?.message ?? e.info?.error?.message;
  const message = String(typeof nodeMessage === 'string' ? nodeMessage : (e.shortMessage ?? e.message ?? error));
  const decoded = decodeRevert(revertData(e));
  if (decoded !== null) {
    const notice = decoded.notice ? ` — ${decoded.notice}` : '';
    return new ModuloError('L1_REVERTED', `${what} reverted with ${decoded.text}${notice}`, { error: decoded.name, args: Object.fromEntries(decoded.args) }, { cause: error });
  }
  if (e.code === 'CALL_EXCEPTION') {
    const reason = typeof e.reason === 'string' ? `: ${e.reason}` : '';
    return new ModuloError('L1_REVERTED', `${what} reverted${reason} (${message})`, {}, { cause: error });
  }
  if (UNREACHABLE.test(message) || UNREACHABLE.test(String(e.info?.error?.message ?? ''))) {
    return new ModuloError('L1_UNREACHABLE', `${what}: the L1 node does not answer (${message})`, {}, { cause: error });
  }
  if (e.code === 'INSUFFICIENT_FUNDS' || /enough funds|insufficient funds/i.test(message)) {
    return new ModuloError('L1_FAILED', `${what}: the L1 account cannot pay for value and gas (${message})`, {}, { cause: error });
  }
  return new ModuloError('L1_FAILED', `${what}: ${message}`, {}, { cause: error });
}
