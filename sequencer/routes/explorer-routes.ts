import type { FastifyInstance } from 'fastify';
import type { SequencerNode } from '../node.js';
import { ExplorerReads } from '../store/explorer-reads.js';
import { explorerAccountRoutes } from './explorer-accounts.js';
import { explorerActivityRoutes } from './explorer-activity.js';
import { explorerBatchRoutes } from './explorer-batches.js';
import { ExplorerL1 } from './explorer-l1.js';
import { explorerStaticRoutes } from './explorer-static.js';

/** The web explorer (docs/explorer.md): its read API under /v1/explorer/ and its built pages under /explorer/. */
export function explorerRoutes(app: FastifyInstance, node: SequencerNode): void {
  const reads = new ExplorerReads(node.store.db);
  const l1 = new ExplorerL1(node);
  app.addHook('onClose', async () => l1.close());
  explorerBatchRoutes(app, node, reads, l1);
  explorerAccountRoutes(app, node, reads, l1);
  explorerActivityRoutes(app, node, reads, l1);
  explorerStaticRoutes(app);
}
