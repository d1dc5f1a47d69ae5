import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ffjavascript } from './ffjs.js';

export type Group = 'G1' | 'G2';

/** Bytes of one affine point as .zkey files store it. */
export const POINT_BYTES: Readonly<Record<Group, number>> = { G1: 64, G2: 128 };

const CHUNK = 8192;

/**
 * The window width w minimising one worker's additions: ⌈255/w⌉ windows, each costing one addition per
 * scalar and 2^(w-1) additions (+ ~60% for the affine conversion) to tabulate. 16 bits at most (the G2
 * table is then 64 MB).
 */
export function windowBits(pointsPerWorker: number): number {
  let best = 4;
  let bestCost = Infinity;
  for (let w = 4; w <= 16; w++) {
    const cost = Math.ceil(255 / w) * (pointsPerWorker + 1.6 * 2 ** (w - 1));
    if (cost < bestCost) [best, bestCost] = [w, cost];
  }
  return best;
}

interface Reply {
  id: number;
  points?: Uint8Array;
  error?: string;
}

/**
 * Fixed-base scalar multiplication of the BN254 generators on a pool of worker threads
 * (fixed-base-worker.mjs), one per core: `mul('G1', scalars)` returns s·G1 for each 32-byte scalar.
 * Each worker keeps its window table between calls, so give it all the points of a group at once.
 */
export class FixedBasePool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  static async create(threads = availableParallelism()): Promise<FixedBasePool> {
    const curve = await ffjavascript.buildBn128(true);
    const { code, pG1gen, pG2gen } = curve.tm;
    return new FixedBasePool(Math.max(1, threads), { code, pG1gen, pG2gen, r: curve.r.toString() });
  }

  private constructor(threads: number, workerData: object) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(new URL('./fixed-base-worker.mjs', import.meta.url), { workerData });
      worker.on('message', (reply: Reply) => {
        const waiter = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.error) waiter?.reject(new Error(reply.error));
        else waiter?.resolve(reply);
      });
      worker.on('error', (err) => {
        for (const waiter of this.pending.values()) waiter.reject(err);
        this.pending.clear();
      });
      return worker;
    });
  }

  get threads(): number {
    return this.workers.length;
  }

  async mul(group: Group, scalars: Uint8Array, onProgress?: (done: number, total: number) => void): Promise<Uint8Array> {
    const total = scalars.byteLength / 32;
    const size = POINT_BYTES[group];
    const out = new Uint8Array(total * size);
    const window = windowBits(total / this.workers.length);
    let next = 0;
    let done = 0;
    const run = async (worker: Worker): Promise<void> => {
      while (next < total) {
        const start = next;
        const count = Math.min(CHUNK, total - start);
        next += count;
        const chunk = new Uint8Array(scalars.subarray(start * 32, (start + count) * 32)); // a copy we can transfer
        const reply = await this.request(worker, { type: 'mul', group, window, scalars: chunk }, [chunk.buffer]);
        out.set(reply.points!, start * size);
        done += count;
        onProgress?.(done, total);
      }
    };
    await Promise.all(this.workers.map(run));
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private request(worker: Worker, msg: object, transfer: ArrayBuffer[]): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...msg, id }, transfer);
    });
  }
}
