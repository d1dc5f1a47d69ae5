import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { ModuloError } from '../core/errors.js';
import type { RateLimit } from './config.js';

/**
 * The preHandler of every worker route (jobs, artifacts): `Authorization: Bearer <token>`, compared in
 * constant time. A null token (devnet only: sequencer/config.ts assertWorkerToken) leaves them open.
 */
export function workerAuth(token: string | null): (request: FastifyRequest) => Promise<void> {
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`);
  return async (request) => {
    if (expected === null) return;
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ModuloError('UNAUTHORIZED', 'worker routes need Authorization: Bearer <worker token>');
    }
  };
}

/** The OpenAPI security requirement of the worker routes (none when they are open). */
export function workerSecurity(token: string | null): { security?: Array<Record<string, string[]>> } {
  return token === null ? {} : { security: [{ workerToken: [] }] };
}

/**
 * The rate limit a group of routes shares (one counter per client IP for all of them, counted before the
 * token is checked); the global limit of the public routes does not apply to them. `app` must have
 * @fastify/rate-limit registered when `limit` is not null (app.ts does).
 */
export function sharedRateLimit(app: FastifyInstance, limit: RateLimit | null): { onRequest?: onRequestHookHandler; config: { rateLimit: false } } {
  if (limit === null) return { config: { rateLimit: false } };
  return { onRequest: app.rateLimit({ max: limit.max, timeWindow: limit.timeWindowMs }), config: { rateLimit: false } };
}
