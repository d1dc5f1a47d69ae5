/**
 * Everything the auditor takes from L1, and only from the L1 node: the rollup's configuration (views), its
 * events since deployment, and the calldata of the txs that committed and proved batches.
 */
import { Contract, JsonRpcProvider, type Log } from 'ethers';
import { rollupInterface } from '../l1/rollup-abi.js';
import {
  decodeBatchCommitted, decodeBatchesCommitted, decodeBatchFinalized, decodeBatchReverted, decodeL1TxQueued, rollupEventName,
  type BatchCommittedEvent, type L1TxQueuedEvent,
} from '../l1/rollup-events.js';
import { ModuloError } from '../core/errors.js';
import { settlementCalldata } from './calldata.js';

export interface RegisteredCircuit {
  readonly id: number;
  readonly verifier: string;
  readonly batchSize: number;
  readonly feeSlots: number;
}

/**
 * A batch's commit: its BatchCommitted event, or for a batch of commitAndProveBatches (one BatchesCommitted for all)
 * the same fields from that event (where the queue starts) and the call's calldata (circuit, root, queue counts).
 */
export interface CommitEvent extends Omit<BatchCommittedEvent, 'publicInputHash'> {
  /**
   * The public input the contract computed and logged; null for a batch of commitAndProveBatches, which logs none:
   * the auditor verifies its proof against the public input it computes itself, so a wrong one fails there.
   */
  readonly publicInputHash: bigint | null;
  readonly txHash: string;
  readonly blockNumber: number;
}

export interface FinalizedBatch {
  readonly txHash: string;
  readonly stateRoot: bigint | null;
}

export interface RollupHistory {
  readonly chainId: bigint;
  readonly address: string;
  readonly deployBlock: number;
  /** Everything is read as of this block. */
  readonly head: number;
  readonly depth: number;
  readonly circuits: readonly RegisteredCircuit[];
  readonly queue: readonly L1TxQueuedEvent[];
  /** The batches committed and not reverted, by number. */
  readonly commits: ReadonlyMap<number, CommitEvent>;
  /**
   * Finalizing tx, by batch number. One BatchFinalized(n) finalizes every batch after the previous one up to n
   * (a settlement of many batches emits one): stateRoot is the event's root for n, null for the batches before it.
   */
  readonly finalized: ReadonlyMap<number, FinalizedBatch>;
  readonly onChain: {
    readonly genesisRoot: bigint;
    readonly lastCommitted: number;
    readonly lastFinalized: number;
    readonly lastCommittedStateRoot: bigint;
    readonly lastFinalizedStateRoot: bigint;
  };
}

/** The first block with code at `address` (bisection over eth_getCode): where the rollup was deployed. */
export async function findDeployBlock(provider: JsonRpcProvider, address: string, head: number): Promise<number> {
  if ((await provider.getCode(address, head)) === '0x') throw new ModuloError('NOT_A_ROLLUP', `no contract at ${address} (block ${head})`);
  let lo = 0;
  let hi = head;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await provider.getCode(address, mid)) === '0x') lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function logs(provider: JsonRpcProvider, address: string, from: number, to: number): Promise<Log[]> {
  const out: Log[] = [];
  const step = 10_000;
  for (let start = from; start <= to; start += step) out.push(...(await provider.getLogs({ address, fromBlock: start, toBlock: Math.min(to, start + step - 1) })));
  return out.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}

/** The commits of one commitAndProveBatches: its BatchesCommitted log and its calldata. */
async function settlementCommits(provider: JsonRpcProvider, address: string, log: Log, circuits: readonly RegisteredCircuit[]): Promise<CommitEvent[]> {
  const e = decodeBatchesCommitted(log);
  const batches = await settlementCalldata(provider, address, log.transactionHash, (id) => circuits[id]?.feeSlots);
  if (batches[0]?.batchNumber !== e.firstBatch) {
    throw new ModuloError('CALLDATA_UNREADABLE', `tx ${log.transactionHash}: BatchesCommitted names batches from ${e.firstBatch}, its calldata from ${batches[0]?.batchNumber}`, { txHash: log.transactionHash });
  }
  let l1QueueEnd = e.l1QueueStart;
  return batches.map((b) => {
    const l1QueueStart = l1QueueEnd;
    l1QueueEnd += b.l1TxCount;
    return {
      batchNumber: b.batchNumber, circuitId: b.circuitId, newStateRoot: b.newStateRoot, l1QueueStart, l1QueueEnd,
      publicInputHash: null, txHash: log.transactionHash, blockNumber: log.blockNumber,
    };
  });
}

export async function readHistory(provider: JsonRpcProvider, address: string, fromBlock?: number): Promise<RollupHistory> {
  const head = await provider.getBlockNumber();
  const deployBlock = fromBlock ?? (await findDeployBlock(provider, address, head));
  const rollup = new Contract(address, rollupInterface, provider);
  const view = <T>(name: string, ...args: unknown[]) => rollup.getFunction(name)(...args, { blockTag: head }) as Promise<T>;
  const count = Number(await view<bigint>('circuitCount').catch((error: unknown) => {
    throw new ModuloError('NOT_A_ROLLUP', `${address} does not answer circuitCount(): not a Modulo rollup`, {}, { cause: error });
  }));
  const circuits: RegisteredCircuit[] = [];
  for (let id = 0; id < count; id++) {
    const c = await view<{ verifier: string; batchSize: bigint; feeSlots: bigint }>('circuit', id);
    circuits.push({ id, verifier: c.verifier, batchSize: Number(c.batchSize), feeSlots: Number(c.feeSlots) });
  }
  const queue: L1TxQueuedEvent[] = [];
  const commits = new Map<number, CommitEvent>();
  const finalized = new Map<number, FinalizedBatch>();
  let lastFinalized = 0;
  for (const log of await logs(provider, address, deployBlock, head)) {
    const name = rollupEventName(log);
    if (name === 'L1TxQueued') queue.push(decodeL1TxQueued(log));
    else if (name === 'BatchReverted') commits.delete(decodeBatchReverted(log).batchNumber);
    else if (name === 'BatchFinalized') {
      const e = decodeBatchFinalized(log);
      for (let n = lastFinalized + 1; n < e.batchNumber; n++) finalized.set(n, { txHash: log.transactionHash, stateRoot: null });
      finalized.set(e.batchNumber, { txHash: log.transactionHash, stateRoot: e.stateRoot });
      lastFinalized = Math.max(lastFinalized, e.batchNumber);
    } else if (name === 'BatchCommitted') {
      const e = decodeBatchCommitted(log);
      commits.set(e.batchNumber, { ...e, txHash: log.transactionHash, blockNumber: log.blockNumber });
    } else if (name === 'BatchesCommitted') {
      for (const e of await settlementCommits(provider, address, log, circuits)) commits.set(e.batchNumber, e);
    }
  }
  const genesis = await view<{ newStateRoot: bigint }>('batch', 0);
  return {
    chainId: (await provider.getNetwork()).chainId,
    address,
    deployBlock,
    head,
    depth: Number(await view<bigint>('depth')),
    circuits,
    queue: queue.sort((x, y) => x.queueIndex - y.queueIndex),
    commits,
    finalized,
    onChain: {
      genesisRoot: genesis.newStateRoot,
      lastCommitted: Number(await view<bigint>('lastCommittedBatch')),
      lastFinalized: Number(await view<bigint>('lastFinalizedBatch')),
      lastCommittedStateRoot: await view<bigint>('lastCommittedStateRoot'),
      lastFinalizedStateRoot: await view<bigint>('lastFinalizedStateRoot'),
    },
  };
}
