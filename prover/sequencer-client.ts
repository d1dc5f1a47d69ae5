import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Groth16Proof } from '../proving-kit/ffjs.js';
import { ModuloError, type ModuloErrorCode } from '../core/errors.js';

/** A claimed job (POST /v1/jobs/claim): the batch to prove, its circuit input, and until when. */
export interface Lease {
  readonly jobId: number;
  readonly leaseId: string;
  readonly batchNumber: number;
  readonly circuit: { readonly id: number; readonly name: string };
  /** The batch's one public input (decimal): the proof must verify for exactly this. */
  readonly publicInputHash: string;
  /** The circuit input as the sequencer stored it at seal (decimal strings, nested arrays). */
  readonly input: Record<string, unknown>;
  /** ms since the epoch, on the sequencer's clock. */
  readonly leaseExpiresAt: number;
}

export type ArtifactKind = 'wasm' | 'zkey' | 'vkey' | 'meta';

/** The header the sequencer sends an artifact's sha256 (hex) in (sequencer/routes/circuits.ts). */
export const SHA256_HEADER = 'x-content-sha256';

export interface SequencerClientOptions {
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` when the sequencer has a worker token configured. */
  readonly token?: string | null;
  /** Per JSON request; a proof submission gets three times as long (the sequencer verifies it). */
  readonly requestTimeoutMs?: number;
  /** A whole artifact download (a proving key is hundreds of MB). */
  readonly downloadTimeoutMs?: number;
}

/** Fields of the API's limits (sequencer/schemas.ts). */
const MAX_WORKER_NAME = 128;
const MAX_REASON = 2000;

/**
 * The prover job API over HTTP. Every failure is a ModuloError: the sequencer's own code when it
 * answered with one, SEQUENCER_UNREACHABLE when it did not answer; `retryable` says whether trying again as it
 * is can help (no answer, 5xx, 408, 429).
 */
export class SequencerClient {
  readonly baseUrl: string;
  readonly #headers: Record<string, string>;
  readonly #timeoutMs: number;
  readonly #downloadTimeoutMs: number;

  constructor(o: SequencerClientOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.#headers = o.token ? { authorization: `Bearer ${o.token}` } : {};
    this.#timeoutMs = o.requestTimeoutMs ?? 15_000;
    this.#downloadTimeoutMs = o.downloadTimeoutMs ?? 30 * 60_000;
  }

  /** The oldest unproven batch, or null when there is none. */
  async claim(worker: string): Promise<Lease | null> {
    const res = await this.#post('/v1/jobs/claim', { worker: worker.slice(0, MAX_WORKER_NAME) });
    if (res.status === 204) return null;
    const lease = (await this.#json(res, 'claim')) as Partial<Lease> | null;
    if (!isLease(lease)) throw new ModuloError('BAD_RESPONSE', 'claim: the answer is not a lease', { status: res.status });
    return lease;
  }

  async heartbeat(jobId: number, leaseId: string): Promise<{ leaseExpiresAt: number }> {
    return (await this.#json(await this.#post(`/v1/jobs/${jobId}/heartbeat`, { leaseId }), 'heartbeat')) as { leaseExpiresAt: number };
  }

  async submitProof(jobId: number, leaseId: string, proof: Groth16Proof, publicSignals: readonly string[]): Promise<{ batchNumber: number }> {
    const res = await this.#post(`/v1/jobs/${jobId}/proof`, { leaseId, proof, publicSignals }, this.#timeoutMs * 3);
    return (await this.#json(res, 'proof')) as { batchNumber: number };
  }

  async fail(jobId: number, leaseId: string, reason: string, timeoutMs = this.#timeoutMs): Promise<void> {
    await this.#json(await this.#post(`/v1/jobs/${jobId}/fail`, { leaseId, reason: reason.slice(0, MAX_REASON) }, timeoutMs), 'fail');
  }

  /** The sha256 the sequencer announces for an artifact (HEAD, no body); null when it serves none of that kind. */
  async artifactSha256(circuit: string, kind: ArtifactKind): Promise<string | null> {
    const res = await this.#request(this.#artifactUrl(circuit, kind), { method: 'HEAD' }, this.#timeoutMs);
    if (res.status === 400 || res.status === 404) return null;
    if (res.status !== 200) throw statusError(res.status, `HEAD ${kind} of ${circuit}`, {});
    return sha256Header(res, `${circuit}/${kind}`);
  }

  /**
   * Downloads an artifact into `dir` as `<sha256>.<kind>`, hashing while it streams: the file appears
   * under that name only when its bytes hash to the announced sha256 (a partial or corrupt download
   * leaves nothing behind). Returns the announced hash and the path.
   */
  async download(circuit: string, kind: ArtifactKind, dir: string): Promise<{ path: string; sha256: string }> {
    const res = await this.#request(this.#artifactUrl(circuit, kind), { method: 'GET' }, this.#downloadTimeoutMs);
    if (res.status !== 200) throw statusError(res.status, `GET ${kind} of ${circuit}`, await body(res));
    const announced = sha256Header(res, `${circuit}/${kind}`);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${announced}.${kind}`);
    const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
    const hash = createHash('sha256');
    const hasher = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), hasher, createWriteStream(partial));
    } catch (error) {
      rmSync(partial, { force: true });
      throw new ModuloError('SEQUENCER_UNREACHABLE', `download of ${circuit}/${kind} broke off: ${(error as Error).message}`, { circuit, kind }, { cause: error, retryable: true });
    }
    const actual = hash.digest('hex');
    if (actual !== announced) {
      rmSync(partial, { force: true });
      throw new ModuloError('HASH_MISMATCH', `${circuit}/${kind} from the sequencer hashes to ${actual}, announced ${announced}`, { circuit, kind, actual, announced });
    }
    renameSync(partial, path);
    return { path, sha256: announced };
  }

  #artifactUrl(circuit: string, kind: ArtifactKind): string {
    return `/v1/circuits/${encodeURIComponent(circuit)}/${kind}`;
  }

  #post(path: string, payload: unknown, timeoutMs = this.#timeoutMs): Promise<Response> {
    return this.#request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }, timeoutMs);
  }

  async #request(path: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        ...init,
        headers: { ...this.#headers, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new ModuloError('SEQUENCER_UNREACHABLE', `${init.method} ${this.baseUrl}${path}: ${cause}`, { path }, { cause: error, retryable: true });
    }
  }

  async #json(res: Response, what: string): Promise<unknown> {
    const parsed = await body(res);
    if (res.status === 200) return parsed;
    throw statusError(res.status, what, parsed);
  }
}

