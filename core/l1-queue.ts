import { packFields } from './bits.js';
import { AMOUNT_BITS, IDX_BITS, TOKEN_BITS, TX_TYPE_BITS } from './constants.js';
import { poseidon } from './poseidon.js';
import { assertL1Tx, type L1Tx } from './tx.js';

/** The hash chain's value before the first queued tx. */
export const L1_QUEUE_GENESIS_HASH = 0n;

/** packedL1Tx (docs/protocol.md §6): txType, idx, tokenId, amount from the lowest bits. */
export function packL1Tx(tx: L1Tx): bigint {
  assertL1Tx(tx);
  return packFields([[BigInt(tx.txType), TX_TYPE_BITS], [BigInt(tx.idx), IDX_BITS], [tx.tokenId, TOKEN_BITS], [tx.amount, AMOUNT_BITS]]);
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
