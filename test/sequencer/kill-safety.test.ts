import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { makeNode, tempDir } from './fixtures.js';

const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));

/** Runs the child until it kills itself; returns the JSON lines it printed first. */
function runUntilKilled(dir: string, mode: string): Record<string, unknown> {
  const child = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', CHILD, dir, mode], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  expect(child.signal, child.stderr).toBe('SIGKILL');
  return Object.assign({}, ...child.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>));
}

describe('kill safety: a SIGKILL inside a transaction leaves none of it, after one leaves all of it', () => {
  test('killed while admitting a tx: it was not accepted, and the pending state does not count it', async () => {
    const { dir, cleanup } = tempDir();
    try {
      runUntilKilled(dir, 'ingest');
      const node = makeNode({ dataDir: dir });
      expect(node.store.txs.countByStatus()).toEqual({ pending: 0, included: 0, rejected: 0 });
      expect(node.mempool.size).toBe(0);
      expect(node.mempool.view.getAccount(1).nonce).toBe(0n);
      await node.close();
    } finally {
      cleanup();
    }
  });

  test('killed inside the seal transaction: no batch, the state root and the mempool as before', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const out = runUntilKilled(dir, 'seal');
      const node = makeNode({ dataDir: dir });
      expect(node.store.batches.lastNumber()).toBe(1);
      expect(node.state.root.toString()).toBe(out.rootBefore);
      expect(node.store.jobs.countByStatus()).toEqual({ queued: 1, leased: 0, done: 0 });
      expect(node.mempool.l2Txs().map((p) => p.hash)).toEqual(out.hashes);
      expect(node.mempool.view.getAccount(1).nonce).toBe(1n);
      // The batch is built again, exactly once.
      node.batcher.seal();
      expect(node.store.batches.lastNumber()).toBe(2);
      expect(node.store.batches.get(2)?.l2TxCount).toBe(2);
      await node.close();
    } finally {
      cleanup();
    }
  });

  test('killed right after the seal: the batch, its state, its txs and its job are all there', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const out = runUntilKilled(dir, 'after-seal');
      const node = makeNode({ dataDir: dir });
      expect(node.store.batches.lastNumber()).toBe(2);
      expect(node.state.root.toString()).toBe(out.rootAfter);
      expect(node.store.batches.get(2)?.newStateRoot).toBe(out.rootAfter);
      for (const hash of out.hashes as string[]) expect(node.store.txs.get(hash)?.status).toBe('included');
      expect(node.mempool.size).toBe(0);
      expect(node.store.jobs.countByStatus().queued).toBe(2);
      expect(node.batcher.seal()).toBeNull();
      await node.close();
    } finally {
      cleanup();
    }
  });
});
