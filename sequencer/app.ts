import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { ErrorBody } from '../api/error-body.js';
import { clientErrorHandler, frameworkErrors, parseJsonBody } from './client-errors.js';
import { assertWorkerToken } from './config.js';
import { toErrorResponse, type WireErrorCode } from './http-errors.js';
import type { SequencerNode } from './node.js';
import { accountRoutes } from './routes/accounts.js';
import { batchRoutes } from './routes/batches.js';
import { circuitRoutes } from './routes/circuits.js';
import { explorerRoutes } from './routes/explorer-routes.js';
import { jobRoutes } from './routes/jobs.js';
import { statusRoutes } from './routes/status.js';
import { txRoutes } from './routes/txs.js';

/** How often Node looks for requests past the request timeout (its default, 30 s, would let a stalled body linger). */
const TIMEOUT_CHECK_MS = 250;

/**
 * Builds the HTTP API on a node without listening (main.ts listens; tests use inject()). Validation
 * is strict: no coercion (a number where a decimal string is required is MALFORMED), no silent
 * removal of unknown fields (they are MALFORMED too). Every refusal, including those Node's HTTP
 * parser and fastify's router make before a route runs, answers in the API's error body. Refuses a
 * configuration without a worker token outside devnet.
 */
export async function buildApp(node: SequencerNode): Promise<FastifyInstance> {
  assertWorkerToken(node.config);
  const { http } = node.config;
  const countError = (code: WireErrorCode) => node.metrics.httpErrors.inc({ code });
  const app = Fastify({
    loggerInstance: node.log as FastifyBaseLogger,
    bodyLimit: http.bodyLimit,
    requestTimeout: http.requestTimeoutMs,
    // Node reads the request timeout for its periodic check when the server is made, not later (fastify sets it later).
    http: { requestTimeout: http.requestTimeoutMs, ...(http.requestTimeoutMs > 0 ? { connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, http.requestTimeoutMs) } : {}) },
    clientErrorHandler: clientErrorHandler(countError),
    frameworkErrors: frameworkErrors(countError),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, async (request: FastifyRequest, text: string) => parseJsonBody(request, text));
  await app.register(swagger, {
    openapi: {
      info: { title: 'Modulo sequencer', version: '0.1.0', description: 'L2 txs in, batches out; prover job API for workers.' },
      components: { securitySchemes: { workerToken: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/documentation' });
  if (http.rateLimit !== null || http.jobRateLimit !== null || http.artifactRateLimit !== null) {
    // The public routes take the global limit; the worker routes set their own (worker-auth.ts sharedRateLimit).
    await app.register(rateLimit, {
      global: http.rateLimit !== null,
      ...(http.rateLimit !== null ? { max: http.rateLimit.max, timeWindow: http.rateLimit.timeWindowMs } : {}),
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
    countError(body.code as WireErrorCode);
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    countError('NOT_FOUND');
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
