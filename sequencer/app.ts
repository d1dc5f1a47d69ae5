import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ErrorBody } from '../api/error-body.js';
import { toErrorResponse } from './http-errors.js';
import type { SequencerNode } from './node.js';
import { accountRoutes } from './routes/accounts.js';
import { batchRoutes } from './routes/batches.js';
import { circuitRoutes } from './routes/circuits.js';
import { explorerRoutes } from './routes/explorer-routes.js';
import { jobRoutes } from './routes/jobs.js';
import { statusRoutes } from './routes/status.js';
import { txRoutes } from './routes/txs.js';

/**
 * Builds the HTTP API on a node without listening (main.ts listens; tests use inject()). Validation
 * is strict: no coercion (a number where a decimal string is required is MALFORMED), no silent
 * removal of unknown fields (they are MALFORMED too).
 */
export async function buildApp(node: SequencerNode): Promise<FastifyInstance> {
  const { http } = node.config;
  const app = Fastify({
    loggerInstance: node.log as FastifyBaseLogger,
    bodyLimit: http.bodyLimit,
    requestTimeout: http.requestTimeoutMs,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Modulo sequencer', version: '0.1.0', description: 'L2 txs in, batches out; prover job API for workers.' },
      components: { securitySchemes: { workerToken: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/documentation' });
  if (http.rateLimit !== null) {
    await app.register(rateLimit, {
      max: http.rateLimit.max,
      timeWindow: http.rateLimit.timeWindowMs,
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: 'FST_ERR_RATE_LIMITED',
        message: `rate limit of ${context.max} requests per ${context.after} reached`,
      }),
    });
  }
  app.addSchema(ErrorBody);
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    node.metrics.httpErrors.inc({ code: body.code });
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    node.metrics.httpErrors.inc({ code: 'NOT_FOUND' });
    return reply.status(404).send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` });
  });
  txRoutes(app, node);
  accountRoutes(app, node);
  batchRoutes(app, node);
  statusRoutes(app, node);
  jobRoutes(app, node);
  circuitRoutes(app, node);
  explorerRoutes(app, node);
  return app;
}
