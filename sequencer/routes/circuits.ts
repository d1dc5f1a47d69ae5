import { createReadStream, statSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ARTIFACT_CONTENT_TYPES, CircuitParams, SHA256_HEADER } from '../../api/artifacts.js';
import { errorResponses } from '../../api/error-body.js';
import { PATHS } from '../../api/paths.js';
import { parseRange, type ByteRange } from '../byte-range.js';
import type { SequencerNode } from '../node.js';
import { sharedRateLimit, workerAuth, workerSecurity } from '../worker-auth.js';

/** What anyone may read: the verification key (its verifier is on L1 anyway) and the key's metadata. */
const PUBLIC_KINDS: ReadonlySet<string> = new Set(['vkey', 'meta']);

/**
 * GET /v1/circuits/:name/{wasm,zkey,vkey,meta}: the artifacts a prover worker needs, with their own rate
 * limit. The witness generator and the proving key (hundreds of MB) are behind the worker token; the
 * verification key and the metadata are public, so that anyone (the explorer in a browser, an auditor) can
 * check a proof. One `Range: bytes=…` is honoured (206 and Content-Range), so a worker
 * can resume a proving key of hundreds of MB; the sha256 header is always the whole file's.
 */
export function circuitRoutes(app: FastifyInstance, node: SequencerNode): void {
  const token = node.config.prover.workerToken;
  const auth = workerAuth(token);
  app.get<{ Params: CircuitParams }>(
    PATHS.artifact,
    {
      preHandler: async (request) => {
        if (!PUBLIC_KINDS.has((request.params as CircuitParams).kind)) await auth(request);
      },
      ...sharedRateLimit(app, node.config.http.artifactRateLimit),
      schema: {
        tags: ['jobs'],
        summary: `A circuit artifact (witness generator, proving key, verification key); sha256 of the whole file in ${SHA256_HEADER}; one byte range`,
        params: CircuitParams,
        response: errorResponses,
        ...workerSecurity(token),
      },
    },
    async (request, reply) => {
      const { name, kind } = request.params;
      const path = node.artifacts.path(name, kind);
      const sha256 = await node.artifacts.sha256(path);
      const { size } = statSync(path);
      reply.header(SHA256_HEADER, sha256).header('etag', `"${sha256}"`).header('accept-ranges', 'bytes');
      let range: ByteRange | null;
      try {
        range = parseRange(request.headers.range, size);
      } catch (error) {
        reply.header('content-range', `bytes */${size}`);
        throw error;
      }
      // A linked circuit's `wasm` is its witness bundle (proving-kit/witness-bundle.ts), not WebAssembly.
      reply.type(kind === 'wasm' && !path.endsWith('.wasm') ? 'application/octet-stream' : ARTIFACT_CONTENT_TYPES[kind]);
      if (range === null) return reply.header('content-length', size).send(createReadStream(path));
      return reply
        .status(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1)
        .send(createReadStream(path, { start: range.start, end: range.end }));
    },
  );
}
