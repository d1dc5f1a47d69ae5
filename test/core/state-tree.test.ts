// @ts-expect-error circomlibjs ships no type declarations; it is only the test oracle here
import { buildPoseidon } from 'circomlibjs';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { FIELD_MODULUS } from '../../core/field.js';
import { MemoryNodeStore, nodeKey, type NodeEntry } from '../../core/node-store.js';
import { poseidon } from '../../core/poseidon.js';
import { computeRoot, StateTree, verifyProof, zeroHashes, type LeafUpdate } from '../../core/state-tree.js';
import { prng, randomField } from '../fixtures/random.js';
import { thrownCode } from '../fixtures/errors.js';

// Wraps the real poseidon so a test can count hashes.
vi.mock('../../core/poseidon.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../core/poseidon.js')>();
  return { poseidon: vi.fn(actual.poseidon) };
});

const R = FIELD_MODULUS;


/** Naive reference: recurse over the four subtrees of every node, Z from its own loop. */
function referenceRoot(leaves: ReadonlyMap<number, bigint>, depth: number): bigint {
  const zeros = [0n];
  for (let k = 0; k < depth / 2; k++) zeros.push(poseidon(Array(4).fill(zeros[k]!)));
  const subtree = (level: number, first: number, entries: Array<[number, bigint]>): bigint => {
    if (entries.length === 0) return zeros[level]!;
    if (level === 0) return entries[0]![1];
    const span = 4 ** (level - 1);
    const children = [0, 1, 2, 3].map((c) => {
      const lo = first + c * span;
      return subtree(level - 1, lo, entries.filter(([idx]) => idx >= lo && idx < lo + span));
    });
    return poseidon(children);
  };
  return subtree(depth / 2, 0, [...leaves]);
}

class RecordingStore extends MemoryNodeStore {
  readonly batches: NodeEntry[][] = [];
  override putNodes(entries: readonly NodeEntry[]): void {
    this.batches.push([...entries]);
    super.putNodes(entries);
  }
}

describe('zeroHashes', () => {
  test('Z[0] is the empty leaf 0 and Z[k+1] hashes four copies of Z[k]', () => {
    const zeros = zeroHashes(16);
    expect(zeros).toHaveLength(17);
    expect(zeros[0]).toBe(0n);
    for (let k = 0; k < 16; k++) expect(zeros[k + 1]).toBe(poseidon(Array(4).fill(zeros[k]!)));
  });
});

describe('StateTree', () => {
  test.each([2, 4, 8, 32])('an empty depth-%i tree has root Z[depth / 2]', (depth) => {
    expect(new StateTree(depth).root).toBe(zeroHashes(depth / 2)[depth / 2]);
  });

  test.each([
    { depth: 8, idx: 0 },
    { depth: 8, idx: 255 },
    { depth: 32, idx: 2 ** 31 },
    { depth: 32, idx: 2 ** 32 - 1 },
  ])('depth $depth: idx $idx is an ordinary slot, read back as written and in the root', ({ depth, idx }) => {
    const tree = new StateTree(depth);
    const root = tree.setLeaf(idx, 42n);
    expect(root).toBe(tree.root);
    expect(tree.getLeaf(idx)).toBe(42n);
    expect(root).toBe(referenceRoot(new Map([[idx, 42n]]), depth));
  });

  test('an unwritten slot reads as 0', () => {
    expect(new StateTree(8).getLeaf(17)).toBe(0n);
  });

  test('clearing every leaf restores the empty root and empties the store', () => {
    const store = new MemoryNodeStore();
    const tree = new StateTree(8, store);
    tree.setLeaves([[3, 1n], [200, 2n], [201, 3n]]);
    tree.setLeaves([[3, 0n], [200, 0n]]);
    tree.setLeaf(201, 0n);
    expect(tree.root).toBe(new StateTree(8).root);
    expect(store.size).toBe(0);
  });

  test('setLeaves with a repeated idx keeps the last value', () => {
    const tree = new StateTree(8);
    tree.setLeaves([[9, 1n], [9, 2n]]);
    expect(tree.getLeaf(9)).toBe(2n);
    expect(tree.root).toBe(referenceRoot(new Map([[9, 2n]]), 8));
  });

  test('setLeaves hashes each touched internal node once and writes it in one putNodes call', () => {
    const store = new RecordingStore();
    const tree = new StateTree(8, store);
    vi.mocked(poseidon).mockClear();
    tree.setLeaves([[0, 1n], [1, 2n], [2, 3n], [3, 4n], [4, 5n], [255, 6n]]);
    // level 1: groups 0, 1, 63; level 2: 0, 15; level 3: 0, 3; level 4: the root.
    expect(vi.mocked(poseidon).mock.calls).toHaveLength(8);
    expect(store.batches).toHaveLength(1);
    const keys = store.batches[0]!.map(({ level, index }) => nodeKey(level, index));
    expect(new Set(keys).size).toBe(6 + 8);
    expect(keys).toHaveLength(6 + 8);
  });

  test('a tree reopened over the same store has the same root and leaves', () => {
    const store = new MemoryNodeStore();
    const root = new StateTree(32, store).setLeaves([[5, 10n], [2 ** 32 - 1, 11n]]);
    const reopened = new StateTree(32, store);
    expect(reopened.root).toBe(root);
    expect(reopened.getLeaf(2 ** 32 - 1)).toBe(11n);
  });
});

