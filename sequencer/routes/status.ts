import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../../api/error-body.js';
import { PATHS } from '../../api/paths.js';
import { addressHex } from '../../api/scalars.js';
import { Health, StateView } from '../../api/state.js';
import type { SequencerNode } from '../node.js';

/** GET /v1/state, GET /health, GET /metrics. */
export function statusRoutes(app: FastifyInstance, node: SequencerNode): void {
  app.get<{ Reply: StateView }>(PATHS.state, { schema: { tags: ['state'], summary: 'Roots, batch progress and L1 sync height', response: { 200: StateView, ...errorResponses } } }, async () => {
    const { store } = node;
    return {
      chainId: node.config.domain.chainId.toString(),
      rollupAddress: addressHex(node.config.domain.rollupAddress),
      depth: node.state.depth,
      stateRoot: node.state.root.toString(),
      batches: {
        lastSealed: store.batches.lastNumber(),
        lastCommitted: store.batches.lastWith('committed'),
        lastProven: store.batches.lastWith('proven'),
        lastFinalized: store.batches.lastWith('finalized'),
      },
      mempool: { l2Txs: node.mempool.size, l1Txs: node.mempool.l1Txs().length },
      l1: { syncedBlock: store.l1.cursor(), queueLength: store.l1.length(), nextQueueIndex: store.l1.nextUnconsumed() },
      circuits: node.circuits.map((c) => ({ name: c.name, id: c.id, batchSize: c.config.batchSize, feeSlots: c.config.feeSlots })),
    };
  });

  app.get<{ Reply: Health }>(
    PATHS.health,
    { config: { rateLimit: false }, schema: { tags: ['state'], summary: 'Liveness: answers when the store answers', response: { 200: Health } } },
    async () => {
      node.store.batches.lastNumber();
      return { status: 'ok' };
    },
  );

  app.get(PATHS.metrics, { config: { rateLimit: false }, schema: { tags: ['state'], summary: 'Prometheus metrics (text format)' } }, async (_request, reply) => {
    reply.type('text/plain; version=0.0.4; charset=utf-8');
    return node.metrics.registry.render();
  });
}
