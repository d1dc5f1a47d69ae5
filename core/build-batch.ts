import { applyL1Tx } from './apply-l1-tx.js';
import { applyL2Tx } from './apply-l2-tx.js';
import { assertBits } from './bits.js';
import { buildCircuitInput, type CircuitInput, type SlotRecord } from './circuit-input.js';
import { BATCH_NUMBER_BITS, L2_TX_BYTES } from './constants.js';
import { ModuloError } from './errors.js';
import { FeeSlots } from './fee-slots.js';
import { idleUpdate, type LeafUpdateWitness } from './leaf-update.js';
import { nextL1QueueHash } from './l1-queue.js';
import { publicInputHash, type BatchStatement } from './public-input.js';
import type { ForkedRollupState, RollupState } from './rollup-state.js';
import { encodeTxDataList, NOOP_TX_DATA, txDataOf } from './tx-data.js';
import type { L1Tx, RollupDomain, SignedL2Tx } from './tx.js';
import { encodeWithdrawals, withdrawalsHash, type Withdrawal } from './withdrawals.js';

/** Sizes of one batch circuit (circuits/circuits.json). */
export interface CircuitConfig {
  readonly depth: number;
  readonly batchSize: number;
  readonly feeSlots: number;
}

export interface BatchParams {
  readonly circuit: CircuitConfig;
  readonly domain: RollupDomain;
  readonly batchNumber: bigint;
  /** The contract's l1QueueHash at the first L1 tx this batch consumes. */
  readonly l1QueueStartHash: bigint;
  /** The next queued L1 txs, in queue order. */
  readonly l1Txs: readonly L1Tx[];
  readonly l2Txs: readonly SignedL2Tx[];
  /** Operator fee accounts; padded with 0 (unused) to circuit.feeSlots. */
  readonly feeIdx: readonly number[];
  readonly signaturesVerified?: boolean;
}

/** The arguments of the contract's commitBatch (docs/protocol.md §9), but the circuit id. */
export interface CommitBatchArgs {
  readonly batchNumber: bigint;
  readonly newStateRoot: bigint;
  readonly l1TxCount: number;
  readonly feeIdx: readonly number[];
  /** Tx data of the L2 slots, trailing NOOPs dropped (the contract pads). */
  readonly txData: Uint8Array;
  readonly withdrawals: Uint8Array;
}

export interface Batch {
  readonly statement: BatchStatement;
  readonly publicInputHash: bigint;
  readonly newStateRoot: bigint;
  readonly l1QueueEndHash: bigint;
  readonly withdrawals: readonly Withdrawal[];
  readonly circuitInput: CircuitInput;
  /** Every leaf update in circuit order: each slot's sender then receiver, then the fee slots. */
  readonly updates: readonly LeafUpdateWitness[];
  readonly commit: CommitBatchArgs;
  /** The state after the batch, forked from the input state: `state.merge()` makes it the real one. */
  readonly state: ForkedRollupState;
}

/**
 * Applies a batch to a fork of `state` (the state itself is untouched until the caller merges) and
 * computes everything the circuit and the contract must agree on. Throws ModuloError, having changed
 * nothing, if an L2 tx is invalid or the batch does not fit the circuit.
 */
export function buildBatch(state: RollupState, params: BatchParams): Batch {
  const { circuit, domain } = params;
  assertBits(params.batchNumber, BATCH_NUMBER_BITS, 'batchNumber');
  if (state.depth !== circuit.depth) {
    throw new ModuloError('MALFORMED', `state depth ${state.depth} but circuit depth ${circuit.depth}`);
  }
  const used = params.l1Txs.length + params.l2Txs.length;
  if (used > circuit.batchSize) throw new ModuloError('BATCH_FULL', `${used} txs for ${circuit.batchSize} slots`);

  const fork = state.fork();
  const slots: SlotRecord[] = [];
  const withdrawals: Withdrawal[] = [];
  let l1QueueEndHash = params.l1QueueStartHash;
  for (const l1Tx of params.l1Txs) {
    l1QueueEndHash = nextL1QueueHash(l1QueueEndHash, l1Tx);
    const outcome = applyL1Tx(fork, l1Tx);
    if (outcome.withdrawal) withdrawals.push(outcome.withdrawal);
    slots.push({ l1Tx, l2Tx: null, txData: NOOP_TX_DATA, outcome });
  }
  const fees = new FeeSlots(fork, params.feeIdx, circuit.feeSlots);
  for (const l2Tx of params.l2Txs) {
    const outcome = applyL2Tx(fork, l2Tx, { domain, signatureVerified: params.signaturesVerified ?? false });
    fees.collect(l2Tx.tokenId, l2Tx.fee);
    if (outcome.withdrawal) withdrawals.push(outcome.withdrawal);
    slots.push({ l1Tx: null, l2Tx, txData: txDataOf(l2Tx), outcome });
  }
  while (slots.length < circuit.batchSize) {
    slots.push({ l1Tx: null, l2Tx: null, txData: NOOP_TX_DATA, outcome: { sender: idleUpdate(fork), receiver: idleUpdate(fork) } });
  }
  const feeUpdates = fees.credit(fork);

  const statement: BatchStatement = {
    domain,
    batchNumber: params.batchNumber,
    oldStateRoot: state.root,
    newStateRoot: fork.root,
    l1QueueStartHash: params.l1QueueStartHash,
    l1QueueEndHash,
    withdrawalsHash: withdrawalsHash(withdrawals),
    feeIdx: fees.feeIdx,
    txData: encodeTxDataList(slots.map((s) => s.txData)),
  };
  const hash = publicInputHash(statement);
  const l1TxCount = params.l1Txs.length;
  return {
    statement,
    publicInputHash: hash,
    newStateRoot: fork.root,
    l1QueueEndHash,
    withdrawals,
    circuitInput: buildCircuitInput(statement, hash, slots, feeUpdates, l1TxCount),
    updates: [...slots.flatMap((s) => [s.outcome.sender, s.outcome.receiver]), ...feeUpdates],
    commit: {
      batchNumber: params.batchNumber,
      newStateRoot: fork.root,
      l1TxCount,
      feeIdx: fees.feeIdx,
      txData: trimmedL2TxData(statement.txData, l1TxCount),
      withdrawals: encodeWithdrawals(withdrawals),
    },
    state: fork,
  };
}

function trimmedL2TxData(txData: Uint8Array, l1TxCount: number): Uint8Array {
  let end = txData.length;
  while (end > l1TxCount * L2_TX_BYTES && txData.subarray(end - L2_TX_BYTES, end).every((b) => b === 0)) end -= L2_TX_BYTES;
  return txData.slice(l1TxCount * L2_TX_BYTES, end);
}

