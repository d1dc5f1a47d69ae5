import type { ContractTransactionResponse, TransactionReceipt } from 'ethers';
import { decodeL1TxQueued, rollupEventName } from '../l1/rollup-events.js';
import { l1Error } from './contract-errors.js';
import { ModuloError } from '../core/errors.js';

/** An L1 tx the rollup queued (deposit, forced exit), as its L1TxQueued event tells. */
export interface QueuedL1Tx {
  readonly l1TxHash: string;
  readonly blockNumber: number;
  readonly queueIndex: number;
  readonly idx: number;
}

/** Sends a contract call and waits for its receipt; any failure becomes a ModuloError naming `what`. */
export async function sendL1(what: string, call: () => Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
  let receipt: TransactionReceipt | null;
  try {
    receipt = await (await call()).wait();
  } catch (error) {
    throw l1Error(error, what);
  }
  if (receipt === null) throw new ModuloError('L1_FAILED', `${what}: no receipt`);
  return receipt;
}

export function queuedL1Tx(receipt: TransactionReceipt): QueuedL1Tx {
  for (const log of receipt.logs) {
    if (rollupEventName(log) !== 'L1TxQueued') continue;
    const { queueIndex, tx } = decodeL1TxQueued(log);
    return { l1TxHash: receipt.hash, blockNumber: receipt.blockNumber, queueIndex, idx: tx.idx };
  }
  throw new ModuloError('BAD_RESPONSE', `L1 tx ${receipt.hash} queued nothing (no L1TxQueued event)`);
}
