/**
 * JSON schemas of the API: every body, param and query is validated here, at the edge, with
 * additionalProperties false and integers as decimal strings (a JSON number is refused, never
 * coerced). They also feed the OpenAPI document at /documentation/json.
 */

/** A decimal string of at most `digits` digits, no sign, no leading zero. */
export function decimal(digits: number, description?: string) {
  return { type: 'string', pattern: `^(0|[1-9][0-9]{0,${digits - 1}})$`, ...(description ? { description } : {}) } as const;
}

const IDX = decimal(10, 'account index');
const FIELD = decimal(78, 'field element');
const AMOUNT = decimal(39, 'base units');
const HASH = { type: 'string', pattern: '^0x[0-9a-fA-F]{64}$' } as const;
const HEX = { type: 'string', pattern: '^0x([0-9a-f]{2})*$' } as const;
const ADDRESS = { type: 'string', pattern: '^0x[0-9a-f]{40}$' } as const;
const NULLABLE_INT = { type: ['integer', 'null'] } as const;
const NULLABLE_HASH = { type: ['string', 'null'] } as const;

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', description: 'stable error code (core/errors.ts)' },
    message: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

const signature = {
  type: 'object',
  additionalProperties: false,
  required: ['r8x', 'r8y', 's'],
  properties: { r8x: FIELD, r8y: FIELD, s: FIELD },
} as const;

export const txBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['fromIdx', 'toIdx', 'amount', 'fee', 'nonce', 'tokenId', 'signature'],
  properties: {
    fromIdx: IDX,
    toIdx: { ...IDX, description: '0 makes the tx a withdrawal to the sender account\'s ethAddr' },
    amount: AMOUNT,
    fee: AMOUNT,
    nonce: decimal(13),
    tokenId: decimal(10),
    signature,
  },
} as const;

export const txSchema = { ...txBodySchema, additionalProperties: false } as const;

export const txHashParams = {
  type: 'object',
  additionalProperties: false,
  required: ['hash'],
  properties: { hash: HASH },
} as const;

export const txStatusSchema = {
  type: 'object',
  required: ['txHash', 'status', 'tx'],
  properties: {
    txHash: HASH,
    status: { type: 'string', enum: ['pending', 'included', 'committed', 'proven', 'finalized', 'rejected'] },
    tx: txSchema,
    batchNumber: NULLABLE_INT,
    position: NULLABLE_INT,
    reason: {
      type: ['object', 'null'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
    receivedAt: { type: 'integer' },
  },
} as const;

export const accountSchema = {
  type: 'object',
  properties: {
    idx: IDX,
    tokenId: decimal(10),
    nonce: decimal(13),
    balance: AMOUNT,
    ax: FIELD,
    ay: FIELD,
    ethAddr: ADDRESS,
    pending: {
      type: 'object',
      description: 'after the txs accepted and L1 txs seen but not yet batched',
      properties: { nonce: decimal(13), balance: AMOUNT },
    },
  },
} as const;

export const idxParams = {
  type: 'object',
  additionalProperties: false,
  required: ['idx'],
  properties: { idx: IDX },
} as const;

export const keyQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['ax', 'ay'],
  properties: { ax: FIELD, ay: FIELD },
} as const;

export const batchParams = {
  type: 'object',
  additionalProperties: false,
  required: ['n'],
  properties: { n: decimal(15, 'batch number') },
} as const;

export const batchSchema = {
  type: 'object',
  properties: {
    batchNumber: { type: 'integer' },
    status: { type: 'string', enum: ['sealed', 'committed', 'proven', 'finalized'] },
    circuit: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
    oldStateRoot: FIELD,
    newStateRoot: FIELD,
    publicInputHash: FIELD,
    l1QueueStart: { type: 'integer' },
    l1TxCount: { type: 'integer' },
    l2TxCount: { type: 'integer' },
    feeIdx: { type: 'array', items: { type: 'integer' } },
    txData: HEX,
    withdrawals: HEX,
    sealedAt: { type: 'integer' },
    committedAt: NULLABLE_INT,
    provenAt: NULLABLE_INT,
    finalizedAt: NULLABLE_INT,
    commitL1Tx: NULLABLE_HASH,
    proveL1Tx: NULLABLE_HASH,
    l1Txs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          queueIndex: { type: 'integer' },
          txType: { type: 'integer' },
          idx: IDX,
          tokenId: decimal(10),
          amount: AMOUNT,
          ethAddr: ADDRESS,
          l1TxHash: HASH,
        },
      },
    },
    txs: {
      type: 'array',
      items: { type: 'object', properties: { txHash: HASH, position: { type: 'integer' }, tx: txSchema } },
    },
  },
} as const;

