/**
 * Throughput of core's crypto on one core: Poseidon(2), Poseidon(4) (a quaternary tree node),
 * EdDSA-Poseidon sign and verify. Each figure is counted over a fixed window after a warm-up, on
 * inputs cycled from a seeded pool so no result is a cached constant.
 *
 *   npx tsx scripts/bench-crypto.ts            core only
 *   npx tsx scripts/bench-crypto.ts --compare  also poseidon-lite and circomlibjs, same inputs
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { poseidon2, poseidon4 } from 'poseidon-lite';
import { derivePublicKey, signPoseidon, verifyPoseidon } from '../core/eddsa.js';
import { FIELD_MODULUS } from '../core/field.js';
import { poseidon } from '../core/poseidon.js';
import { ModuloError } from '../core/errors.js';

export interface BenchResult {
  name: string;
  perSecond: number;
}

export interface BenchCryptoOptions {
  /** Measuring window per figure, in ms. */
  windowMs?: number;
  /** Add rows for poseidon-lite and circomlibjs (a dev dependency) on the same inputs. */
  compare?: boolean;
}

const POOL = 64;
const DEFAULT_WINDOW_MS = 2000;
const WARMUP_MS = 200;

/** xorshift32: seeded, so two runs use the same inputs. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function fieldPool(next: () => number, width: number): bigint[][] {
  return Array.from({ length: POOL }, () =>
    Array.from({ length: width }, () => {
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 32n) | BigInt(next());
      return v % FIELD_MODULUS;
    }),
  );
}

/** Calls `op(i)` for i = 0, 1, ... until `ms` has passed; returns calls per second. */
function rate(ms: number, op: (i: number) => unknown): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let k = 0; k < 4; k++) op(calls++);
    elapsed = performance.now() - start;
  }
  return (calls * 1000) / elapsed;
}

function measure(name: string, windowMs: number, op: (i: number) => unknown): BenchResult {
  rate(Math.min(WARMUP_MS, windowMs), op);
  return { name, perSecond: rate(windowMs, op) };
}

interface Workload {
  pairs: bigint[][];
  quads: bigint[][];
  privateKey: Uint8Array;
  messages: bigint[];
}

function workload(): Workload {
  const next = prng(0xc0ffee);
  const privateKey = Uint8Array.from({ length: 32 }, () => next() & 0xff);
  return { pairs: fieldPool(next, 2), quads: fieldPool(next, 4), privateKey, messages: fieldPool(next, 1).map((m) => m[0]!) };
}

function benchCore(w: Workload, windowMs: number): BenchResult[] {
  const publicKey = derivePublicKey(w.privateKey);
  const signatures = w.messages.map((m) => signPoseidon(w.privateKey, m));
  return [
    measure('Poseidon(2)', windowMs, (i) => poseidon(w.pairs[i % POOL]!)),
    measure('Poseidon(4)', windowMs, (i) => poseidon(w.quads[i % POOL]!)),
    measure('EdDSA-Poseidon sign', windowMs, (i) => signPoseidon(w.privateKey, w.messages[i % POOL]!)),
    measure('EdDSA-Poseidon verify', windowMs, (i) => {
      if (!verifyPoseidon(w.messages[i % POOL]!, signatures[i % POOL]!, publicKey)) throw new ModuloError('BENCH_FAILED', 'bench: rejected');
    }),
  ];
}

/** The same figures for poseidon-lite and circomlibjs (WASM field arithmetic), for comparison only. */
async function benchReferences(w: Workload, windowMs: number): Promise<BenchResult[]> {
  // @ts-expect-error circomlibjs ships no type declarations; it is a dev-only reference here
  const { buildEddsa, buildPoseidon } = await import('circomlibjs');
  const hash = await buildPoseidon();
  const eddsa = await buildEddsa();
  const F = eddsa.babyJub.F;
  const A = eddsa.prv2pub(w.privateKey);
  const messages = w.messages.map((m) => F.e(m));
  const signatures = messages.map((m: unknown) => eddsa.signPoseidon(w.privateKey, m));
  const slow = Math.max(windowMs / 2, 1);
  return [
    measure('Poseidon(2), poseidon-lite', windowMs, (i) => poseidon2(w.pairs[i % POOL]!)),
    measure('Poseidon(4), poseidon-lite', windowMs, (i) => poseidon4(w.quads[i % POOL]!)),
    measure('Poseidon(2), circomlibjs', windowMs, (i) => hash.F.toObject(hash(w.pairs[i % POOL]!))),
    measure('Poseidon(4), circomlibjs', windowMs, (i) => hash.F.toObject(hash(w.quads[i % POOL]!))),
    measure('EdDSA-Poseidon sign, circomlibjs', slow, (i) => eddsa.signPoseidon(w.privateKey, messages[i % POOL])),
    measure('EdDSA-Poseidon verify, circomlibjs', slow, (i) => {
      if (!eddsa.verifyPoseidon(messages[i % POOL], signatures[i % POOL], A)) throw new ModuloError('BENCH_FAILED', 'bench: rejected');
    }),
  ];
}

/** Operations per second of core's Poseidon and EdDSA (and, with `compare`, of the references). */
export async function benchCrypto(options: BenchCryptoOptions = {}): Promise<BenchResult[]> {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const w = workload();
  const rows = benchCore(w, windowMs);
  if (options.compare) rows.push(...(await benchReferences(w, windowMs)));
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { compare: { type: 'boolean', default: false } } });
  const rows = await benchCrypto({ compare: values.compare });
  console.log('| operation | per second |\n|---|---:|');
  for (const { name, perSecond } of rows) console.log(`| ${name} | ${Math.round(perSecond).toLocaleString('en-US')} |`);
}
