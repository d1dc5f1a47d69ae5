import { ModuloError } from '../core/errors.js';

/** A JSON-RPC call, straight to the node (no client-side caching: the journal must see exactly the chain). */
export type Rpc = <T = unknown>(method: string, params?: unknown[]) => Promise<T>;

export function jsonRpc(url: string, timeoutMs = 30_000): Rpc {
  let id = 0;
  return async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new ModuloError('L1_FAILED', `${method}: ${body.error.message}`, { method });
    return body.result as T;
  };
}

export const hexQuantity = (n: number | bigint): string => `0x${n.toString(16)}`;
