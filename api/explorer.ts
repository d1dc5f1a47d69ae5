import Type, { type Static, type TSchema } from 'typebox';

/**
 * The explorer's read API (GET /v1/explorer/…): what the web explorer (explorer/) shows that the rest
 * of the API does not serve, paginated where a list grows without bound. Integers that can pass 2^53
 * (amounts, field elements, gas) are decimal strings; counts, batch numbers, idx and times (ms since
 * the epoch) are JSON numbers; hashes and byte strings are 0x hex.
 */

const decimal = (digits: number, description: string) => Type.String({ pattern: `^(0|[1-9][0-9]{0,${digits - 1}})$`, description });
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const FIELD = decimal(78, 'field element');
const AMOUNT = decimal(39, 'base units');
const HASH = Type.String({ pattern: '^0x[0-9a-fA-F]{64}$' });
const HEX = Type.String({ pattern: '^0x([0-9a-f]{2})*$' });
const ADDRESS = Type.String({ pattern: '^0x[0-9a-f]{40}$' });
const TIME = Type.Integer({ description: 'ms since the epoch' });

export const BatchStatus = Type.Union([Type.Literal('sealed'), Type.Literal('committed'), Type.Literal('proven'), Type.Literal('finalized')]);
export const TxStatus = Type.Union([
  Type.Literal('pending'), Type.Literal('included'), Type.Literal('committed'), Type.Literal('proven'), Type.Literal('finalized'), Type.Literal('rejected'),
]);

/** A page of a list, newest first: `before` is the cursor of the next (older) page; `limit` at most 100. */
export const PageQuery = Type.Object(
  { before: Type.Optional(decimal(15, 'cursor: the `next` of the previous page')), limit: Type.Optional(Type.String({ pattern: '^([1-9]|[1-9][0-9]|100)$' })) },
  { additionalProperties: false },
);
export type PageQuery = Static<typeof PageQuery>;

