import Type, { type Static } from 'typebox';
import type { SignedL2Tx } from '../core/tx.js';
import { Amount, Field, Hash, Idx, NullableInt, Nonce, TokenId, decimal, fieldFromWire, stringEnum } from './scalars.js';

export const Signature = Type.Object({ r8x: Field, r8y: Field, s: Field }, { additionalProperties: false });

/** POST /v1/txs: a signed L2 tx; toIdx 0 makes it a withdrawal. */
export const TxBody = Type.Object(
  {
    fromIdx: Idx,
    toIdx: decimal(10, '0 makes the tx a withdrawal to the sender account\'s ethAddr'),
    amount: Amount,
    fee: Amount,
    nonce: Nonce,
    tokenId: TokenId,
    signature: Signature,
  },
  { additionalProperties: false },
);
export type TxBody = Static<typeof TxBody>;

export const TxHashParams = Type.Object({ hash: Hash }, { additionalProperties: false });
export type TxHashParams = Static<typeof TxHashParams>;

export const TxAccepted = Type.Object({ txHash: Hash });
export type TxAccepted = Static<typeof TxAccepted>;

export const TxStatus = stringEnum(['pending', 'included', 'committed', 'proven', 'finalized', 'rejected']);
export type TxStatus = Static<typeof TxStatus>;

const RejectReason = Type.Object({ code: Type.String(), message: Type.String() });

/** GET /v1/txs/:hash: a tx and where it is now. */
export const TxView = Type.Object({
  txHash: Hash,
  status: TxStatus,
  tx: TxBody,
  batchNumber: NullableInt,
  position: NullableInt,
  reason: Type.Unsafe<Static<typeof RejectReason> | null>({ ...RejectReason, type: ['object', 'null'] }),
  receivedAt: Type.Integer(),
});
export type TxView = Static<typeof TxView>;

/** The schema bounds idx strings to 10 digits, so Number() is exact; core range-checks the rest; the signature's fields are checked here (NOT_IN_FIELD). */
export function txFromBody(body: TxBody): SignedL2Tx {
  return {
    fromIdx: Number(body.fromIdx),
    toIdx: Number(body.toIdx),
    amount: BigInt(body.amount),
    fee: BigInt(body.fee),
    nonce: BigInt(body.nonce),
    tokenId: BigInt(body.tokenId),
    signature: {
      r8x: fieldFromWire(body.signature.r8x, 'signature.r8x'),
      r8y: fieldFromWire(body.signature.r8y, 'signature.r8y'),
      s: fieldFromWire(body.signature.s, 'signature.s'),
    },
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
