import Type, { type Static } from 'typebox';
import { Address, NullableInt, decimal } from './scalars.js';

/** GET /v1/state: roots, batch progress, mempool and L1 sync height, the circuits in use. */
export const StateView = Type.Object({
  chainId: Type.String(),
  rollupAddress: Address,
  depth: Type.Integer(),
  stateRoot: decimal(78, 'after the last sealed batch'),
  batches: Type.Object({
    lastSealed: Type.Integer(),
    lastCommitted: Type.Integer(),
    lastProven: Type.Integer(),
    lastFinalized: Type.Integer(),
  }),
  mempool: Type.Object({ l2Txs: Type.Integer(), l1Txs: Type.Integer() }),
  l1: Type.Object({ syncedBlock: NullableInt, queueLength: Type.Integer(), nextQueueIndex: Type.Integer() }),
  circuits: Type.Array(Type.Object({ name: Type.String(), id: Type.Integer(), batchSize: Type.Integer(), feeSlots: Type.Integer() })),
});
export type StateView = Static<typeof StateView>;

/** GET /health. */
export const Health = Type.Object({ status: Type.String() });
export type Health = Static<typeof Health>;
