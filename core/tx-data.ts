import { IDX_BITS, L2_TX_BYTES } from './constants.js';
import { concatBytes, fromBytesBE, toBytesBE } from './bits.js';
import { ModuloError } from './errors.js';
import { AMOUNT_FLOAT, decodeFloat, encodeFloat, FEE_FLOAT } from './float.js';
import { assertIdx, type L2Tx } from './tx.js';

/**
 * One slot's published data (docs/protocol.md §5): fromIdx(4) | toIdx(4) | amountFloat(3) | feeFloat(1).
 * All zeros is a NOOP (and the data of an L1 slot).
 */
export interface TxData {
  readonly fromIdx: number;
  readonly toIdx: number;
  readonly amountFloat: number;
  readonly feeFloat: number;
}

export const NOOP_TX_DATA: TxData = { fromIdx: 0, toIdx: 0, amountFloat: 0, feeFloat: 0 };

export function txDataOf(tx: L2Tx): TxData {
  return {
    fromIdx: tx.fromIdx,
    toIdx: tx.toIdx,
    amountFloat: encodeFloat(tx.amount, AMOUNT_FLOAT),
    feeFloat: encodeFloat(tx.fee, FEE_FLOAT),
  };
}

export function isNoopTxData(data: TxData): boolean {
  return data.fromIdx === 0 && data.toIdx === 0 && data.amountFloat === 0 && data.feeFloat === 0;
}

export function encodeTxData(data: TxData): Uint8Array {
  assertIdx(data.fromIdx, 'fromIdx');
  assertIdx(data.toIdx, 'toIdx');
  decodeFloat(data.amountFloat, AMOUNT_FLOAT);
  decodeFloat(data.feeFloat, FEE_FLOAT);
  if (data.fromIdx === 0 && !isNoopTxData(data)) {
    throw new ModuloError('MALFORMED', 'tx data with fromIdx 0 must be all zeros (NOOP)');
  }
  return concatBytes([
    toBytesBE(BigInt(data.fromIdx), IDX_BITS / 8),
    toBytesBE(BigInt(data.toIdx), IDX_BITS / 8),
    toBytesBE(BigInt(data.amountFloat), 3),
    toBytesBE(BigInt(data.feeFloat), 1),
  ]);
}

export function decodeTxData(bytes: Uint8Array): TxData {
  if (bytes.length !== L2_TX_BYTES) {
    throw new ModuloError('MALFORMED', `tx data is ${L2_TX_BYTES} bytes, got ${bytes.length}`);
  }
  const data: TxData = {
    fromIdx: Number(fromBytesBE(bytes.subarray(0, 4))),
    toIdx: Number(fromBytesBE(bytes.subarray(4, 8))),
    amountFloat: Number(fromBytesBE(bytes.subarray(8, 11))),
    feeFloat: bytes[11] ?? 0,
  };
  if (data.fromIdx === 0 && !isNoopTxData(data)) {
    throw new ModuloError('MALFORMED', 'tx data with fromIdx 0 must be all zeros (NOOP)');
  }
  return data;
}

/** Concatenated slot data; `slots` pads with NOOPs (the bytes the public input hashes). */
export function encodeTxDataList(list: readonly TxData[], slots = list.length): Uint8Array {
  if (list.length > slots) throw new ModuloError('BATCH_FULL', `${list.length} tx data entries for ${slots} slots`);
  const out = new Uint8Array(slots * L2_TX_BYTES);
  list.forEach((data, i) => out.set(encodeTxData(data), i * L2_TX_BYTES));
  return out;
}

export function decodeTxDataList(bytes: Uint8Array): TxData[] {
  if (bytes.length % L2_TX_BYTES !== 0) {
    throw new ModuloError('MALFORMED', `tx data length ${bytes.length} is not a multiple of ${L2_TX_BYTES}`);
  }
  const out: TxData[] = [];
  for (let i = 0; i < bytes.length; i += L2_TX_BYTES) out.push(decodeTxData(bytes.subarray(i, i + L2_TX_BYTES)));
  return out;
}
