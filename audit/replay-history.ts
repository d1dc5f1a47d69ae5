import { toBytesBE, toHex } from '../core/bits.js';
import { ModuloError } from '../core/errors.js';
import { nextL1QueueHash } from '../core/l1-queue.js';
import { replayBatch } from '../core/replay-batch.js';
import { RollupState } from '../core/rollup-state.js';
import { zeroHashes } from '../core/state-tree.js';
import { encodeWithdrawals } from '../core/withdrawals.js';
import type { JsonRpcProvider } from 'ethers';
import { commitCalldata } from './calldata.js';
import type { RollupHistory } from './l1-history.js';

/** One check that failed; `batchNumber` null for the queue or the deployment. */
export interface Finding {
  readonly batchNumber: number | null;
  readonly check: string;
  readonly message: string;
}

export interface ReplayedBatchReport {
  readonly batchNumber: number;
  readonly circuitId: number;
  readonly l1TxCount: number;
  readonly l2TxCount: number;
  readonly withdrawals: number;
  readonly newStateRoot: bigint;
  readonly publicInputHash: bigint;
  readonly finalized: boolean;
}

export interface ReplayOutcome {
  readonly batches: readonly ReplayedBatchReport[];
  readonly findings: readonly Finding[];
  /** Root after the last batch replayed without a finding, and after the last finalized one. */
  readonly stateRoot: bigint;
  readonly finalizedRoot: bigint;
  /** The state after the last batch replayed without a finding. */
  readonly state: RollupState;
}

const hex = (v: bigint) => toHex(toBytesBE(v, 32));

/** The L1 queue as events tell it, checked link by link against core's hash chain (docs/protocol.md §6). */
export function checkQueue(h: RollupHistory): Finding[] {
  let previous = 0n;
  for (const [i, q] of h.queue.entries()) {
    if (q.queueIndex !== i) return [{ batchNumber: null, check: 'l1 queue', message: `queue index ${q.queueIndex} where ${i} was expected: events are missing` }];
    previous = nextL1QueueHash(previous, q.tx);
    if (previous !== q.l1QueueHash) return [{ batchNumber: null, check: 'l1 queue', message: `l1QueueHash[${i + 1}] is ${hex(q.l1QueueHash)} on L1, core computes ${hex(previous)}` }];
  }
  return [];
}

/**
 * Rebuilds the state from genesis with core, batch after batch, from the L1 queue and each commit's
 * calldata, and checks each batch's new root and public input against what the contract stored. Stops at
 * the first batch that does not check out: every later batch builds on it.
 */
export async function replayHistory(provider: JsonRpcProvider, h: RollupHistory): Promise<ReplayOutcome> {
  const findings: Finding[] = [];
  const batches: ReplayedBatchReport[] = [];
  const levels = h.depth / 2;
  const genesis = zeroHashes(levels)[levels]!;
  if (h.onChain.genesisRoot !== genesis) findings.push({ batchNumber: 0, check: 'genesis root', message: `the contract's genesis root is ${hex(h.onChain.genesisRoot)}, the empty tree's is ${hex(genesis)}` });
  const state = new RollupState(h.depth);
  let finalizedRoot = genesis;
  const domain = { chainId: h.chainId, rollupAddress: BigInt(h.address) };
  for (let n = 1; n <= h.onChain.lastCommitted && findings.length === 0; n++) {
    const bad = (check: string, message: string) => findings.push({ batchNumber: n, check, message });
    const c = h.commits.get(n);
    if (c === undefined) {
      bad('events', `no BatchCommitted event for batch ${n}`);
      break;
    }
    const circuit = h.circuits[c.circuitId];
    if (circuit === undefined) {
      bad('circuit', `committed for unknown circuit ${c.circuitId}`);
      break;
    }
    let call;
    try {
      call = await commitCalldata(provider, h.address, c.txHash, n, (id) => h.circuits[id]?.feeSlots);
    } catch (error) {
      bad('calldata', (error as Error).message);
      break;
    }
    const l1Txs = h.queue.slice(c.l1QueueStart, c.l1QueueEnd).map((q) => q.tx);
    const l1QueueStartHash = c.l1QueueStart === 0 ? 0n : (h.queue[c.l1QueueStart - 1]?.l1QueueHash ?? 0n);
    if (call.batchNumber !== n || call.l1TxCount !== l1Txs.length) {
      bad('calldata', `calldata says batch ${call.batchNumber} with ${call.l1TxCount} L1 txs; the event, batch ${n} with ${l1Txs.length}`);
      break;
    }
    let r;
    try {
      r = replayBatch(state, { circuit: { depth: h.depth, batchSize: circuit.batchSize, feeSlots: circuit.feeSlots }, domain, batchNumber: BigInt(n), l1QueueStartHash, l1Txs, txData: call.txData, feeIdx: call.feeIdx });
    } catch (error) {
      const code = error instanceof ModuloError ? `${error.code}: ` : '';
      bad('replay', `${code}${(error as Error).message}: the batch is not a valid state transition, no proof of it can exist`);
      break;
    }
    if (r.newStateRoot !== c.newStateRoot) bad('state root', `committed newStateRoot ${hex(c.newStateRoot)}, replay gives ${hex(r.newStateRoot)}`);
    if (!Buffer.from(encodeWithdrawals(r.withdrawals)).equals(Buffer.from(call.withdrawals))) bad('withdrawals', `committed withdrawals ${toHex(call.withdrawals)}, replay gives ${toHex(encodeWithdrawals(r.withdrawals))}`);
    if (c.publicInputHash !== null && r.publicInputHash !== c.publicInputHash) bad('public input', `the contract stored publicInputHash ${hex(c.publicInputHash)}, replay gives ${hex(r.publicInputHash)}`);
    const fin = h.finalized.get(n);
    if (fin !== undefined && fin.stateRoot !== null && fin.stateRoot !== r.newStateRoot) bad('finalized root', `BatchFinalized says ${hex(fin.stateRoot)}, replay gives ${hex(r.newStateRoot)}`);
    if (findings.length > 0) break;
    r.state.merge();
    if (fin !== undefined) finalizedRoot = r.newStateRoot;
    batches.push({
      batchNumber: n, circuitId: c.circuitId, l1TxCount: l1Txs.length, l2TxCount: call.txData.length / 12, withdrawals: r.withdrawals.length,
      newStateRoot: r.newStateRoot, publicInputHash: r.publicInputHash, finalized: fin !== undefined,
    });
  }
  return { batches, findings, stateRoot: state.root, finalizedRoot, state };
}
