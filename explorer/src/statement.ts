import type { BatchDetail } from '../../api/explorer.js';
import { L2_TX_BYTES } from '../../core/constants.js';
import { l1QueueHashes } from '../../core/l1-queue.js';
import { publicInputHash, type BatchStatement } from '../../core/public-input.js';
import type { L1Tx } from '../../core/tx.js';
import { decodeWithdrawals, withdrawalsHash, type Withdrawal } from '../../core/withdrawals.js';

/**
 * The batch's public input recomputed in the browser, with core's own functions (docs/protocol.md §8),
 * from the batch's published data: domain, number, roots, the L1 txs it consumes (their queue hash chain
 * is recomputed too), its L2 tx data, fee accounts and withdrawals. Nothing of the sequencer's own hash
 * is used: the proof is checked against this value.
 */

/** 0x hex to bytes (core's fromHex uses Node's Buffer). */
export function hexBytes(hex: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`not 0x hex: ${hex.slice(0, 20)}`);
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

export function batchL1Txs(b: Pick<BatchDetail, 'l1Txs'>): L1Tx[] {
  return b.l1Txs.map((t) => ({
    txType: t.txType as L1Tx['txType'],
    idx: t.idx,
    tokenId: BigInt(t.tokenId),
    amount: BigInt(t.amount),
    ethAddr: BigInt(t.ethAddr),
    ax: BigInt(t.ax),
    ay: BigInt(t.ay),
  }));
}

export function batchWithdrawals(b: Pick<BatchDetail, 'withdrawals'>): Withdrawal[] {
  return decodeWithdrawals(hexBytes(b.withdrawals));
}

/** Every slot's 12 bytes: zeros for the L1 slots, then the published L2 tx data, then zero padding. */
export function slotTxData(b: Pick<BatchDetail, 'txData' | 'l1TxCount' | 'circuit'>): Uint8Array {
  const l2 = hexBytes(b.txData);
  const out = new Uint8Array(b.circuit.batchSize * L2_TX_BYTES);
  if (b.l1TxCount * L2_TX_BYTES + l2.length > out.length) throw new Error(`batch data of ${b.l1TxCount} L1 txs and ${l2.length} bytes does not fit ${b.circuit.batchSize} slots`);
  out.set(l2, b.l1TxCount * L2_TX_BYTES);
  return out;
}

export function batchStatement(b: BatchDetail): BatchStatement {
  const l1QueueStartHash = BigInt(b.l1QueueStartHash);
  const chain = l1QueueHashes(batchL1Txs(b), l1QueueStartHash);
  return {
    domain: { chainId: BigInt(b.domain.chainId), rollupAddress: BigInt(b.domain.rollupAddress) },
    batchNumber: BigInt(b.batchNumber),
    oldStateRoot: BigInt(b.oldStateRoot),
    newStateRoot: BigInt(b.newStateRoot),
    l1QueueStartHash,
    l1QueueEndHash: chain.at(-1) ?? l1QueueStartHash,
    withdrawalsHash: withdrawalsHash(batchWithdrawals(b)),
    feeIdx: b.feeIdx,
    txData: slotTxData(b),
  };
}

export interface RecomputedInput {
  readonly publicInputHash: string;
  /** Whether the sequencer's stored hash and the recomputed one agree. */
  readonly matchesSequencer: boolean;
  /** Whether the L1 queue chain over the batch's L1 txs ends where the sequencer says. */
  readonly queueChainMatches: boolean;
}

export function recomputePublicInput(b: BatchDetail): RecomputedInput {
  const statement = batchStatement(b);
  const hash = publicInputHash(statement).toString();
  return { publicInputHash: hash, matchesSequencer: hash === b.publicInputHash, queueChainMatches: statement.l1QueueEndHash.toString() === b.l1QueueEndHash };
}
