import { MAX_DEPTH, TREE_ARITY as ARITY } from './constants.js';
import { FIELD_MODULUS } from './field.js';
import { ModuloError } from './errors.js';
import { MemoryNodeStore, type NodeEntry, type NodeStore } from './node-store.js';
import { poseidon } from './poseidon.js';

/**
 * The account state tree: a sparse quaternary Merkle tree, node = poseidon([c0, c1, c2, c3]).
 * `depth` counts BITS of the leaf index; the tree has depth / 2 quaternary levels. The path of idx is
 * its base-4 digits, least significant at the leaves. Empty leaves are 0 and an empty subtree at
 * level k hashes to Z[k] (see zeroHashes). The circuit mirrors this layout.
 */

/** The smallest tree: one quaternary level. */
const MIN_DEPTH = 2;

/** Inclusion proof of `leaf` at `idx`. Shaped as the circuit's `siblings[levels][3]` input. */
export interface MerkleProof {
  idx: number;
  leaf: bigint;
  /** siblings[k]: the 3 other children of the level-k group holding our path, in ascending position. */
  siblings: bigint[][];
}

export type LeafUpdate = readonly [idx: number, value: bigint];

const zeroCache: bigint[] = [0n];

/** Z[0..levels]: Z[0] = 0 (the empty leaf), Z[k+1] = poseidon([Z[k], Z[k], Z[k], Z[k]]). */
export function zeroHashes(levels: number): bigint[] {
  if (!Number.isInteger(levels) || levels < 0 || levels > MAX_DEPTH / 2) {
    throw new ModuloError('OUT_OF_RANGE', `zeroHashes: levels ${levels} not in [0, ${MAX_DEPTH / 2}]`, { levels });
  }
  while (zeroCache.length <= levels) {
    const z = zeroCache[zeroCache.length - 1]!;
    zeroCache.push(poseidon([z, z, z, z]));
  }
  return zeroCache.slice(0, levels + 1);
}

export class StateTree {
  readonly depth: number;
  readonly levels: number;
  readonly #store: NodeStore;
  readonly #zeros: bigint[];

  constructor(depth: number, store: NodeStore = new MemoryNodeStore()) {
    this.levels = levelsOf(depth);
    this.depth = depth;
    this.#store = store;
    this.#zeros = zeroHashes(this.levels);
  }

  get root(): bigint {
    return this.#node(this.levels, 0);
  }

  getLeaf(idx: number): bigint {
    checkIdx(idx, this.depth);
    return this.#node(0, idx);
  }

  /** Sets one leaf and returns the new root. */
  setLeaf(idx: number, value: bigint): bigint {
    return this.setLeaves([[idx, value]]);
  }

  /**
   * Sets many leaves, hashing every touched internal node once, and writes them to the store in one
   * putNodes call. All updates are validated before anything is written. A repeated idx: the last wins.
   */
  setLeaves(updates: readonly LeafUpdate[]): bigint {
    let changed = new Map<number, bigint>();
    for (const [idx, value] of updates) {
      checkIdx(idx, this.depth);
      checkField(value, 'value');
      changed.set(idx, value);
    }
    if (changed.size === 0) return this.root;
    const entries: NodeEntry[] = [];
    for (let level = 0; ; level++) {
      for (const [index, value] of changed) entries.push(this.#entry(level, index, value));
      if (level === this.levels) break;
      changed = this.#hashParents(level, changed);
    }
    this.#store.putNodes(entries);
    return changed.get(0)!;
  }

  prove(idx: number): MerkleProof {
    checkIdx(idx, this.depth);
    const siblings: bigint[][] = [];
    let index = idx;
    for (let level = 0; level < this.levels; level++) {
      const position = index % ARITY;
      const first = index - position;
      const group: bigint[] = [];
      for (let c = 0; c < ARITY; c++) if (c !== position) group.push(this.#node(level, first + c));
      siblings.push(group);
      index = first / ARITY;
    }
    return { idx, leaf: this.#node(0, idx), siblings };
  }

  /** The new values of the parents (at level + 1) of the nodes changed at `level`. */
  #hashParents(level: number, changed: ReadonlyMap<number, bigint>): Map<number, bigint> {
    const parents = new Map<number, bigint>();
    for (const index of changed.keys()) {
      const parent = Math.floor(index / ARITY);
      if (parents.has(parent)) continue;
      const children: bigint[] = [];
      for (let c = 0; c < ARITY; c++) {
        const child = parent * ARITY + c;
        children.push(changed.get(child) ?? this.#node(level, child));
      }
      parents.set(parent, this.#hash(level, children));
    }
    return parents;
  }

  /** Skips Poseidon for an all-empty group (a subtree cleared again), which hashes to Z[level + 1]. */
  #hash(level: number, children: bigint[]): bigint {
    const zero = this.#zeros[level]!;
    if (children.every((child) => child === zero)) return this.#zeros[level + 1]!;
    return poseidon(children);
  }

  #node(level: number, index: number): bigint {
    return this.#store.getNode(level, index) ?? this.#zeros[level]!;
  }

  #entry(level: number, index: number, value: bigint): NodeEntry {
    return { level, index, value: value === this.#zeros[level] ? null : value };
  }
}

/** Recomputes the root a proof commits to. Throws on a proof that does not fit a depth-`depth` tree. */
export function computeRoot(proof: MerkleProof, depth: number): bigint {
  const levels = levelsOf(depth);
  checkIdx(proof.idx, depth);
  checkField(proof.leaf, 'leaf');
  if (proof.siblings.length !== levels) {
    throw new ModuloError('MALFORMED', `proof has ${proof.siblings.length} levels, tree has ${levels}`, {
      levels: proof.siblings.length,
      expected: levels,
    });
  }
  let node = proof.leaf;
  let index = proof.idx;
  for (const [level, group] of proof.siblings.entries()) {
    checkSiblings(group, level);
    const position = index % ARITY;
    node = poseidon([...group.slice(0, position), node, ...group.slice(position)]);
    index = (index - position) / ARITY;
  }
  return node;
}

/** True when the proof leads to `root`; throws (like computeRoot) on a proof of the wrong shape. */
export function verifyProof(root: bigint, proof: MerkleProof, depth: number): boolean {
  return computeRoot(proof, depth) === root;
}

function levelsOf(depth: number): number {
  if (!Number.isInteger(depth) || depth < MIN_DEPTH || depth > MAX_DEPTH || depth % 2 !== 0) {
    throw new ModuloError('OUT_OF_RANGE', `tree depth ${depth} is not an even number in [${MIN_DEPTH}, ${MAX_DEPTH}]`, {
      depth,
    });
  }
  return depth / 2;
}

function checkIdx(idx: number, depth: number): void {
  if (!Number.isInteger(idx) || idx < 0 || idx >= 2 ** depth) {
    throw new ModuloError('OUT_OF_RANGE', `idx ${idx} is outside a depth-${depth} tree`, { idx, depth });
  }
}

function checkField(value: bigint, what: string): void {
  if (typeof value !== 'bigint' || value < 0n || value >= FIELD_MODULUS) {
    throw new ModuloError('NOT_IN_FIELD', `${what} ${value} is not a field element`, { [what]: value });
  }
}

function checkSiblings(group: readonly bigint[], level: number): void {
  if (group.length !== ARITY - 1) {
    throw new ModuloError('MALFORMED', `proof level ${level} has ${group.length} siblings, expected 3`, {
      level,
      siblings: group.length,
    });
  }
  for (const sibling of group) checkField(sibling, 'sibling');
}
