import { createHash, randomBytes, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Value from 'typebox/value';
import { SHA256_HEADER, type ArtifactKind } from '../api/artifacts.js';
import {
  Lease, MAX_FAIL_REASON, MAX_WORKER_NAME,
  type ClaimBody, type FailBody, type Groth16Proof, type HeartbeatBody, type LeaseRenewed, type ProofAccepted, type ProofBody,
} from '../api/jobs.js';
import { PATHS, pathTo } from '../api/paths.js';
import { ModuloError, type ModuloErrorCode } from '../core/errors.js';
import { sha256File } from './file-hash.js';

export interface SequencerClientOptions {
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` when the sequencer has a worker token configured. */
  readonly token?: string | null;
  /** Per JSON request; a proof submission gets three times as long (the sequencer verifies it). */
  readonly requestTimeoutMs?: number;
  /** A whole artifact download (a proving key is hundreds of MB). */
  readonly downloadTimeoutMs?: number;
}

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
    const res = await this.#post<ClaimBody>(PATHS.claim, { worker: worker.slice(0, MAX_WORKER_NAME) });
    if (res.status === 204) return null;
    const lease = await this.#json(res, 'claim');
    if (!Value.Check(Lease, lease)) throw new ModuloError('BAD_RESPONSE', 'claim: the answer is not a lease', { status: res.status });
    return lease;
  }

  async heartbeat(jobId: number, leaseId: string): Promise<LeaseRenewed> {
    return (await this.#json(await this.#post<HeartbeatBody>(pathTo(PATHS.heartbeat, { id: jobId }), { leaseId }), 'heartbeat')) as LeaseRenewed;
  }

  async submitProof(jobId: number, leaseId: string, proof: Groth16Proof, publicSignals: readonly string[]): Promise<ProofAccepted> {
    const res = await this.#post<ProofBody>(pathTo(PATHS.proof, { id: jobId }), { leaseId, proof, publicSignals: [...publicSignals] }, this.#timeoutMs * 3);
    return (await this.#json(res, 'proof')) as ProofAccepted;
  }

  async fail(jobId: number, leaseId: string, reason: string, timeoutMs = this.#timeoutMs): Promise<void> {
    await this.#json(await this.#post<FailBody>(pathTo(PATHS.fail, { id: jobId }), { leaseId, reason: reason.slice(0, MAX_FAIL_REASON) }, timeoutMs), 'fail');
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
   * leaves nothing behind). A body cut off mid-way is resumed from where it stopped (`Range: bytes=n-`,
   * up to MAX_RESUMES times, only while the sequencer announces the same sha256), and then the whole
   * file is hashed again. Returns the announced hash and the path.
   */
  async download(circuit: string, kind: ArtifactKind, dir: string): Promise<{ path: string; sha256: string }> {
    const url = this.#artifactUrl(circuit, kind);
    let res = await this.#request(url, { method: 'GET' }, this.#downloadTimeoutMs);
    if (res.status !== 200) throw statusError(res.status, `GET ${kind} of ${circuit}`, await body(res));
    const announced = sha256Header(res, `${circuit}/${kind}`);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${announced}.${kind}`);
    const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.part`;
    const hash = createHash('sha256');
    let resumes = 0;
    try {
      for (; ; resumes++) {
        const broken = await appendBody(res, partial, resumes === 0 ? hash : null);
        if (broken === null) break;
        const written = statSync(partial).size;
        const cutOff = () => new ModuloError('SEQUENCER_UNREACHABLE', `download of ${circuit}/${kind} broke off: ${broken.message}`, { circuit, kind }, { cause: broken, retryable: true });
        if (resumes === MAX_RESUMES) throw cutOff();
        res = await this.#request(url, { method: 'GET', headers: { range: `bytes=${written}-` } }, this.#downloadTimeoutMs);
        if (res.status !== 206 || res.headers.get(SHA256_HEADER) !== announced || !res.headers.get('content-range')?.startsWith(`bytes ${written}-`)) {
          await res.body?.cancel();
          throw cutOff();
        }
      }
      const actual = resumes === 0 ? hash.digest('hex') : await sha256File(partial);
      if (actual !== announced) {
        throw new ModuloError('HASH_MISMATCH', `${circuit}/${kind} from the sequencer hashes to ${actual}, announced ${announced}`, { circuit, kind, actual, announced });
      }
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
    renameSync(partial, path);
    return { path, sha256: announced };
  }

  #artifactUrl(circuit: string, kind: ArtifactKind): string {
    return pathTo(PATHS.artifact, { name: circuit, kind });
  }

  #post<Body>(path: string, payload: Body, timeoutMs = this.#timeoutMs): Promise<Response> {
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

/** How often one download is resumed after its body broke off. */
const MAX_RESUMES = 3;

/**
 * Appends a response body to `file` (hashing it into `hash` when given); the error that cut it off, or
 * null when it arrived whole. Returns only after the file is closed, so its size is what was written.
 */
async function appendBody(res: Response, file: string, hash: Hash | null): Promise<Error | null> {
  const out = createWriteStream(file, { flags: 'a' });
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash?.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), hasher, out);
    return null;
  } catch (error) {
    if (!out.closed) await once(out, 'close');
    return error as Error;
  }
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

/** The code of an answer without a body (HEAD) whose status says it alone. */
const CODE_OF_STATUS: Readonly<Record<number, ModuloErrorCode>> = { 401: 'UNAUTHORIZED', 429: 'RATE_LIMITED' };

/** An error answer as a ModuloError with the sequencer's code (by status for a HEAD; else BAD_RESPONSE when it sent none). */
function statusError(status: number, what: string, parsed: unknown): ModuloError {
  const b = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { code?: unknown; message?: unknown };
  const code = (typeof b.code === 'string' && /^[A-Z_]+$/.test(b.code) ? b.code : CODE_OF_STATUS[status] ?? 'BAD_RESPONSE') as ModuloErrorCode;
  const message = typeof b.message === 'string' ? b.message : `HTTP ${status}`;
  const retryable = status >= 500 || status === 408 || status === 429;
  return new ModuloError(code, `${what}: ${message}`, { status }, { retryable });
}
