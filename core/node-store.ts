/**
 * Where a StateTree keeps its nodes. A node is addressed by (level, index): level 0 holds the leaves,
 * level k the nodes k quaternary levels above them, and index is the node's position within its level
 * (a leaf's index is its idx). Only non-empty nodes are stored: an absent node is the zero hash of its
 * level, so the tree writes `value: null` when a node becomes empty again.
 *
 * The interface is synchronous on purpose: a node:sqlite DatabaseSync store can implement it directly,
 * with `putNodes` as one transaction, so a batch of updates lands atomically or not at all.
 */
export interface NodeStore {
  /** The stored value of the node, or undefined when the node is empty. */
  getNode(level: number, index: number): bigint | undefined;
  /** Writes a batch of nodes; `null` removes the node (it is empty). Must be all-or-nothing. */
  putNodes(entries: readonly NodeEntry[]): void;
}

export interface NodeEntry {
  readonly level: number;
  readonly index: number;
  readonly value: bigint | null;
}

/** Positions per level a node key can address: a depth-32 tree has 2^32 leaves. */
const INDEX_SPAN = 2 ** 32;

/**
 * One safe integer per node: level * 2^32 + index. It fits in a JS number (< 2^37) and in a SQLite
 * INTEGER PRIMARY KEY, so every store can share the encoding. Caller guarantees level and index are
 * in range (the tree validates idx before it derives nodes from it).
 */
export function nodeKey(level: number, index: number): number {
  return level * INDEX_SPAN + index;
}

/** A NodeStore in a Map; the default for tests and for a sequencer that rebuilds state on start. */
export class MemoryNodeStore implements NodeStore {
  readonly #nodes = new Map<number, bigint>();

  /** Number of stored (non-empty) nodes. */
  get size(): number {
    return this.#nodes.size;
  }

  getNode(level: number, index: number): bigint | undefined {
    return this.#nodes.get(nodeKey(level, index));
  }

  putNodes(entries: readonly NodeEntry[]): void {
    for (const { level, index, value } of entries) {
      const key = nodeKey(level, index);
      if (value === null) this.#nodes.delete(key);
      else this.#nodes.set(key, value);
    }
  }
}
