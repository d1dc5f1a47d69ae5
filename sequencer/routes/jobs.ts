import type { FastifyInstance } from 'fastify';
import { ModuloError } from '../../core/errors.js';
import { errorResponses } from '../../api/error-body.js';
import { ClaimBody, FailBody, HeartbeatBody, JobParams, JobRequeued, Lease, LeaseRenewed, ProofAccepted, ProofBody } from '../../api/jobs.js';
import { PATHS } from '../../api/paths.js';
import { fieldFromWire } from '../../api/scalars.js';
import type { SequencerNode } from '../node.js';
import { PenaltyBox } from '../penalty-box.js';
import { sharedRateLimit, workerAuth, workerSecurity } from '../worker-auth.js';

/** Proofs are ~1.5 kB of JSON; the global bodyLimit is sized for txs, this for a proof with headroom. */
const PROOF_BODY_LIMIT = 64 * 1024;

/**
 * The prover job API (POST /v1/jobs/claim, /:id/heartbeat, /:id/proof, /:id/fail). Every call needs
 * `Authorization: Bearer <worker token>` (only the devnet may run without one), and the routes share
 * one rate limit per client IP. A client whose proofs keep failing verification is refused for a while
 * before its next ones are verified (PenaltyBox).
 */
export function jobRoutes(app: FastifyInstance, node: SequencerNode): void {
  const token = node.config.prover.workerToken;
  const common = {
    preHandler: workerAuth(token),
    ...sharedRateLimit(app, node.config.http.jobRateLimit),
  } as const;
  const security = workerSecurity(token);
  const penalties = new PenaltyBox(node.config.prover.invalidProofLimit);

  app.post<{ Body: ClaimBody }>(
    PATHS.claim,
    {
      ...common,
      schema: {
        tags: ['jobs'],
        summary: 'Lease the oldest unproven batch (204 when there is none)',
        body: ClaimBody,
        response: { 200: Lease, 204: { type: 'null' }, ...errorResponses },
        ...security,
      },
    },
    async (request, reply) => {
      const lease = node.jobs.claim(request.body?.worker ?? request.ip);
      if (lease === null) return reply.status(204).send();
      request.log.info({ job: lease.jobId, batch: lease.batchNumber, worker: request.body?.worker }, 'job claimed');
      return lease;
    },
  );

  app.post<{ Params: JobParams; Body: HeartbeatBody; Reply: LeaseRenewed }>(
    PATHS.heartbeat,
    {
      ...common,
      schema: {
        tags: ['jobs'],
        summary: 'Extend a lease',
        params: JobParams,
        body: HeartbeatBody,
        response: { 200: LeaseRenewed, ...errorResponses },
        ...security,
      },
    },
    async (request) => node.jobs.heartbeat(Number(request.params.id), request.body.leaseId),
  );

  app.post<{ Params: JobParams; Body: ProofBody; Reply: ProofAccepted }>(
    PATHS.proof,
    {
      ...common,
      bodyLimit: PROOF_BODY_LIMIT,
      schema: {
        tags: ['jobs'],
        summary: 'Hand in a proof; it is verified (snarkjs, the circuit\'s verification key) before it is accepted',
        params: JobParams,
        body: ProofBody,
        response: { 200: ProofAccepted, ...errorResponses },
        ...security,
      },
    },
    async (request) => {
      const jobId = Number(request.params.id);
      const { leaseId, proof, publicSignals } = request.body;
      publicSignals?.forEach((signal, i) => fieldFromWire(signal, `publicSignals[${i}]`));
      penalties.check(request.ip);
      const result = await node.jobs.submitProof(jobId, leaseId, proof, publicSignals).catch((error: unknown) => {
        if (error instanceof ModuloError && error.code === 'INVALID_PROOF') penalties.strike(request.ip);
        throw error;
      });
      request.log.info({ job: jobId, batch: result.batchNumber }, 'proof accepted');
      return result;
    },
  );

  app.post<{ Params: JobParams; Body: FailBody; Reply: JobRequeued }>(
    PATHS.fail,
    {
      ...common,
      schema: {
        tags: ['jobs'],
        summary: 'Give a job back with the reason',
        params: JobParams,
        body: FailBody,
        response: { 200: JobRequeued, ...errorResponses },
        ...security,
      },
    },
    async (request) => {
      node.jobs.fail(Number(request.params.id), request.body.leaseId, request.body.reason);
      request.log.warn({ job: request.params.id, reason: request.body.reason }, 'job failed by worker');
      return { requeued: true };
    },
  );
}
