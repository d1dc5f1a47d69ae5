import { createReadStream, statSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ARTIFACT_CONTENT_TYPES, type ArtifactKind } from '../artifacts.js';
import type { SequencerNode } from '../node.js';
import { circuitParams, errorResponses } from '../schemas.js';

/** The header carrying an artifact's sha256 (hex), so a worker can verify and cache what it downloads. */
export const SHA256_HEADER = 'x-content-sha256';

/** GET /v1/circuits/:name/{wasm,zkey,vkey}: the artifacts a prover worker needs. */
export function circuitRoutes(app: FastifyInstance, node: SequencerNode): void {
  app.get<{ Params: { name: string; kind: ArtifactKind } }>(
    '/v1/circuits/:name/:kind',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['jobs'],
        summary: `A circuit artifact (witness generator, proving key, verification key); sha256 in ${SHA256_HEADER}`,
        params: circuitParams,
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
