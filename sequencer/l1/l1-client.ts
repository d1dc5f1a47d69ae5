import type { L1TxQueuedEvent } from '../../l1/rollup-events.js';
import type { Groth16Proof } from '../proof.js';

/** An L1TxQueued event: the tx, its place in the queue, the chain after it and where it was seen. */
export interface QueuedL1TxEvent extends L1TxQueuedEvent {
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly txHash: string;
}

/** The contract's view of batch progress (at the latest block). */
export interface RollupChainState {
  readonly lastCommittedBatch: number;
  readonly lastFinalizedBatch: number;
  readonly l1QueueLength: number;
}

/** What the contract stored for a committed batch (zero hash when none). */
export interface CommittedBatch {
  readonly publicInputHash: bigint;
  readonly newStateRoot: bigint;
}

export interface RegisteredCircuit {
  readonly id: number;
  readonly batchSize: number;
  readonly feeSlots: number;
}

/** commitBatch's arguments, as stored with the batch. */
export interface CommitArgs {
  readonly circuitId: number;
  readonly batchNumber: number;
  readonly newStateRoot: string;
  readonly l1TxCount: number;
  readonly feeIdx: readonly number[];
  readonly txData: string;
  readonly withdrawals: string;
}

/** What both settlement calls carry: batches firstBatch .. batchNumber (the last one settled), a proof of each. */
export interface SettlementGroup {
  readonly firstBatch: number;
  readonly batchNumber: number;
  readonly proofs: readonly Groth16Proof[];
}

/**
 * The calls the sequencer sends, with the arguments as stored with the batch; settle is proveBatches,
 * commitAndSettle commitAndProveBatches (which commits the group too).
 */
export type RollupCall =
  | ({ readonly kind: 'commit' } & CommitArgs)
  | { readonly kind: 'prove'; readonly batchNumber: number; readonly proof: Groth16Proof; readonly withdrawals: string }
  | ({ readonly kind: 'settle'; readonly withdrawals: readonly string[] } & SettlementGroup)
  | ({ readonly kind: 'commitAndSettle'; readonly batches: readonly CommitArgs[] } & SettlementGroup);

/**
 * What estimateGas rejects with when the contract refuses a proof (InvalidProof(batchNumber)): the first
 * bad batch of the call. Any other revert is a plain Error with the reason.
 */
export class InvalidProofRevert extends Error {
  constructor(readonly batchNumber: number) {
    super(`execution reverted: InvalidProof(${batchNumber})`);
  }
}

export interface FeeQuote {
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
}

export interface SignedL1Tx {
  readonly raw: string;
  readonly hash: string;
}

export interface L1Receipt {
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly success: boolean;
}

/**
 * Everything the sequencer needs from L1, reading (watcher) and sending (submitter). Signing is
 * separate from broadcasting so the signed tx can be persisted in between (persist before acting).
 */
export interface L1Client {
  head(): Promise<number>;
  /** The hash of block `number` on the current chain, or null past the head. */
  blockHash(number: number): Promise<string | null>;
  /** L1TxQueued events in [fromBlock, toBlock], in queue order. */
  queuedL1Txs(fromBlock: number, toBlock: number): Promise<QueuedL1TxEvent[]>;
  rollupState(): Promise<RollupChainState>;
  committedBatch(batchNumber: number): Promise<CommittedBatch>;
  circuits(): Promise<RegisteredCircuit[]>;

  /** The sender's nonce: 'latest' counts mined txs, 'pending' also those in the node's mempool. */
  nonce(tag: 'latest' | 'pending'): Promise<number>;
  feeQuote(): Promise<FeeQuote>;
  /** Rejects (with the revert reason) when the call would revert now. */
  estimateGas(call: RollupCall): Promise<bigint>;
  sign(call: RollupCall, nonce: number, gasLimit: bigint, fees: FeeQuote): Promise<SignedL1Tx>;
  /** A 0-value transfer to self at `nonce`: replaces a send that must not land. */
  signCancel(nonce: number, fees: FeeQuote): Promise<SignedL1Tx>;
  /** Sends a signed tx; a node that already has it is not an error. */
  broadcast(raw: string): Promise<void>;
  receipt(txHash: string): Promise<L1Receipt | null>;
}