describe('prove / verifyProof', () => {
  const cases = [
    { depth: 8, leaves: [[0, 0n], [7, 70n], [8, 80n], [255, 1n]] as LeafUpdate[], idx: [0, 7, 8, 100, 255] },
    { depth: 32, leaves: [[1, 1n], [2 ** 31, 2n], [2 ** 32 - 1, 3n]] as LeafUpdate[], idx: [1, 2, 2 ** 31, 2 ** 32 - 1] },
  ];

  test.each(cases)('depth $depth: a proof of every slot, set or empty, verifies', ({ depth, leaves, idx }) => {
    const tree = new StateTree(depth);
    tree.setLeaves(leaves);
    for (const i of idx) {
      const proof = tree.prove(i);
      expect(proof.leaf).toBe(tree.getLeaf(i));
      expect(proof.siblings).toHaveLength(depth / 2);
      for (const group of proof.siblings) expect(group).toHaveLength(3);
      expect(verifyProof(tree.root, proof, depth)).toBe(true);
    }
  });

  const tamperings: Array<[string, (p: ReturnType<StateTree['prove']>) => void]> = [
    ['the leaf', (p) => { p.leaf += 1n; }],
    ['the idx', (p) => { p.idx ^= 1; }],
    ['an idx digit above the leaves', (p) => { p.idx ^= 1 << 6; }],
    ['a level-0 sibling', (p) => { p.siblings[0]![1]! += 1n; }],
    ['the top sibling', (p) => { p.siblings[3]![2]! += 1n; }],
    ['the sibling order', (p) => { p.siblings[0]!.reverse(); }],
  ];

  test.each(tamperings)('a proof with a changed %s fails', (_, tamper) => {
    const tree = new StateTree(8);
    tree.setLeaves([[37, 5n], [38, 6n], [101, 7n], [200, 8n], [36, 9n], [39, 10n]]);
    const proof = tree.prove(37);
    tamper(proof);
    expect(verifyProof(tree.root, proof, 8)).toBe(false);
  });

  test.each([
    ['MALFORMED', 'a missing level', { idx: 1, leaf: 0n, siblings: [[0n, 0n, 0n]] }],
    ['MALFORMED', 'a group of two siblings', { idx: 1, leaf: 0n, siblings: [[0n, 0n, 0n], [0n, 0n]] }],
    ['NOT_IN_FIELD', 'a sibling of r', { idx: 1, leaf: 0n, siblings: [[0n, R, 0n], [0n, 0n, 0n]] }],
    ['OUT_OF_RANGE', 'an idx past the tree', { idx: 16, leaf: 0n, siblings: [[0n, 0n, 0n], [0n, 0n, 0n]] }],
  ])('computeRoot throws %s on a proof with %s', (code, _, proof) => {
    expect(thrownCode(() => computeRoot(proof, 4))).toBe(code);
  });
});

