import { AMOUNT_BITS, ETH_ADDR_BITS, IDX_BITS, NONCE_BITS, TOKEN_BITS, TxType } from './constants.js';
import { assertBits } from './bits.js';
import type { Signature } from './eddsa.js';
import { AMOUNT_FLOAT, FEE_FLOAT, isRepresentable } from './float.js';
import { ModuloError } from './errors.js';
import { assertField } from './field.js';

/** An L1 tx as the contract queues it (docs/protocol.md §3). */
export interface L1Tx {
  readonly txType: typeof TxType.DEPOSIT | typeof TxType.FORCED_EXIT;
  readonly idx: number;
  readonly tokenId: bigint;
  readonly amount: bigint;
  readonly ethAddr: bigint;
  readonly ax: bigint;
  readonly ay: bigint;
}

/** An L2 tx as its sender signs it; `toIdx` 0 makes it a WITHDRAW. Amounts are values, not floats. */
export interface L2Tx {
  readonly fromIdx: number;
  readonly toIdx: number;
  readonly amount: bigint;
  readonly fee: bigint;
  readonly nonce: bigint;
  readonly tokenId: bigint;
}

export interface SignedL2Tx extends L2Tx {
  readonly signature: Signature;
}

/** The chain and deployment a signature and a proof are bound to. */
export interface RollupDomain {
  readonly chainId: bigint;
  readonly rollupAddress: bigint;
}

export function l2TxType(tx: L2Tx): typeof TxType.TRANSFER | typeof TxType.WITHDRAW {
  return tx.toIdx === 0 ? TxType.WITHDRAW : TxType.TRANSFER;
}

/** True when the deposit carries a key, i.e. creates an account. */
export function createsAccount(tx: L1Tx): boolean {
  return tx.txType === TxType.DEPOSIT && (tx.ax !== 0n || tx.ay !== 0n);
}

export function assertIdx(idx: number, what: string): void {
  if (!Number.isSafeInteger(idx)) throw new ModuloError('OUT_OF_RANGE', `${what} must be an integer, got ${idx}`);
  assertBits(BigInt(idx), IDX_BITS, what);
}

/** Field ranges of an L1 tx (what the contract guarantees; checked again because core trusts no input). */
export function assertL1Tx(tx: L1Tx): void {
  if (tx.txType !== TxType.DEPOSIT && tx.txType !== TxType.FORCED_EXIT) {
    throw new ModuloError('MALFORMED', `txType ${String(tx.txType)} is not an L1 tx type`);
  }
  assertIdx(tx.idx, 'idx');
  assertBits(tx.tokenId, TOKEN_BITS, 'tokenId');
  assertBits(tx.amount, AMOUNT_BITS, 'amount');
  assertBits(tx.ethAddr, ETH_ADDR_BITS, 'ethAddr');
  assertField(tx.ax, 'ax');
  assertField(tx.ay, 'ay');
}

/** Field ranges of an L2 tx, and that amount and fee are representable floats. */
export function assertL2Tx(tx: L2Tx): void {
  assertIdx(tx.fromIdx, 'fromIdx');
  assertIdx(tx.toIdx, 'toIdx');
  if (tx.fromIdx === 0) throw new ModuloError('MALFORMED', 'fromIdx 0 is no account');
  assertBits(tx.nonce, NONCE_BITS, 'nonce');
  assertBits(tx.tokenId, TOKEN_BITS, 'tokenId');
  for (const [what, value, format] of [['amount', tx.amount, AMOUNT_FLOAT], ['fee', tx.fee, FEE_FLOAT]] as const) {
    assertBits(value, AMOUNT_BITS, what);
    if (!isRepresentable(value, format)) {
      throw new ModuloError('NOT_REPRESENTABLE', `${what} ${value} is not representable as ${format.name}`, {
        field: what,
        value: value.toString(),
      });
    }
  }
}