export const stateSchema = {
  type: 'object',
  properties: {
    chainId: { type: 'string' },
    rollupAddress: ADDRESS,
    depth: { type: 'integer' },
    stateRoot: { ...FIELD, description: 'after the last sealed batch' },
    batches: {
      type: 'object',
      properties: {
        lastSealed: { type: 'integer' },
        lastCommitted: { type: 'integer' },
        lastProven: { type: 'integer' },
        lastFinalized: { type: 'integer' },
      },
    },
    mempool: { type: 'object', properties: { l2Txs: { type: 'integer' }, l1Txs: { type: 'integer' } } },
    l1: {
      type: 'object',
      properties: { syncedBlock: NULLABLE_INT, queueLength: { type: 'integer' }, nextQueueIndex: { type: 'integer' } },
    },
    circuits: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, id: { type: 'integer' }, batchSize: { type: 'integer' }, feeSlots: { type: 'integer' } },
      },
    },
  },
} as const;

const G1 = { type: 'array', minItems: 3, maxItems: 3, items: FIELD } as const;

export const proofSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['pi_a', 'pi_b', 'pi_c', 'protocol', 'curve'],
  properties: {
    pi_a: G1,
    pi_b: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'array', minItems: 2, maxItems: 2, items: FIELD } },
    pi_c: G1,
    protocol: { type: 'string', enum: ['groth16'] },
    curve: { type: 'string', enum: ['bn128'] },
  },
} as const;

export const jobParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: decimal(15, 'job id') },
} as const;

const LEASE_ID = { type: 'string', pattern: '^[0-9a-f]{32}$' } as const;

export const claimBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { worker: { type: 'string', maxLength: 128, description: 'a name for logs' } },
} as const;

export const leaseSchema = {
  type: 'object',
  properties: {
    jobId: { type: 'integer' },
    leaseId: LEASE_ID,
    batchNumber: { type: 'integer' },
    circuit: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
    publicInputHash: FIELD,
    input: { type: 'object', additionalProperties: true, description: 'the circuit input (decimal strings)' },
    leaseExpiresAt: { type: 'integer', description: 'ms since the epoch' },
  },
} as const;

export const heartbeatBody = {
  type: 'object',
  additionalProperties: false,
  required: ['leaseId'],
  properties: { leaseId: LEASE_ID },
} as const;

export const proofBody = {
  type: 'object',
  additionalProperties: false,
  required: ['leaseId', 'proof'],
  properties: {
    leaseId: LEASE_ID,
    proof: proofSchema,
    publicSignals: { type: 'array', minItems: 1, maxItems: 1, items: FIELD },
  },
} as const;

export const failBody = {
  type: 'object',
  additionalProperties: false,
  required: ['leaseId', 'reason'],
  properties: { leaseId: LEASE_ID, reason: { type: 'string', maxLength: 2000 } },
} as const;

export const circuitParams = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind'],
  properties: {
    name: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
    kind: { type: 'string', enum: ['wasm', 'zkey', 'vkey', 'meta'] },
  },
} as const;

/** Error responses every route documents. */
export const errorResponses = {
  '4xx': { $ref: 'Error#' },
  '5xx': { $ref: 'Error#' },
} as const;
