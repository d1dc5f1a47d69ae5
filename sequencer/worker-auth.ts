import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
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

/** A route's @fastify/rate-limit config: its own counter per client IP, shared by the routes of `group`. */
export function routeRateLimit(limit: RateLimit | null, group: string): { rateLimit: false | { max: number; timeWindow: number; groupId: string } } {
  return { rateLimit: limit === null ? false : { max: limit.max, timeWindow: limit.timeWindowMs, groupId: group } };
}
