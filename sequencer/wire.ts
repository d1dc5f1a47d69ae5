import type { AccountLeaf } from '../core/account.js';
import { toBytesBE, toHex } from '../core/bits.js';
import type { SignedL2Tx } from '../core/tx.js';

/**
 * The API's wire forms: integers as decimal strings (JSON numbers lose precision above 2^53), hashes
 * and byte strings as 0x hex. Shapes are validated by the route schemas before these run.
 */
export interface TxBody {
  fromIdx: string;
  toIdx: string;
  amount: string;
  fee: string;
  nonce: string;
  tokenId: string;
  signature: { r8x: string; r8y: string; s: string };
}

export function hashHex(hash: bigint): string {
  return toHex(toBytesBE(hash, 32));
}

export function addressHex(address: bigint): string {
  return toHex(toBytesBE(address, 20));
}

/** The schema bounds idx strings to 10 digits, so Number() is exact; core range-checks the rest. */
export function txFromBody(body: TxBody): SignedL2Tx {
  return {
    fromIdx: Number(body.fromIdx),
    toIdx: Number(body.toIdx),
    amount: BigInt(body.amount),
    fee: BigInt(body.fee),
    nonce: BigInt(body.nonce),
    tokenId: BigInt(body.tokenId),
    signature: { r8x: BigInt(body.signature.r8x), r8y: BigInt(body.signature.r8y), s: BigInt(body.signature.s) },
  };
}

export function txToBody(tx: SignedL2Tx): TxBody {
  return {
    fromIdx: String(tx.fromIdx),
    toIdx: String(tx.toIdx),
    amount: tx.amount.toString(),
    fee: tx.fee.toString(),
    nonce: tx.nonce.toString(),
    tokenId: tx.tokenId.toString(),
    signature: { r8x: tx.signature.r8x.toString(), r8y: tx.signature.r8y.toString(), s: tx.signature.s.toString() },
  };
}

export function accountToJson(idx: number, a: AccountLeaf) {
  return {
    idx: String(idx),
    tokenId: a.tokenId.toString(),
    nonce: a.nonce.toString(),
    balance: a.balance.toString(),
    ax: a.ax.toString(),
    ay: a.ay.toString(),
    ethAddr: addressHex(a.ethAddr),
  };
}
