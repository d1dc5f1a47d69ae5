import type { Logger } from 'pino';
import { ModuloError } from '../../core/errors.js';
import { nextL1QueueHash } from '../../core/l1-queue.js';
import type { Mempool } from '../mempool.js';
import type { StoredL1Tx } from '../store/l1-store.js';
import type { Store } from '../store/store.js';
import type { L1Client } from './l1-client.js';

export interface WatcherOptions {
  readonly client: L1Client;
  readonly store: Store;
  readonly mempool: Mempool;
  /** Events are read only from blocks this deep (head - confirmations and below). */
  readonly confirmations: number;
  readonly startBlock: number;
  readonly maxBlockRange: number;
  /** How many block hashes are kept (the newest); a reorg past all of them is L1_REORG_TOO_DEEP. */
  readonly reorgWindow?: number;
  readonly clock?: () => number;
  readonly log?: Logger;
  readonly onReorg?: (ancestor: number, rolledBackTo: number | null) => void;
  /** New L1 txs were handed to the mempool (a batch may be due). */
  readonly onL1Txs?: (count: number) => void;
}

export interface PollResult {
  readonly reorg: { readonly ancestor: number; readonly rolledBackTo: number | null } | null;
  readonly events: number;
  readonly cursor: number | null;
}

const DEFAULT_REORG_WINDOW = 1024;

/**
 * Follows the L1 queue: reads L1TxQueued events from confirmed blocks, checks each against the queue
 * hash chain core computes (a gap or a different hash stops it), and stores them with the block
 * hashes it read. Before reading on, it checks that the last block it read is still on the chain; if
 * not, it walks back its stored hashes to the newest one still on the chain (the common ancestor, or
 * a block below it: rewinding too far only reads events again), forgets everything above it, and
 * rolls back the local batches that consumed a forgotten L1 tx (only possible while they are not
 * committed on L1: L1_REORG_TOO_DEEP otherwise).
 */
export class L1Watcher {
  readonly #o: WatcherOptions;

  constructor(options: WatcherOptions) {
    this.#o = options;
  }

  async poll(): Promise<PollResult> {
    const reorg = await this.#checkReorg();
    const { client, store } = this.#o;
    const safe = (await client.head()) - this.#o.confirmations;
    let cursor = store.l1.cursor() ?? this.#o.startBlock - 1;
    let events = 0;
    while (cursor < safe) {
      const to = Math.min(safe, cursor + this.#o.maxBlockRange);
      const found = await client.queuedL1Txs(cursor + 1, to);
      const toHash = await client.blockHash(to);
      if (toHash === null) break;
      const stored = this.#record(found, to, toHash);
      this.#o.mempool.addL1Txs(stored);
      if (stored.length > 0) this.#o.onL1Txs?.(stored.length);
      events += stored.length;
      cursor = to;
    }
    return { reorg, events, cursor: store.l1.cursor() };
  }

  /** Validates the events against the chain we hold, then stores them, their blocks and the cursor at once. */
  #record(found: Awaited<ReturnType<L1Client['queuedL1Txs']>>, to: number, toHash: string): StoredL1Tx[] {
    const { store } = this.#o;
    const start = store.l1.length();
    let hash = store.l1.hashBefore(start);
    const entries = found.map((e, i) => {
      if (e.queueIndex !== start + i) {
        throw new ModuloError('L1_MISMATCH', `expected L1 tx ${start + i}, got ${e.queueIndex} in block ${e.blockNumber}`, { queueIndex: e.queueIndex });
      }
      hash = nextL1QueueHash(hash, e.tx);
      if (hash !== e.l1QueueHash) {
        throw new ModuloError('L1_MISMATCH', `L1 tx ${e.queueIndex}: the contract's queue hash differs from core's`, { queueIndex: e.queueIndex });
      }
      return { queueIndex: e.queueIndex, tx: e.tx, queueHash: hash, blockNumber: e.blockNumber, blockHash: e.blockHash, l1TxHash: e.txHash, batchNumber: null };
    });
    store.transaction(() => {
      store.l1.insert(entries);
      for (const e of entries) store.l1.putBlock(e.blockNumber, e.blockHash);
      store.l1.putBlock(to, toHash);
      store.l1.setCursor(to);
      store.l1.keepNewestBlocks(this.#o.reorgWindow ?? DEFAULT_REORG_WINDOW);
    });
    return entries;
  }

  async #checkReorg(): Promise<PollResult['reorg']> {
    const { client, store } = this.#o;
    const cursor = store.l1.cursor();
    if (cursor === null) return null;
    const stored = store.l1.blocksFrom(cursor, this.#o.reorgWindow ?? DEFAULT_REORG_WINDOW);
    if (stored.length === 0 || (await client.blockHash(stored[0]!.number)) === stored[0]!.hash) return null;
    let ancestor: number | null = null;
    for (const block of stored.slice(1)) {
      if ((await client.blockHash(block.number)) === block.hash) {
        ancestor = block.number;
        break;
      }
    }
    if (ancestor === null) {
      // No stored block is still on the chain. With the whole history kept, read everything again;
      // with older hashes pruned, the fork point is out of reach.
      if (stored.length >= (this.#o.reorgWindow ?? DEFAULT_REORG_WINDOW)) {
        throw new ModuloError('L1_REORG_TOO_DEEP', `L1 reorg deeper than the ${stored.length} blocks kept`, { cursor });
      }
      ancestor = this.#o.startBlock - 1;
    }
    return this.#rewind(ancestor);
  }

  #rewind(ancestor: number): NonNullable<PollResult['reorg']> {
    const { store, mempool } = this.#o;
    const oldestBatch = store.l1.oldestBatchConsumingAbove(ancestor);
    const rolledBackTo = oldestBatch === null ? null : oldestBatch - 1;
    store.transaction(() => {
      if (rolledBackTo !== null) store.rollbackTo(rolledBackTo, (this.#o.clock ?? Date.now)());
      store.l1.forgetAbove(ancestor);
      store.l1.setCursor(ancestor);
    });
    mempool.reload();
    this.#o.log?.warn({ ancestor, rolledBackTo }, 'L1 reorg: rewound to the common ancestor');
    this.#o.onReorg?.(ancestor, rolledBackTo);
    return { ancestor, rolledBackTo };
  }
}
