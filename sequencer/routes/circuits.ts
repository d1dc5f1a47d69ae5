import { createReadStream, statSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ARTIFACT_CONTENT_TYPES, CircuitParams, SHA256_HEADER } from '../../api/artifacts.js';
import { errorResponses } from '../../api/error-body.js';
import { PATHS } from '../../api/paths.js';
import type { SequencerNode } from '../node.js';

/** GET /v1/circuits/:name/{wasm,zkey,vkey}: the artifacts a prover worker needs. */
export function circuitRoutes(app: FastifyInstance, node: SequencerNode): void {
  app.get<{ Params: CircuitParams }>(
    PATHS.artifact,
    {
      config: { rateLimit: false },
      schema: {
        tags: ['jobs'],
        summary: `A circuit artifact (witness generator, proving key, verification key); sha256 in ${SHA256_HEADER}`,
        params: CircuitParams,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { name, kind } = request.params;
      const path = node.artifacts.path(name, kind);
      const sha256 = await node.artifacts.sha256(path);
      reply
        .header(SHA256_HEADER, sha256)
        .header('etag', `"${sha256}"`)
        .header('content-length', statSync(path).size)
        .type(ARTIFACT_CONTENT_TYPES[kind]);
      return reply.send(createReadStream(path));
    },
  );
}
