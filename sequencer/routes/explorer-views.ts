import type { BatchSummary, L1TxView, L2TxView } from '../../api/explorer.js';
import { batchStatus } from '../store/batch-store.js';
import { txStatus, type BatchSummaryRow, type L1TxRow, type TxRow } from '../store/explorer-reads.js';
import { addressHex } from '../../api/scalars.js';

/** The explorer's rows in their wire form (api/explorer.ts). */

export function batchSummary(row: BatchSummaryRow): BatchSummary {
  return {
    batchNumber: row.batchNumber,
    status: batchStatus(row),
    circuit: { id: row.circuitId, name: row.circuitName },
    l1TxCount: row.l1TxCount,
    l2TxCount: row.l2TxCount,
    sealedAt: row.sealedAt,
    committedAt: row.committedAt,
    provenAt: row.provenAt,
    finalizedAt: row.finalizedAt,
  };
}

export function l2TxView(row: TxRow): L2TxView {
  return {
    txHash: row.hash,
    status: txStatus(row),
    fromIdx: row.fromIdx,
    toIdx: row.toIdx,
    amount: row.amount,
    fee: row.fee,
    nonce: String(row.nonce),
    tokenId: row.tokenId,
    batchNumber: row.batchNumber,
    position: row.position,
    receivedAt: row.receivedAt,
  };
}

export function l1TxView(row: L1TxRow): L1TxView {
  return { ...row, ethAddr: addressHex(BigInt(row.ethAddr)) };
}
