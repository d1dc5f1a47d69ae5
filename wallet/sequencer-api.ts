import { ModuloError } from '../core/errors.js';

/** The sequencer's views the wallet reads (sequencer/schemas.ts); integers are decimal strings. */
export interface StateView {
  readonly chainId: string;
  readonly rollupAddress: string;
  readonly depth: number;
  readonly stateRoot: string;
  readonly batches: { readonly lastSealed: number; readonly lastCommitted: number; readonly lastProven: number; readonly lastFinalized: number };
  readonly mempool: { readonly l2Txs: number; readonly l1Txs: number };
  readonly l1: { readonly syncedBlock: number | null; readonly queueLength: number; readonly nextQueueIndex: number };
}

export interface AccountView {
  readonly idx: string;
  readonly tokenId: string;
  readonly nonce: string;
  readonly balance: string;
  readonly ax: string;
  readonly ay: string;
  readonly ethAddr: string;
  readonly pending: { readonly nonce: string; readonly balance: string };
}

export interface TxBody {
  readonly fromIdx: string;
  readonly toIdx: string;
  readonly amount: string;
  readonly fee: string;
  readonly nonce: string;
  readonly tokenId: string;
  readonly signature: { readonly r8x: string; readonly r8y: string; readonly s: string };
}

export type TxStatus = 'pending' | 'included' | 'committed' | 'proven' | 'finalized' | 'rejected';

export interface TxView {
  readonly txHash: string;
  readonly status: TxStatus;
  readonly tx: TxBody;
  readonly batchNumber: number | null;
  readonly position: number | null;
  readonly reason: { readonly code: string; readonly message: string } | null;
}

export interface BatchView {
  readonly batchNumber: number;
  readonly status: 'sealed' | 'committed' | 'proven' | 'finalized';
  readonly commitL1Tx: string | null;
  readonly proveL1Tx: string | null;
  readonly l1QueueStart: number;
  readonly l1TxCount: number;
}

/** The sequencer's public HTTP API; every error the sequencer answers becomes a ModuloError with its code. */
export class SequencerApi {
  readonly baseUrl: string;
  readonly #timeoutMs: number;

  constructor(baseUrl: string, timeoutMs = 15_000) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = timeoutMs;
  }

  state(): Promise<StateView> {
    return this.#request('GET', '/v1/state');
  }

  async accountsOf(ax: bigint, ay: bigint): Promise<AccountView[]> {
    return (await this.#request<{ accounts: AccountView[] }>('GET', `/v1/accounts?ax=${ax}&ay=${ay}`)).accounts;
  }

  account(idx: number): Promise<AccountView> {
    return this.#request('GET', `/v1/accounts/${idx}`);
  }

  async submit(body: TxBody): Promise<string> {
    return (await this.#request<{ txHash: string }>('POST', '/v1/txs', body)).txHash;
  }

  tx(hash: string): Promise<TxView> {
    return this.#request('GET', `/v1/txs/${hash}`);
  }

  batch(n: number): Promise<BatchView> {
    return this.#request('GET', `/v1/batches/${n}`);
  }

  async #request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new ModuloError('SEQUENCER_UNREACHABLE', `the sequencer at ${this.baseUrl} does not answer (${(error as Error).message})`, {}, { cause: error });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ModuloError('BAD_RESPONSE', `${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`, {}, { cause: error });
    }
    if (res.ok) return json as T;
    const e = json as { code?: string; message?: string; details?: Record<string, unknown> };
    if (typeof e.code !== 'string') throw new ModuloError('BAD_RESPONSE', `${method} ${path}: HTTP ${res.status}: ${text.slice(0, 200)}`);
    throw new ModuloError(e.code as ModuloError['code'], e.message ?? '', e.details ?? {});
  }
}
