import { poseidon } from './poseidon.js';
import { assertL1Tx, type L1Tx } from './tx.js';

/** The hash chain's value before the first queued tx. */
export const L1_QUEUE_GENESIS_HASH = 0n;

/** txType | idx << 8 | tokenId << 40 | amount << 72 */
export function packL1Tx(tx: L1Tx): bigint {
  assertL1Tx(tx);
  return BigInt(tx.txType) | (BigInt(tx.idx) << 8n) | (tx.tokenId << 40n) | (tx.amount << 72n);
}

/** l1QueueHash[i+1] = Poseidon(l1QueueHash[i], packedL1Tx, ethAddr, ax, ay) */
export function nextL1QueueHash(previous: bigint, tx: L1Tx): bigint {
  return poseidon([previous, packL1Tx(tx), tx.ethAddr, tx.ax, tx.ay]);
}

/** The chain after each of `txs`, starting from `start` (the contract's l1QueueHash[i+1..]). */
export function l1QueueHashes(txs: readonly L1Tx[], start = L1_QUEUE_GENESIS_HASH): bigint[] {
  const out: bigint[] = [];
  let hash = start;
  for (const tx of txs) {
    hash = nextL1QueueHash(hash, tx);
    out.push(hash);
  }
  return out;
}
