import Type, { type Static } from 'typebox';
import { CircuitRef } from './batch.js';
import { Field, anyObject, decimal, stringEnum } from './scalars.js';

/**
 * The prover job API: a worker claims a lease on the oldest unproven batch, keeps it with heartbeats,
 * and hands in a proof or gives the job back. Every body after the claim names the lease it acts under.
 */

export const JobParams = Type.Object({ id: decimal(15, 'job id') }, { additionalProperties: false });
export type JobParams = Static<typeof JobParams>;

export const LeaseId = Type.String({ pattern: '^[0-9a-f]{32}$' });

export const MAX_WORKER_NAME = 128;

/** POST /v1/jobs/claim; an empty body is fine too. */
export const ClaimBody = Type.Unsafe<{ worker?: string } | null>({
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { worker: { type: 'string', maxLength: MAX_WORKER_NAME, description: 'a name for logs' } },
});
export type ClaimBody = Static<typeof ClaimBody>;

/** A claimed job: the batch to prove, its circuit input, and until when the worker may. */
export const Lease = Type.Object({
  jobId: Type.Integer(),
  leaseId: LeaseId,
  batchNumber: Type.Integer(),
  circuit: CircuitRef,
  /** The batch's one public input: the proof must verify for exactly this. */
  publicInputHash: Field,
  input: anyObject('the circuit input (decimal strings)'),
  leaseExpiresAt: Type.Integer({ description: 'ms since the epoch' }),
});
export type Lease = Static<typeof Lease>;

export const HeartbeatBody = Type.Object({ leaseId: LeaseId }, { additionalProperties: false });
export type HeartbeatBody = Static<typeof HeartbeatBody>;

export const LeaseRenewed = Type.Object({ leaseExpiresAt: Type.Integer() });
export type LeaseRenewed = Static<typeof LeaseRenewed>;

const G1 = Type.Array(Field, { minItems: 3, maxItems: 3 });

/** A Groth16 proof as snarkjs writes it (proof.json): the points as decimal strings, projective (z last). */
export const Groth16Proof = Type.Object(
  {
    pi_a: G1,
    pi_b: Type.Array(Type.Array(Field, { minItems: 2, maxItems: 2 }), { minItems: 3, maxItems: 3 }),
    pi_c: G1,
    protocol: stringEnum(['groth16']),
    curve: stringEnum(['bn128']),
  },
  { additionalProperties: false },
);
export type Groth16Proof = Static<typeof Groth16Proof>;

/** POST /v1/jobs/:id/proof; publicSignals, when sent, must be the batch's publicInputHash. */
export const ProofBody = Type.Object(
  {
    leaseId: LeaseId,
    proof: Groth16Proof,
    publicSignals: Type.Optional(Type.Array(Field, { minItems: 1, maxItems: 1 })),
  },
  { additionalProperties: false },
);
export type ProofBody = Static<typeof ProofBody>;

export const ProofAccepted = Type.Object({ batchNumber: Type.Integer() });
export type ProofAccepted = Static<typeof ProofAccepted>;

export const MAX_FAIL_REASON = 2000;

/** POST /v1/jobs/:id/fail: give the job back, with the reason. */
export const FailBody = Type.Object(
  { leaseId: LeaseId, reason: Type.String({ maxLength: MAX_FAIL_REASON }) },
  { additionalProperties: false },
);
export type FailBody = Static<typeof FailBody>;

export const JobRequeued = Type.Object({ requeued: Type.Boolean() });
export type JobRequeued = Static<typeof JobRequeued>;
