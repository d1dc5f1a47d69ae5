import type { AccountLeaf } from './account.js';
import { NULL_IDX } from './constants.js';
import type { RollupState } from './rollup-state.js';

/**
 * What the circuit needs for one leaf update: the idx, the leaf before, and its siblings before. Each slot
 * has a sender update then a receiver update; each fee slot one update (docs/protocol.md §8).
 */
export interface LeafUpdateWitness {
  readonly idx: number;
  readonly before: AccountLeaf;
  /** The leaf after the update (the circuit computes it; kept for checking witnesses). */
  readonly after: AccountLeaf;
  readonly siblings: bigint[][];
}

/** Records the witness at idx, then writes `after` (unless it is null: the update leaves the leaf as it is). */
export function updateLeaf(state: RollupState, idx: number, after: (before: AccountLeaf) => AccountLeaf | null): LeafUpdateWitness {
  const before = state.getAccount(idx);
  const { siblings } = state.prove(idx);
  const next = after(before);
  if (next !== null) state.setAccount(idx, next);
  return { idx, before, after: next ?? before, siblings };
}

/** The update a slot side does not use: leaf 0 (always empty) to itself. */
export function idleUpdate(state: RollupState): LeafUpdateWitness {
  return updateLeaf(state, NULL_IDX, () => null);
}

/** True when idx addresses a leaf of a tree of `depth` bits. */
export function inTree(idx: number, depth: number): boolean {
  return idx >= 0 && idx < 2 ** depth;
}
