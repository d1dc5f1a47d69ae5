import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Interface, type ErrorDescription } from 'ethers';
import { ModuloError } from '../core/errors.js';
import { ROOT } from './network.js';

/**
 * Custom errors of the contracts, decoded from revert data into their name, arguments and NatSpec notice.
 * The declarations and notices are read from contracts/interfaces/*.sol (where the house style keeps every
 * error with its NatSpec), plus the OpenZeppelin errors the contracts can raise.
 */
export interface ErrorDoc {
  /** `error Name(type a, …)` as declared. */
  readonly declaration: string;
  readonly name: string;
  readonly notice: string;
}

const OPENZEPPELIN_ERRORS: readonly ErrorDoc[] = [
  ['AccessControlUnauthorizedAccount(address account, bytes32 neededRole)', '`account` lacks the role this call needs.'],
  ['AccessControlBadConfirmation()', 'Only an account can renounce its own role.'],
  ['ReentrancyGuardReentrantCall()', 'A reentrant call was refused.'],
  ['FailedCall()', 'Sending ETH failed: the receiver refused it.'],
  ['InsufficientBalance(uint256 balance, uint256 needed)', 'The contract holds less ETH than it must send.'],
  ['SafeERC20FailedOperation(address token)', 'The token refused the transfer.'],
  ['ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)', 'The token allowance is too small: approve first.'],
  ['ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)', 'The L1 token balance is too small.'],
].map(([sig, notice]) => ({ declaration: `error ${sig}`, name: sig!.slice(0, sig!.indexOf('(')), notice: notice! }));

/** Every `/// @notice …` + `error Name(…);` of the Solidity sources in `dir`. */
export function parseErrorDocs(source: string): ErrorDoc[] {
  const docs: ErrorDoc[] = [];
  let comment: string[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('///')) {
      comment.push(line.slice(3).trim());
      continue;
    }
    const m = /^error\s+(\w+)\s*\(([^)]*)\)\s*;/.exec(line);
    if (m) {
      const notice = comment.join(' ').replace(/^@notice\s*/, '').replace(/\s*@\w+.*$/, '');
      docs.push({ declaration: `error ${m[1]}(${m[2]!.trim()})`, name: m[1]!, notice });
    }
    comment = [];
  }
  return docs;
}

let cached: readonly ErrorDoc[] | null = null;

export function contractErrorDocs(dir = join(ROOT, 'contracts', 'interfaces')): readonly ErrorDoc[] {
  if (cached !== null) return cached;
  const fromSources = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith('.sol')).flatMap((f) => parseErrorDocs(readFileSync(join(dir, f), 'utf8')))
    : [];
  cached = [...fromSources, ...OPENZEPPELIN_ERRORS];
  return cached;
}

export function errorInterface(docs: readonly ErrorDoc[] = contractErrorDocs()): Interface {
  return new Interface(docs.map((d) => d.declaration));
}

export interface DecodedRevert {
  readonly name: string;
  readonly args: ReadonlyArray<readonly [string, string]>;
  readonly notice: string;
  /** `Name(a=1, b=0x…)`. */
  readonly text: string;
}

function show(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value);
}

/** The custom error in `data` (a revert's return data), or null for none we know. */
export function decodeRevert(data: string | null | undefined, docs: readonly ErrorDoc[] = contractErrorDocs()): DecodedRevert | null {
  if (typeof data !== 'string' || data.length < 10) return null;
  let parsed: ErrorDescription | null = null;
  try {
    parsed = errorInterface(docs).parseError(data);
  } catch {
    return null;
  }
  if (parsed === null) return null;
  const args = parsed.fragment.inputs.map((input, i) => [input.name || `arg${i}`, show(parsed.args[i])] as const);
  const notice = docs.find((d) => d.name === parsed.name)?.notice ?? '';
  return { name: parsed.name, args, notice, text: `${parsed.name}(${args.map(([k, v]) => `${k}=${v}`).join(', ')})` };
}

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
