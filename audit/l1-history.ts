import { Contract, Interface, JsonRpcProvider, type Log } from 'ethers';
import { TxType } from '../core/constants.js';
import type { L1Tx } from '../core/tx.js';
import { ModuloError } from '../core/errors.js';
import { AUDIT_ROLLUP_ABI } from './rollup-abi.js';

/**
 * Everything the auditor takes from L1, and only from the L1 node: the rollup's configuration (views), its
 * events since deployment, and the calldata of the txs that committed and proved batches.
 */
export const rollupInterface = new Interface(AUDIT_ROLLUP_ABI);

export interface RegisteredCircuit {
  readonly id: number;
  readonly verifier: string;
  readonly batchSize: number;
  readonly feeSlots: number;
}

export interface QueuedL1Tx {
  readonly queueIndex: number;
  readonly tx: L1Tx;
  /** l1QueueHash[queueIndex + 1] as the contract computed it. */
  readonly l1QueueHash: bigint;
}

export interface CommitEvent {
  readonly batchNumber: number;
  readonly circuitId: number;
  readonly newStateRoot: bigint;
  readonly l1QueueStart: number;
  readonly l1QueueEnd: number;
  readonly publicInputHash: bigint;
  readonly txHash: string;
  readonly blockNumber: number;
}

export interface RollupHistory {
  readonly chainId: bigint;
  readonly address: string;
  readonly deployBlock: number;
  /** Everything is read as of this block. */
  readonly head: number;
  readonly depth: number;
  readonly circuits: readonly RegisteredCircuit[];
  readonly queue: readonly QueuedL1Tx[];
  /** The batches committed and not reverted, by number. */
  readonly commits: ReadonlyMap<number, CommitEvent>;
  /** Finalizing tx and root, by batch number. */
  readonly finalized: ReadonlyMap<number, { readonly txHash: string; readonly stateRoot: bigint }>;
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

function queued(args: Record<string, unknown> & { getValue(name: string): unknown }): QueuedL1Tx {
  const txType = Number(args.getValue('txType'));
  return {
    queueIndex: Number(args.getValue('queueIndex')),
    tx: {
      txType: txType === TxType.FORCED_EXIT ? TxType.FORCED_EXIT : TxType.DEPOSIT,
      idx: Number(args.getValue('idx')),
      tokenId: BigInt(args.getValue('tokenId') as bigint),
      amount: BigInt(args.getValue('amount') as bigint),
      ethAddr: BigInt(args.getValue('ethAddr') as string),
      ax: BigInt(args.getValue('ax') as bigint),
      ay: BigInt(args.getValue('ay') as bigint),
    },
    l1QueueHash: BigInt(args.getValue('l1QueueHash') as bigint),
  };
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
  const queue: QueuedL1Tx[] = [];
  const commits = new Map<number, CommitEvent>();
  const finalized = new Map<number, { txHash: string; stateRoot: bigint }>();
  for (const log of await logs(provider, address, deployBlock, head)) {
    const parsed = rollupInterface.parseLog(log);
    if (parsed === null) continue;
    const a = parsed.args;
    const n = parsed.name === 'L1TxQueued' ? -1 : Number(a.getValue('batchNumber'));
    if (parsed.name === 'L1TxQueued') queue.push(queued(a));
    else if (parsed.name === 'BatchReverted') commits.delete(n);
    else if (parsed.name === 'BatchFinalized') finalized.set(n, { txHash: log.transactionHash, stateRoot: BigInt(a.getValue('stateRoot') as bigint) });
    else if (parsed.name === 'BatchCommitted') {
      commits.set(n, {
        batchNumber: n, circuitId: Number(a.getValue('circuitId')), newStateRoot: BigInt(a.getValue('newStateRoot') as bigint),
        l1QueueStart: Number(a.getValue('l1QueueStart')), l1QueueEnd: Number(a.getValue('l1QueueEnd')),
        publicInputHash: BigInt(a.getValue('publicInputHash') as bigint), txHash: log.transactionHash, blockNumber: log.blockNumber,
      });
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
