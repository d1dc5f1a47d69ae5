import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Transaction } from 'ethers';
import { hexQuantity, type Rpc } from './rpc.js';
import { ModuloError } from '../core/errors.js';

/**
 * Hardhat's node keeps its chain in memory only, and Hardhat 3 has no state dump/load. A devnet persists its
 * chain as a journal instead: every block's timestamp and raw signed txs, appended as the node mines them.
 * Replayed into a fresh node with the same genesis date (same config), the chain comes back block for block
 * with the same hashes (EDR is deterministic: same genesis, txs, timestamps and mining order give the same
 * blocks), so the sequencer's database, which records block hashes, stays valid. Replay checks each hash.
 */
export interface JournalBlock {
  readonly number: number;
  readonly hash: string;
  readonly timestamp: number;
  /** Raw signed txs, in block order. */
  readonly txs: readonly string[];
}

interface RpcTx {
  hash: string;
  type: string;
  chainId?: string;
  nonce: string;
  to: string | null;
  input: string;
  value: string;
  gas: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  accessList?: Array<{ address: string; storageKeys: string[] }>;
  v: string;
  r: string;
  s: string;
}

interface RpcBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  transactions: RpcTx[];
}

/** The raw bytes of a mined tx, rebuilt from its fields and signature (checked: it must hash to the tx hash). */
export function rawTransaction(t: RpcTx): string {
  const type = Number(t.type);
  if (type > 2) throw new ModuloError('JOURNAL_FAILED', `tx ${t.hash}: type ${type} is not journaled (blob and set-code txs are not used on a devnet)`, { txHash: t.hash, type });
  const tx = Transaction.from({
    type,
    chainId: t.chainId === undefined ? 0n : BigInt(t.chainId),
    nonce: Number(t.nonce),
    to: t.to,
    data: t.input,
    value: BigInt(t.value),
    gasLimit: BigInt(t.gas),
    ...(type === 2 ? { maxFeePerGas: BigInt(t.maxFeePerGas!), maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas!) } : { gasPrice: BigInt(t.gasPrice!) }),
    ...(type === 0 ? {} : { accessList: t.accessList ?? [] }),
    signature: { r: t.r, s: t.s, v: BigInt(t.v) },
  });
  if (tx.hash !== t.hash) throw new ModuloError('JOURNAL_FAILED', `tx ${t.hash}: rebuilt bytes hash to ${tx.hash}`, { txHash: t.hash });
  return tx.serialized;
}

export async function readBlock(rpc: Rpc, number: number): Promise<JournalBlock | null> {
  const b = await rpc<RpcBlock | null>('eth_getBlockByNumber', [hexQuantity(number), true]);
  if (b === null) return null;
  return { number, hash: b.hash, timestamp: Number(b.timestamp), txs: b.transactions.map(rawTransaction) };
}

export class ChainJournal {
  readonly path: string;
  #blocks: JournalBlock[];

  constructor(path: string) {
    this.path = path;
    this.#blocks = existsSync(path)
      ? readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as JournalBlock)
      : [];
  }

  get blocks(): readonly JournalBlock[] {
    return this.#blocks;
  }

  /** The newest journaled block number (0: genesis only). */
  get head(): number {
    return this.#blocks.length === 0 ? 0 : this.#blocks[this.#blocks.length - 1]!.number;
  }

  append(block: JournalBlock): void {
    if (block.number !== this.head + 1) throw new Error(`invariant: journal: block ${block.number} appended after ${this.head} (record() appends in order)`);
    appendFileSync(this.path, `${JSON.stringify(block)}\n`);
    this.#blocks.push(block);
  }

  /** Drops blocks above `number` (the node reorganized, e.g. evm_revert). */
  truncate(number: number): void {
    this.#blocks = this.#blocks.filter((b) => b.number <= number);
    writeFileSync(this.path, this.#blocks.map((b) => `${JSON.stringify(b)}\n`).join(''));
  }

  /**
   * Appends the blocks the node mined since the last call. A journaled block the node no longer has (a
   * revert) is dropped with everything after it. Returns the number of new blocks.
   */
  async record(rpc: Rpc): Promise<number> {
    const head = Number(await rpc<string>('eth_blockNumber'));
    while (this.head > 0) {
      const last = this.#blocks[this.#blocks.length - 1]!;
      const onChain = last.number <= head ? await rpc<{ hash: string } | null>('eth_getBlockByNumber', [hexQuantity(last.number), false]) : null;
      if (onChain?.hash === last.hash) break;
      this.truncate(last.number - 1);
    }
    let added = 0;
    for (let n = this.head + 1; n <= head; n++) {
      const block = await readBlock(rpc, n);
      if (block === null) break;
      this.append(block);
      added += 1;
    }
    return added;
  }
}

export type ReplayResult = { readonly ok: true; readonly blocks: number } | { readonly ok: false; readonly reason: string };

/**
 * Mines the journal's blocks into a node started on the same genesis: for each block its txs with automine
 * off, then `evm_mine` at its timestamp (mempool order is fifo in the devnet's config, so the order is
 * the journal's). Every resulting hash must equal the journaled one.
 */
export async function replayJournal(rpc: Rpc, blocks: readonly JournalBlock[], onProgress?: (done: number) => void): Promise<ReplayResult> {
  if (Number(await rpc<string>('eth_blockNumber')) !== 0) return { ok: false, reason: 'the node is not at genesis' };
  await rpc('evm_setAutomine', [false]);
  try {
    for (const [i, block] of blocks.entries()) {
      for (const raw of block.txs) await rpc('eth_sendRawTransaction', [raw]);
      await rpc('evm_mine', [block.timestamp]);
      const mined = await rpc<{ hash: string } | null>('eth_getBlockByNumber', [hexQuantity(block.number), false]);
      if (mined?.hash !== block.hash) return { ok: false, reason: `block ${block.number} came out as ${mined?.hash ?? 'nothing'}, journaled ${block.hash}` };
      if (onProgress && i % 200 === 199) onProgress(i + 1);
    }
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  } finally {
    await rpc('evm_setAutomine', [true]).catch(() => undefined);
  }
  return { ok: true, blocks: blocks.length };
}
