import { TxType } from '../../core/constants.js';

/** How the explorer writes values: the CLI's words and units (docs/), no DOM. */

export interface TokenUnits {
  readonly tokenId: number;
  readonly symbol: string;
  readonly decimals: number;
}

/** 1500000000000000000n with 18 decimals -> "1.5"; exact (no float rounding). */
export function formatUnits(value: bigint | string, decimals: number): string {
  const v = BigInt(value);
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** "1.5 ETH"; an unknown token reads "1500 (token 7, base units)". */
export function formatAmount(value: bigint | string, tokenId: number, tokens: readonly TokenUnits[]): string {
  const token = tokens.find((t) => t.tokenId === tokenId);
  if (token === undefined) return `${BigInt(value)} (token ${tokenId}, base units)`;
  return `${formatUnits(value, token.decimals)} ${token.symbol}`;
}

/** "0x19ff8ee4…23c3": the CLI's short form of a hash or address. */
export function shortHash(hash: string, keep = 8): string {
  return hash.length <= keep + 6 ? hash : `${hash.slice(0, keep + 2)}…${hash.slice(-4)}`;
}

/** A field element in decimal, shortened in the middle when long. */
export function shortField(value: string, keep = 10): string {
  return value.length <= 2 * keep + 1 ? value : `${value.slice(0, keep)}…${value.slice(-keep)}`;
}

/** 1234 -> "1.2 s", 95000 -> "1 min 35 s", 7200000 -> "2 h 0 min". */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1_000);
  if (s < 3_600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3_600)} h ${Math.floor((s % 3_600) / 60)} min`;
}

/** "12 s ago", "3 min ago"; "just now" within a second; times in the future read "just now" too (clock skew). */
export function timeAgo(at: number, now: number): string {
  const ms = now - at;
  return ms < 1_000 ? 'just now' : `${formatDuration(ms).replace(/ \d+ s$/, '')} ago`;
}

/** The local date and time, to the second: "2026-12-03 08:35:12". */
export function formatTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** What each status means, in the words of `modulo tx --wait`. */
export const STATUS_MEANING: Readonly<Record<string, string>> = {
  pending: 'accepted by the sequencer, waiting for a batch',
  included: 'in a sealed batch, waiting for its commit on L1',
  sealed: 'sealed by the sequencer, waiting for its commit on L1',
  committed: 'committed on L1, waiting for its proof',
  proven: 'proof accepted by the sequencer, waiting for proveBatches on L1',
  finalized: 'proven on L1: final',
  rejected: 'dropped by the sequencer when it sealed a batch',
};

/** core TxType of an L1 tx. */
export function l1TxTypeName(txType: number): string {
  return txType === TxType.DEPOSIT ? 'deposit' : txType === TxType.FORCED_EXIT ? 'forced exit' : `L1 tx type ${txType}`;
}
