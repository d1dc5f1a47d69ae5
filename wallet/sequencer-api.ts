import type { AccountList, AccountView } from '../api/account.js';
import type { BatchView } from '../api/batch.js';
import type { ErrorBody } from '../api/error-body.js';
import { PATHS, pathTo } from '../api/paths.js';
import type { StateView } from '../api/state.js';
import type { TxAccepted, TxBody, TxView } from '../api/tx.js';
import { ModuloError } from '../core/errors.js';

/**
 * The sequencer's public HTTP API (the views of api/, integers as decimal strings); every error the
 * sequencer answers becomes a ModuloError with its code.
 */
export class SequencerApi {
  readonly baseUrl: string;
  readonly #timeoutMs: number;

  constructor(baseUrl: string, timeoutMs = 15_000) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = timeoutMs;
  }

  state(): Promise<StateView> {
    return this.#request('GET', PATHS.state);
  }

  async accountsOf(ax: bigint, ay: bigint): Promise<AccountView[]> {
    return (await this.#request<AccountList>('GET', `${PATHS.accounts}?ax=${ax}&ay=${ay}`)).accounts;
  }

  account(idx: number): Promise<AccountView> {
    return this.#request('GET', pathTo(PATHS.account, { idx }));
  }

  async submit(body: TxBody): Promise<string> {
    return (await this.#request<TxAccepted>('POST', PATHS.txs, body)).txHash;
  }

  tx(hash: string): Promise<TxView> {
    return this.#request('GET', pathTo(PATHS.tx, { hash }));
  }

  batch(n: number): Promise<BatchView> {
    return this.#request('GET', pathTo(PATHS.batch, { n }));
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
    const e = json as Partial<ErrorBody>;
    if (typeof e.code !== 'string') throw new ModuloError('BAD_RESPONSE', `${method} ${path}: HTTP ${res.status}: ${text.slice(0, 200)}`);
    throw new ModuloError(e.code as ModuloError['code'], e.message ?? '', e.details ?? {});
  }
}
