import Type, { type Static } from 'typebox';
import { Address, Amount, Field, Hash, Hex, Idx, NullableInt, NullableString, TokenId, decimal, stringEnum } from './scalars.js';
import { TxBody } from './tx.js';

export const BatchParams = Type.Object({ n: decimal(15, 'batch number') }, { additionalProperties: false });
export type BatchParams = Static<typeof BatchParams>;

export const BatchStatus = stringEnum(['sealed', 'committed', 'proven', 'finalized']);
export type BatchStatus = Static<typeof BatchStatus>;

/** A circuit by its id in the Rollup's verifier table and its name in circuits.json. */
export const CircuitRef = Type.Object({ id: Type.Integer(), name: Type.String() });

const BatchL1Tx = Type.Object({
  queueIndex: Type.Integer(),
  txType: Type.Integer(),
  idx: Idx,
  tokenId: TokenId,
  amount: Amount,
  ethAddr: Address,
  l1TxHash: Hash,
});

const BatchL2Tx = Type.Object({ txHash: Hash, position: Type.Integer(), tx: TxBody });

/** GET /v1/batches/:n: a sealed batch with its L1 and L2 txs (in slot order). */
export const BatchView = Type.Object({
  batchNumber: Type.Integer(),
  status: BatchStatus,
  circuit: CircuitRef,
  oldStateRoot: Field,
  newStateRoot: Field,
  publicInputHash: Field,
  l1QueueStart: Type.Integer(),
  l1TxCount: Type.Integer(),
  l2TxCount: Type.Integer(),
  feeIdx: Type.Array(Type.Integer()),
  txData: Hex,
  withdrawals: Hex,
  sealedAt: Type.Integer(),
  committedAt: NullableInt,
  provenAt: NullableInt,
  finalizedAt: NullableInt,
  commitL1Tx: NullableString,
  proveL1Tx: NullableString,
  l1Txs: Type.Array(BatchL1Tx),
  txs: Type.Array(BatchL2Tx),
});
export type BatchView = Static<typeof BatchView>;
