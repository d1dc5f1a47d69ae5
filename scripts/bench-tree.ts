import { pathToFileURL } from 'node:url';
import { FIELD_MODULUS } from '../core/field.js';
import { StateTree, type LeafUpdate } from '../core/state-tree.js';

/** Random leaf updates per second on a depth-32 StateTree over a MemoryNodeStore. */

const DEPTH = 32;
const BATCH = 256;
const RUN_MS = 2000;

export interface BenchResult {
  name: string;
  perSecond: number;
}

/** xorshift32: seeded, so two runs update the same leaves. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function randomUpdate(next: () => number): LeafUpdate {
  let value = 0n;
  for (let i = 0; i < 8; i++) value = (value << 32n) | BigInt(next());
  return [next(), value % FIELD_MODULUS];
}

/** Calls `step` (which performs `perStep` updates) until RUN_MS has passed. */
function measure(name: string, perStep: number, step: () => void): BenchResult {
  step();
  let updates = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < RUN_MS) {
    step();
    updates += perStep;
    elapsed = performance.now() - start;
  }
  return { name, perSecond: (updates * 1000) / elapsed };
}

export async function benchTree(): Promise<BenchResult[]> {
  const next = prng(0x5eed);
  const single = new StateTree(DEPTH);
  const batched = new StateTree(DEPTH);
  return [
    measure(`setLeaf, depth ${DEPTH}`, 1, () => single.setLeaf(...randomUpdate(next))),
    measure(`setLeaves x${BATCH}, depth ${DEPTH}`, BATCH, () =>
      batched.setLeaves(Array.from({ length: BATCH }, () => randomUpdate(next))),
    ),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await benchTree();
  console.table(results.map(({ name, perSecond }) => ({ name, 'updates/s': Math.round(perSecond) })));
}
