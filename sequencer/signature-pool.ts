import { Worker } from 'node:worker_threads';
import type { PublicKey } from '../core/eddsa.js';
import type { RollupDomain, SignedL2Tx } from '../core/tx.js';
import type { SignatureCheck, SignatureVerifier } from './signature-verifier.js';

export interface VerifyRequest {
  readonly id: number;
  readonly items: ReadonlyArray<{ tx: SignedL2Tx; publicKey: PublicKey }>;
}

export interface VerifyResponse {
  readonly id: number;
  readonly results: SignatureCheck[];
}

interface Pending {
  readonly resolve: (check: SignatureCheck) => void;
  readonly reject: (error: Error) => void;
}

/** Loads the TypeScript worker whether the process runs under tsx or under vitest. */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then(({ register }) => { register(); return import(workerData.entry); });
`;

/**
 * Signature checks on worker threads. Requests queued in one event-loop turn go out together (one
 * message per worker), spread over the workers by how much each has outstanding.
 */
export class SignaturePool implements SignatureVerifier {
  readonly #domain: RollupDomain;
  readonly #workers: Array<{ worker: Worker; outstanding: number }>;
  readonly #inFlight = new Map<number, { pending: Pending[]; worker: number }>();
  #queue: Array<{ tx: SignedL2Tx; publicKey: PublicKey; pending: Pending }> = [];
  #scheduled = false;
  #closing = false;
  #nextId = 1;

  constructor(domain: RollupDomain, size: number) {
    this.#domain = domain;
    this.#workers = Array.from({ length: Math.max(1, size) }, (_, i) => ({ worker: this.#spawn(i), outstanding: 0 }));
  }

  verify(tx: SignedL2Tx, publicKey: PublicKey): Promise<SignatureCheck> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ tx, publicKey, pending: { resolve, reject } });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }

  #spawn(slot: number): Worker {
    const entry = new URL('./signature-worker.ts', import.meta.url).href;
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { entry, ...this.#domain } });
    worker.on('message', (response: VerifyResponse) => this.#settle(response));
    const died = (error: Error) => {
      if (this.#workers[slot]?.worker === worker) this.#fail(slot, error);
    };
    worker.on('error', died);
    worker.on('exit', () => died(new Error('signature worker exited')));
    worker.unref();
    return worker;
  }

  #flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    // Split the turn's requests evenly, least-loaded worker first.
    const order = [...this.#workers.keys()].sort((a, b) => this.#workers[a]!.outstanding - this.#workers[b]!.outstanding);
    const share = Math.ceil(queue.length / order.length);
    for (const [k, w] of order.entries()) {
      const part = queue.slice(k * share, (k + 1) * share);
      if (part.length === 0) break;
      const id = this.#nextId++;
      const slot = this.#workers[w]!;
      slot.outstanding += part.length;
      this.#inFlight.set(id, { pending: part.map((p) => p.pending), worker: w });
      const request: VerifyRequest = { id, items: part.map(({ tx, publicKey }) => ({ tx, publicKey })) };
      slot.worker.postMessage(request);
    }
  }

  #settle(response: VerifyResponse): void {
    const flight = this.#inFlight.get(response.id);
    if (flight === undefined) return;
    this.#inFlight.delete(response.id);
    this.#workers[flight.worker]!.outstanding -= flight.pending.length;
    flight.pending.forEach((p, i) => p.resolve(response.results[i]!));
  }

  /** A worker died: its requests fail (their txs are refused, INTERNAL) and a new worker takes its slot. */
  #fail(slot: number, error: Error): void {
    for (const [id, flight] of this.#inFlight) {
      if (flight.worker !== slot) continue;
      this.#inFlight.delete(id);
      for (const p of flight.pending) p.reject(error);
    }
    const entry = this.#workers[slot];
    if (this.#closing || entry === undefined) return;
    entry.outstanding = 0;
    const dead = entry.worker;
    entry.worker = this.#spawn(slot);
    void dead.terminate();
  }
}