export const BatchNumberParams = Type.Object({ n: decimal(15, 'batch number') }, { additionalProperties: false });
export const IdxParams = Type.Object({ idx: decimal(10, 'account index') }, { additionalProperties: false });
export const HashParams = Type.Object({ hash: HASH }, { additionalProperties: false });
export const AddressParams = Type.Object({ ethAddr: Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' }) }, { additionalProperties: false });
export const NumberParams = Type.Object({ n: decimal(15, 'a batch number or an idx') }, { additionalProperties: false });
export const NumberMatch = Type.Object({ batch: Type.Boolean({ description: 'batch n is sealed' }), account: Type.Boolean({ description: 'account idx n exists (sealed or pending)' }) });
export const SeriesQuery = Type.Object(
  { minutes: Type.Optional(Type.String({ pattern: '^([1-9]|[1-9][0-9]|[1-9][0-9][0-9]|1[0-3][0-9][0-9]|14[0-3][0-9]|1440)$', description: '1 to 1440 (default 60)' })) },
  { additionalProperties: false },
);

const Timeline = {
  sealedAt: TIME,
  committedAt: nullable(TIME),
  provenAt: nullable(TIME),
  finalizedAt: nullable(TIME),
};

export const BatchSummary = Type.Object({
  batchNumber: Type.Integer(),
  status: BatchStatus,
  circuit: Type.Object({ id: Type.Integer(), name: Type.String() }),
  l1TxCount: Type.Integer(),
  l2TxCount: Type.Integer(),
  ...Timeline,
});
export type BatchSummary = Static<typeof BatchSummary>;

export const BatchPage = Type.Object({ batches: Type.Array(BatchSummary), next: nullable(Type.Integer()) });

export const L1TxView = Type.Object({
  queueIndex: Type.Integer(),
  txType: Type.Integer({ description: 'core TxType: 1 deposit, 2 forced exit' }),
  idx: Type.Integer(),
  tokenId: Type.Integer(),
  amount: AMOUNT,
  ethAddr: ADDRESS,
  ax: FIELD,
  ay: FIELD,
  l1TxHash: HASH,
  blockNumber: Type.Integer(),
  batchNumber: nullable(Type.Integer()),
});
export type L1TxView = Static<typeof L1TxView>;

export const L2TxView = Type.Object({
  txHash: HASH,
  status: TxStatus,
  fromIdx: Type.Integer(),
  toIdx: Type.Integer({ description: '0: a withdrawal' }),
  amount: AMOUNT,
  fee: AMOUNT,
  nonce: decimal(13, 'nonce'),
  tokenId: Type.Integer(),
  batchNumber: nullable(Type.Integer()),
  position: nullable(Type.Integer({ description: 'the slot in its batch' })),
  receivedAt: TIME,
});
export type L2TxView = Static<typeof L2TxView>;

/** A rollup call on L1 (commitBatch, proveBatches or commitAndProveBatches) as the sequencer sent it, with its receipt's gas. */
export const L1Call = Type.Object({
  l1TxHash: HASH,
  status: Type.String({ description: 'the outbox status (sequencer/store/outbox-store.ts), or confirmed' }),
  blockNumber: nullable(Type.Integer()),
  gasUsed: nullable(decimal(20, 'from the L1 receipt; null when the L1 node is not reachable')),
});
export type L1Call = Static<typeof L1Call>;

const G1 = Type.Array(FIELD, { minItems: 3, maxItems: 3 });
export const Groth16ProofView = Type.Object({
  pi_a: G1,
  pi_b: Type.Array(Type.Array(FIELD, { minItems: 2, maxItems: 2 }), { minItems: 3, maxItems: 3 }),
  pi_c: G1,
  protocol: Type.String(),
  curve: Type.String(),
});

export const BatchDetail = Type.Object({
  ...BatchSummary.properties,
  circuit: Type.Object({ id: Type.Integer(), name: Type.String(), depth: Type.Integer(), batchSize: Type.Integer(), feeSlots: Type.Integer() }),
  domain: Type.Object({ chainId: decimal(20, 'chain id'), rollupAddress: ADDRESS }),
  oldStateRoot: FIELD,
  newStateRoot: FIELD,
  publicInputHash: FIELD,
  l1QueueStart: Type.Integer(),
  l1QueueStartHash: FIELD,
  l1QueueEndHash: FIELD,
  feeIdx: Type.Array(Type.Integer()),
  txData: HEX,
  withdrawals: HEX,
  l1Txs: Type.Array(L1TxView),
  txs: Type.Array(L2TxView),
  commit: nullable(L1Call),
  prove: nullable(L1Call),
  proof: nullable(Groth16ProofView),
});
export type BatchDetail = Static<typeof BatchDetail>;

export const TimelineStep = Type.Object({ status: Type.String(), at: nullable(TIME) });

/** An L2 tx by its hash, or the L1 tx (deposit, forced exit) queued by an L1 transaction of that hash. */
export const TxDetail = Type.Object({
  kind: Type.Union([Type.Literal('l2'), Type.Literal('l1')]),
  status: TxStatus,
  l2Tx: nullable(L2TxView),
  l1Tx: nullable(L1TxView),
  reason: nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  timeline: Type.Array(TimelineStep),
});
export type TxDetail = Static<typeof TxDetail>;

export const AccountTxPage = Type.Object({
  txs: Type.Array(L2TxView),
  next: nullable(Type.Integer()),
  l1Txs: Type.Array(L1TxView, { description: 'the newest L1 txs (deposits, forced exits) to this idx' }),
});

export const AccountView = Type.Object({ idx: Type.Integer(), tokenId: Type.Integer(), nonce: decimal(13, 'nonce'), balance: AMOUNT, ax: FIELD, ay: FIELD, ethAddr: ADDRESS });
export type AccountView = Static<typeof AccountView>;

export const AddressView = Type.Object({
  ethAddr: ADDRESS,
  accounts: Type.Array(AccountView, { description: 'as of the last sealed batch' }),
  credits: nullable(Type.Array(Type.Object({ tokenId: Type.Integer(), amount: AMOUNT }), { description: 'claimable on L1 (Bridge.credit); null without an L1 node' })),
});
export type AddressView = Static<typeof AddressView>;

export const Token = Type.Object({ tokenId: Type.Integer(), symbol: Type.String(), decimals: Type.Integer(), address: nullable(ADDRESS) });
export type Token = Static<typeof Token>;
export const TokenList = Type.Object({ tokens: Type.Array(Token) });

export const ProofTime = Type.Object({ batchNumber: Type.Integer(), circuit: Type.String(), sealedAt: TIME, provenAt: TIME, ms: Type.Integer() });
export type ProofTime = Static<typeof ProofTime>;

export const ProverStats = Type.Object({
  jobs: Type.Object({ queued: Type.Integer(), leased: Type.Integer(), done: Type.Integer() }),
  open: Type.Array(Type.Object({
    jobId: Type.Integer(),
    batchNumber: Type.Integer(),
    status: Type.String(),
    worker: nullable(Type.String()),
    attempts: Type.Integer(),
    leaseExpiresAt: nullable(TIME),
    lastError: nullable(Type.String()),
  })),
  recent: Type.Array(Type.Object({ ...ProofTime.properties, worker: nullable(Type.String()), attempts: Type.Integer() })),
  circuits: Type.Array(Type.Object({ name: Type.String(), proofs: Type.Integer(), meanMs: Type.Integer(), p50Ms: Type.Integer(), maxMs: Type.Integer() }), {
    description: 'seal-to-proof times (a proof accepted minus its batch sealed) of every proven batch',
  }),
});
export type ProverStats = Static<typeof ProverStats>;

export const Series = Type.Object({
  from: TIME,
  to: TIME,
  bucketMs: Type.Integer(),
  buckets: Type.Array(Type.Object({ t: TIME, batches: Type.Integer(), l1Txs: Type.Integer(), l2Txs: Type.Integer() })),
  proofs: Type.Array(ProofTime),
});
export type Series = Static<typeof Series>;