describe('random update sequences', () => {
  const cases = [
    { depth: 8, seed: 1, steps: 60, pool: () => Array.from({ length: 40 }, (_, i) => i * 6) },
    { depth: 8, seed: 2, steps: 60, pool: () => Array.from({ length: 256 }, (_, i) => i) },
    { depth: 32, seed: 3, steps: 30, pool: (rand: () => number) => sparsePool(rand) },
  ];

  /** Random 32-bit indices, neighbours that share groups, and the edges of the index space. */
  function sparsePool(rand: () => number): number[] {
    const random = Array.from({ length: 12 }, () => Math.floor(rand() * 2 ** 32));
    return [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, ...random, (random[0]! ^ 1) >>> 0, (random[1]! ^ 17) >>> 0];
  }

  test.each(cases)(
    'depth $depth, seed $seed: setLeaf/setLeaves agree with a fresh tree and the naive reference',
    ({ depth, seed, steps, pool }) => {
      const rand = prng(seed);
      const slots = pool(rand);
      const pick = (): LeafUpdate => [slots[Math.floor(rand() * slots.length)]!, rand() < 0.25 ? 0n : randomField(rand)];
      const tree = new StateTree(depth);
      const model = new Map<number, bigint>();
      for (let step = 0; step < steps; step++) {
        const updates = rand() < 0.5 ? [pick()] : Array.from({ length: 1 + Math.floor(rand() * 8) }, pick);
        const root = updates.length === 1 ? tree.setLeaf(...updates[0]!) : tree.setLeaves(updates);
        for (const [idx, value] of updates) model.set(idx, value);
        expect(root).toBe(tree.root);
      }
      const fresh = new StateTree(depth);
      fresh.setLeaves([...model]);
      expect(tree.root).toBe(fresh.root);
      expect(tree.root).toBe(referenceRoot(model, depth));
      for (const idx of model.keys()) expect(verifyProof(tree.root, tree.prove(idx), depth)).toBe(true);
    },
  );
});

describe('agreement with circomlibjs Poseidon', () => {
  let hash: (inputs: bigint[]) => bigint;
  beforeAll(async () => {
    const circomlib = await buildPoseidon();
    hash = (inputs) => circomlib.F.toObject(circomlib(inputs)) as bigint;
  });

  test('zero hashes match', () => {
    const zeros = [0n];
    for (let k = 0; k < 16; k++) zeros.push(hash(Array(4).fill(zeros[k]!)));
    expect(zeroHashes(16)).toEqual(zeros);
  });

  test('a depth-4 tree hashed level by level gives the same root and proof', () => {
    const leaves = Array<bigint>(16).fill(0n);
    const updates: LeafUpdate[] = [[1, 7n], [6, 123n], [9, 2n ** 200n], [15, R - 1n]];
    for (const [idx, value] of updates) leaves[idx] = value;
    const level1 = [0, 1, 2, 3].map((g) => hash(leaves.slice(4 * g, 4 * g + 4)));
    const tree = new StateTree(4);
    tree.setLeaves(updates);
    expect(tree.root).toBe(hash(level1));
    expect(tree.prove(6).siblings).toEqual([[leaves[4], leaves[5], leaves[7]], [level1[0], level1[2], level1[3]]]);
  });
});

describe('input validation', () => {
  test.each([-1, 1.5, NaN, Infinity, 2 ** 8])('idx %s is OUT_OF_RANGE in a depth-8 tree', (idx) => {
    const tree = new StateTree(8);
    expect(thrownCode(() => tree.getLeaf(idx))).toBe('OUT_OF_RANGE');
    expect(thrownCode(() => tree.setLeaf(idx, 1n))).toBe('OUT_OF_RANGE');
    expect(thrownCode(() => tree.prove(idx))).toBe('OUT_OF_RANGE');
  });

  test.each([-1n, R, R + 1n, 2n ** 256n])('value %s is NOT_IN_FIELD', (value) => {
    expect(thrownCode(() => new StateTree(8).setLeaf(1, value))).toBe('NOT_IN_FIELD');
  });

  test('r - 1 is the largest accepted value', () => {
    expect(thrownCode(() => new StateTree(8).setLeaf(1, R - 1n))).toBeUndefined();
  });

  test.each([0, 1, 3, 2.5, 31, 34, 64])('depth %s is OUT_OF_RANGE', (depth) => {
    expect(thrownCode(() => new StateTree(depth))).toBe('OUT_OF_RANGE');
  });

  test('a batch with one bad update writes nothing', () => {
    const store = new MemoryNodeStore();
    const tree = new StateTree(8, store);
    expect(thrownCode(() => tree.setLeaves([[1, 1n], [2, R]]))).toBe('NOT_IN_FIELD');
    expect(store.size).toBe(0);
  });
});
