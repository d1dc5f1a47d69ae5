import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { buildApp } from '../../sequencer/app.js';
import type { SequencerNode } from '../../sequencer/node.js';
import { fundedNode } from './fixtures.js';

/**
 * A funded node and its app for each test of a file that calls this at its top level: `setup()` makes
 * them (config overrides as fundedNode takes them), and both are closed after each test.
 */
export function appPerTest(): { setup: (over?: Parameters<typeof fundedNode>[0]) => Promise<void>; readonly node: SequencerNode; readonly app: FastifyInstance } {
  let node: SequencerNode | undefined;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    await node?.close();
    app = undefined;
    node = undefined;
  });
  return {
    async setup(over = {}) {
      node = fundedNode(over);
      app = await buildApp(node);
    },
    get node() {
      return node!;
    },
    get app() {
      return app!;
    },
  };
}
