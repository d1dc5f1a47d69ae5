import type { AccountView, AddressView, BatchDetail, BatchSummary, L1TxView, L2TxView, ProverStats, Series, Token, TxDetail } from '../../api/explorer.js';

/**
 * The sequencer's public API as the explorer reads it (same origin: the sequencer serves the explorer).
 * Types come from the API's own schemas (api/explorer.ts); the older routes' shapes are written here.
 */

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
  if (!res.ok) throw new ApiError(res.status, body?.code ?? 'HTTP_ERROR', body?.message ?? `${path}: HTTP ${res.status}`);
  return body as T;
}

/** null when the sequencer answers 404 (a search that finds nothing is not an error). */
async function find<T>(path: string): Promise<T | null> {
  try {
    return await get<T>(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** GET /v1/state */
export interface State {
  chainId: string;
  rollupAddress: string;
  depth: number;
  stateRoot: string;
  batches: { lastSealed: number; lastCommitted: number; lastProven: number; lastFinalized: number };
  mempool: { l2Txs: number; l1Txs: number };
  l1: { syncedBlock: number | null; queueLength: number; nextQueueIndex: number };
  circuits: Array<{ name: string; id: number; batchSize: number; feeSlots: number }>;
}

/** GET /v1/accounts/:idx: as of the last sealed batch, and pending. */
export interface Account {
  idx: string;
  tokenId: string;
  nonce: string;
  balance: string;
  ax: string;
  ay: string;
  ethAddr: string;
  pending: { nonce: string; balance: string };
}

/** The key's sidecar (proving-kit): the circuit's size. */
export interface CircuitMeta {
  nConstraints?: number;
  insecure?: boolean;
}

export type { AccountView, AddressView, BatchDetail, BatchSummary, L1TxView, L2TxView, ProverStats, Series, Token, TxDetail };

const q = (params: Record<string, number | null | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) s.set(k, String(v));
  const text = s.toString();
  return text === '' ? '' : `?${text}`;
};

export const api = {
  state: () => get<State>('/v1/state'),
  batches: (before: number | null, limit = 20) => get<{ batches: BatchSummary[]; next: number | null }>(`/v1/explorer/batches${q({ before, limit })}`),
  batch: (n: number) => find<BatchDetail>(`/v1/explorer/batches/${n}`),
  tx: (hash: string) => find<TxDetail>(`/v1/explorer/txs/${hash}`),
  account: (idx: number) => find<Account>(`/v1/accounts/${idx}`),
  accountsOfKey: (ax: string, ay: string) => get<{ accounts: Account[] }>(`/v1/accounts?ax=${ax}&ay=${ay}`),
  accountTxs: (idx: number, before: number | null, limit = 20) => get<{ txs: L2TxView[]; next: number | null; l1Txs: L1TxView[] }>(`/v1/explorer/accounts/${idx}/txs${q({ before, limit })}`),
  address: (ethAddr: string) => get<AddressView>(`/v1/explorer/addresses/${ethAddr}`),
  numbers: (n: number) => get<{ batch: boolean; account: boolean }>(`/v1/explorer/numbers/${n}`),
  provers: () => get<ProverStats>('/v1/explorer/provers'),
  series: (minutes = 60) => get<Series>(`/v1/explorer/series${q({ minutes })}`),
  tokens: () => get<{ tokens: Token[] }>('/v1/explorer/tokens'),
  circuitMeta: (name: string) => find<CircuitMeta>(`/v1/circuits/${encodeURIComponent(name)}/meta`),
  vkey: (name: string) => get<unknown>(`/v1/circuits/${encodeURIComponent(name)}/vkey`),
};
