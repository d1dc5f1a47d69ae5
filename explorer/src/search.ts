/**
 * What the search box was given: a tx hash (an L2 tx, or an L1 transaction that queued a deposit or forced
 * exit), an L1 address, an L2 key (ax and ay), or a number, which is a batch number or an account idx
 * (`batch 3` and `idx 3` say which). Pure: the page resolves a number against the sequencer.
 */
export type SearchQuery =
  | { readonly kind: 'tx'; readonly hash: string }
  | { readonly kind: 'address'; readonly ethAddr: string }
  | { readonly kind: 'key'; readonly ax: string; readonly ay: string }
  | { readonly kind: 'batch'; readonly batchNumber: number }
  | { readonly kind: 'account'; readonly idx: number }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'invalid'; readonly text: string };

const DECIMAL = /^(0|[1-9]\d*)$/;
/** Field elements are below 2^254: at most 77 digits. */
const FIELD = /^(0|[1-9]\d{0,76})$/;
/** Batch numbers and idx the explorer can look up exactly (below 2^53). */
const MAX_NUMBER = Number.MAX_SAFE_INTEGER;

function safeNumber(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const n = Number(text);
  return n <= MAX_NUMBER ? n : null;
}

export function parseSearch(input: string): SearchQuery {
  const text = input.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return { kind: 'tx', hash: text.toLowerCase() };
  if (/^0x[0-9a-fA-F]{40}$/.test(text)) return { kind: 'address', ethAddr: text.toLowerCase() };
  const prefixed = /^(batch|b|#|idx|account)\s*:?\s*(\d+)$/i.exec(text);
  if (prefixed !== null) {
    const n = safeNumber(prefixed[2]!);
    if (n === null) return { kind: 'invalid', text };
    return /^(batch|b|#)$/i.test(prefixed[1]!) ? { kind: 'batch', batchNumber: n } : { kind: 'account', idx: n };
  }
  const n = safeNumber(text);
  if (n !== null) return { kind: 'number', value: n };
  const key = text.split(/[\s,]+/);
  if (key.length === 2 && key.every((part) => FIELD.test(part))) return { kind: 'key', ax: key[0]!, ay: key[1]! };
  return { kind: 'invalid', text };
}

/** The explorer route a query leads to directly; null for a bare number (it needs a look-up) or nonsense. */
export function searchRoute(q: SearchQuery): string | null {
  switch (q.kind) {
    case 'tx': return `#/tx/${q.hash}`;
    case 'address': return `#/address/${q.ethAddr}`;
    case 'key': return `#/key/${q.ax}/${q.ay}`;
    case 'batch': return `#/batch/${q.batchNumber}`;
    case 'account': return `#/account/${q.idx}`;
    default: return null;
  }
}
