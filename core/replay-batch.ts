import { applyL1Tx } from './apply-l1-tx.js';
import { applyL2Tx } from './apply-l2-tx.js';
import { assertBits } from './bits.js';
import type { CircuitConfig } from './build-batch.js';
import { BATCH_NUMBER_BITS, L2_TX_BYTES } from './constants.js';
import { ModuloError } from './errors.js';
import { FeeSlots } from './fee-slots.js';
import { AMOUNT_FLOAT, decodeFloat, FEE_FLOAT } from './float.js';
import { inTree } from './leaf-update.js';
import { nextL1QueueHash } from './l1-queue.js';
import { publicInputHash, type BatchStatement } from './public-input.js';
import type { ForkedRollupState, RollupState } from './rollup-state.js';
import { decodeTxDataList, isNoopTxData } from './tx-data.js';
import type { L1Tx, RollupDomain, SignedL2Tx } from './tx.js';
import { withdrawalsHash, type Withdrawal } from './withdrawals.js';

/** What L1 holds of a committed batch: the queued L1 txs it consumes and its commitBatch calldata. */
export interface ReplayParams {
  readonly circuit: CircuitConfig;
  readonly domain: RollupDomain;
  readonly batchNumber: bigint;
  /** The contract's l1QueueHash at the batch's first L1 tx. */
  readonly l1QueueStartHash: bigint;
  /** The queued L1 txs the batch consumes, in queue order (from L1TxQueued events). */
  readonly l1Txs: readonly L1Tx[];
  /** commitBatch's `txData`: the L2 slots after the L1 ones, trailing NOOPs possibly dropped. */
  readonly txData: Uint8Array;
  /** commitBatch's `feeIdx`. */
  readonly feeIdx: readonly number[];
}

export interface ReplayedBatch {
  readonly statement: BatchStatement;
  readonly publicInputHash: bigint;
  readonly newStateRoot: bigint;
  readonly l1QueueEndHash: bigint;
  readonly withdrawals: readonly Withdrawal[];
  /** The state after the batch, forked from the input: `merge()` makes it the real one. */
  readonly state: ForkedRollupState;
}

/** Never checked: the batch's proof stands for the signatures, which are not published (docs/protocol.md §5). */
const UNPUBLISHED_SIGNATURE = { r8x: 0n, r8y: 0n, s: 0n } as const;

/**
 * Rebuilds a batch from data-availability data alone (docs/protocol.md §5): the L1 txs, then each L2 slot's
 * tx data, whose nonce and token are the sender's in the state and whose signature the proof vouches for,
 * then the fee credits. The same appliers as buildBatch, so an auditor applies exactly the protocol's
 * rules. Throws ModuloError (naming the slot) when a slot is not a valid tx: such a batch has no witness
 * and can never be proven.
 */
export function replayBatch(state: RollupState, p: ReplayParams): ReplayedBatch {
  const { circuit, domain } = p;
  assertBits(p.batchNumber, BATCH_NUMBER_BITS, 'batchNumber');
  if (state.depth !== circuit.depth) throw new ModuloError('MALFORMED', `state depth ${state.depth} but circuit depth ${circuit.depth}`);
  const l2Slots = decodeTxDataList(p.txData);
  if (p.l1Txs.length + l2Slots.length > circuit.batchSize) {
    throw new ModuloError('BATCH_FULL', `${p.l1Txs.length} L1 and ${l2Slots.length} L2 slots for ${circuit.batchSize}`);
  }
  const fork = state.fork();
  const withdrawals: Withdrawal[] = [];
  let l1QueueEndHash = p.l1QueueStartHash;
  for (const l1Tx of p.l1Txs) {
    l1QueueEndHash = nextL1QueueHash(l1QueueEndHash, l1Tx);
    const outcome = applyL1Tx(fork, l1Tx);
    if (outcome.withdrawal) withdrawals.push(outcome.withdrawal);
  }
  const fees = new FeeSlots(fork, p.feeIdx, circuit.feeSlots);
  l2Slots.forEach((data, i) => {
    if (isNoopTxData(data)) return;
    const slot = p.l1Txs.length + i;
    try {
      if (!inTree(data.fromIdx, fork.depth) || !fork.exists(data.fromIdx)) {
        throw new ModuloError('UNKNOWN_ACCOUNT', `sender account ${data.fromIdx} does not exist`, { idx: data.fromIdx });
      }
      const sender = fork.getAccount(data.fromIdx);
      const tx: SignedL2Tx = {
        fromIdx: data.fromIdx,
        toIdx: data.toIdx,
        amount: decodeFloat(data.amountFloat, AMOUNT_FLOAT),
        fee: decodeFloat(data.feeFloat, FEE_FLOAT),
        nonce: sender.nonce,
        tokenId: sender.tokenId,
        signature: UNPUBLISHED_SIGNATURE,
      };
      const outcome = applyL2Tx(fork, tx, { domain, signatureVerified: true });
      fees.collect(tx.tokenId, tx.fee);
      if (outcome.withdrawal) withdrawals.push(outcome.withdrawal);
    } catch (error) {
      if (!(error instanceof ModuloError)) throw error;
      throw new ModuloError(error.code, `slot ${slot}: ${error.message}`, { ...error.details, slot }, { cause: error });
    }
  });
  fees.credit(fork);
  const txData = new Uint8Array(circuit.batchSize * L2_TX_BYTES);
  txData.set(p.txData, p.l1Txs.length * L2_TX_BYTES);
  const statement: BatchStatement = {
    domain,
    batchNumber: p.batchNumber,
    oldStateRoot: state.root,
    newStateRoot: fork.root,
    l1QueueStartHash: p.l1QueueStartHash,
    l1QueueEndHash,
    withdrawalsHash: withdrawalsHash(withdrawals),
    feeIdx: fees.feeIdx,
    txData,
  };
  return { statement, publicInputHash: publicInputHash(statement), newStateRoot: fork.root, l1QueueEndHash, withdrawals, state: fork };
}