function isLease(l: Partial<Lease> | null): l is Lease {
  return l !== null && typeof l === 'object' && Number.isSafeInteger(l.jobId) && typeof l.leaseId === 'string' && Number.isSafeInteger(l.batchNumber) &&
    typeof l.circuit?.name === 'string' && typeof l.publicInputHash === 'string' && typeof l.input === 'object' && l.input !== null &&
    typeof l.leaseExpiresAt === 'number';
}

async function body(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

function sha256Header(res: Response, what: string): string {
  const sha = res.headers.get(SHA256_HEADER);
  if (sha === null || !/^[0-9a-f]{64}$/.test(sha)) {
    throw new ModuloError('BAD_RESPONSE', `${what}: no ${SHA256_HEADER} header`, { what });
  }
  return sha;
}

/** An error answer as a ModuloError with the sequencer's code (BAD_RESPONSE when it sent none). */
function statusError(status: number, what: string, parsed: unknown): ModuloError {
  const b = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { code?: unknown; message?: unknown };
  const code = (typeof b.code === 'string' && /^[A-Z_]+$/.test(b.code) ? b.code : 'BAD_RESPONSE') as ModuloErrorCode;
  const message = typeof b.message === 'string' ? b.message : `HTTP ${status}`;
  const retryable = status >= 500 || status === 408 || status === 429;
  return new ModuloError(code, `${what}: ${message}`, { status }, { retryable });
}
