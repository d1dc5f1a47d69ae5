import type { L1TxOutcome } from './apply-l1-tx.js';
import type { L2TxOutcome } from './apply-l2-tx.js';
import type { LeafUpdateWitness } from './leaf-update.js';
import type { BatchStatement } from './public-input.js';
import type { TxData } from './tx-data.js';
import type { L1Tx, SignedL2Tx } from './tx.js';

/**
 * The batch circuit's input, named as circuits/ declares its signals (docs/protocol.md §8). Values are
 * bigints; `circuitInputToJson` gives the decimal-string form snarkjs and prover workers take.
 */
export type CircuitValue = bigint | CircuitValue[];
export type CircuitInput = Record<string, CircuitValue>;

/** What one slot contributes: the L1 tx or the L2 tx (or neither, a NOOP) and its two leaf updates. */
export interface SlotRecord {
  readonly l1Tx: L1Tx | null;
  readonly l2Tx: SignedL2Tx | null;
  readonly txData: TxData;
  readonly outcome: Pick<L1TxOutcome | L2TxOutcome, 'sender' | 'receiver'>;
}

const LEAF_FIELDS = ['TokenId', 'Nonce', 'Balance', 'Ax', 'Ay', 'EthAddr'] as const;

function leafSignals(prefix: string, updates: readonly LeafUpdateWitness[]): CircuitInput {
  const out: CircuitInput = {};
  for (const field of LEAF_FIELDS) {
    const key = (field.charAt(0).toLowerCase() + field.slice(1)) as 'tokenId' | 'nonce' | 'balance' | 'ax' | 'ay' | 'ethAddr';
    out[`${prefix}${field}`] = updates.map((u) => u.before[key]);
  }
  out[`${prefix}Siblings`] = updates.map((u) => u.siblings);
  return out;
}

export function buildCircuitInput(
  statement: BatchStatement,
  publicInputHash: bigint,
  slots: readonly SlotRecord[],
  feeUpdates: readonly LeafUpdateWitness[],
  l1TxCount: number,
): CircuitInput {
  const l1 = (pick: (tx: L1Tx) => bigint) => slots.map((s) => (s.l1Tx === null ? 0n : pick(s.l1Tx)));
  const sig = (pick: (tx: SignedL2Tx) => bigint) => slots.map((s) => (s.l2Tx === null ? 0n : pick(s.l2Tx)));
  return {
    publicInputHash,
    oldStateRoot: statement.oldStateRoot,
    chainId: statement.domain.chainId,
    rollupAddress: statement.domain.rollupAddress,
    batchNumber: statement.batchNumber,
    l1QueueStartHash: statement.l1QueueStartHash,
    l1TxCount: BigInt(l1TxCount),
    feeIdx: statement.feeIdx.map(BigInt),
    l1TxType: l1((tx) => BigInt(tx.txType)),
    l1Idx: l1((tx) => BigInt(tx.idx)),
    l1TokenId: l1((tx) => tx.tokenId),
    l1Amount: l1((tx) => tx.amount),
    l1EthAddr: l1((tx) => tx.ethAddr),
    l1Ax: l1((tx) => tx.ax),
    l1Ay: l1((tx) => tx.ay),
    fromIdx: slots.map((s) => BigInt(s.txData.fromIdx)),
    toIdx: slots.map((s) => BigInt(s.txData.toIdx)),
    amountFloat: slots.map((s) => BigInt(s.txData.amountFloat)),
    feeFloat: slots.map((s) => BigInt(s.txData.feeFloat)),
    sigR8x: sig((tx) => tx.signature.r8x),
    sigR8y: sig((tx) => tx.signature.r8y),
    sigS: sig((tx) => tx.signature.s),
    ...leafSignals('sender', slots.map((s) => s.outcome.sender)),
    ...leafSignals('receiver', slots.map((s) => s.outcome.receiver)),
    ...leafSignals('feeAccount', feeUpdates),
  };
}

/** Decimal strings, nested as the input: the JSON that snarkjs' witness calculator and workers take. */
export function circuitInputToJson(input: CircuitInput): Record<string, unknown> {
  const convert = (v: CircuitValue): unknown => (Array.isArray(v) ? v.map(convert) : v.toString());
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, convert(v)]));
}
