import { describe, expect, test } from 'vitest';
import { RollupState } from '../../core/rollup-state.js';
import { Store } from '../../sequencer/store/store.js';
import { ETH, alice, depositNew, fundedNode, queueL1, tempDir, transfer, user } from './fixtures.js';
import { thrownCode } from '../fixtures/errors.js';

const DEPLOYMENT = { chainId: 31337n, rollupAddress: 0xabcn, depth: 8 };

describe('SqliteNodeStore and SqliteAccountStore', () => {
  test('a RollupState on SQLite has the same roots as one in memory, and keeps them across a reopen', () => {
    const { dir, cleanup } = tempDir();
    try {
      const memory = new RollupState(8);
      let store = Store.open(dir, DEPLOYMENT);
      const sqlite = new RollupState(8, store.nodes, store.accounts);
      for (let i = 1; i < 40; i++) {
        const u = user(i);
        const account = { tokenId: 0n, nonce: BigInt(i), balance: BigInt(i) * 1000n, ax: u.ax, ay: u.ay, ethAddr: u.ethAddr };
        memory.setAccount(i, account);
        sqlite.setAccount(i, account);
      }
      expect(sqlite.root).toBe(memory.root);
      store.close();
      store = Store.open(dir, DEPLOYMENT);
      const reopened = new RollupState(8, store.nodes, store.accounts);
      expect(reopened.root).toBe(memory.root);
      expect(reopened.getAccount(7)).toEqual(memory.getAccount(7));
      expect(reopened.prove(7)).toEqual(memory.prove(7));
      store.close();
    } finally {
      cleanup();
    }
  });

  test('putNodes is all-or-nothing', () => {
    const store = Store.open(':memory:', DEPLOYMENT);
    const poison = { toString: () => { throw new Error('disk full'); } } as unknown as bigint;
    expect(() => store.nodes.putNodes([{ level: 0, index: 1, value: 5n }, { level: 0, index: 2, value: poison }])).toThrow('disk full');
    expect(store.nodes.getNode(0, 1)).toBeUndefined();
    store.close();
  });

  test('putAccounts is all-or-nothing', () => {
    const store = Store.open(':memory:', DEPLOYMENT);
    const good = { tokenId: 0n, nonce: 0n, balance: 1n, ax: 1n, ay: 2n, ethAddr: 3n };
    const bad = { ...good, balance: { toString: () => { throw new Error('disk full'); } } as unknown as bigint };
    expect(() => store.accounts.putAccounts([{ idx: 1, account: good }, { idx: 2, account: bad }])).toThrow('disk full');
    expect(store.accounts.getAccount(1)).toBeUndefined();
    store.close();
  });

  test('finds every idx of a public key', () => {
    const store = Store.open(':memory:', DEPLOYMENT);
    const a = { tokenId: 0n, nonce: 0n, balance: 1n, ax: 11n, ay: 12n, ethAddr: 3n };
    store.accounts.putAccounts([{ idx: 5, account: a }, { idx: 2, account: { ...a, tokenId: 1n } }, { idx: 3, account: { ...a, ax: 99n } }]);
    expect(store.accounts.idxOfKey(11n, 12n)).toEqual([2, 5]);
    store.close();
  });

  test('refuses a database of another deployment', () => {
    const { dir, cleanup } = tempDir();
    try {
      Store.open(dir, DEPLOYMENT).close();
      expect(thrownCode(() => Store.open(dir, { ...DEPLOYMENT, chainId: 1n }))).toBe('STORE_MISMATCH');
      expect(thrownCode(() => Store.open(dir, { ...DEPLOYMENT, depth: 16 }))).toBe('STORE_MISMATCH');
    } finally {
      cleanup();
    }
  });

  test('opens a version 1 database: its outbox gains first_batch (a settlement of several batches)', () => {
    const { dir, cleanup } = tempDir();
    try {
      const v1 = Store.open(dir, DEPLOYMENT);
      v1.db.exec('ALTER TABLE outbox DROP COLUMN first_batch');
      v1.db.exec('PRAGMA user_version = 1');
      v1.close();
      const store = Store.open(dir, DEPLOYMENT);
      const row = store.outbox.insert({ batchNumber: 3, firstBatch: 1, kind: 'prove', nonce: 0, attempt: 0, l1TxHash: '0x01', raw: '0x', maxFeePerGas: 1n, maxPriorityFeePerGas: 1n }, 0);
      expect(row).toMatchObject({ firstBatch: 1, batchNumber: 3 });
      expect(store.db.get<{ user_version: number }>('PRAGMA user_version')?.user_version).toBe(2);
      store.close();
    } finally {
      cleanup();
    }
  });
});

describe('Store.rollbackTo', () => {
  test('undoes uncommitted batches: state, records, jobs; their txs and L1 txs wait again', async () => {
    const node = fundedNode();
    const root1 = node.state.root;
    const hash = await node.mempool.submit(transfer(alice, 1, 2, 1000n, 0n));
    queueL1(node, [depositNew(user(30), 5, ETH, 77n)]);
    node.batcher.seal();
    expect(node.store.batches.lastNumber()).toBe(2);
    expect(node.state.root).not.toBe(root1);

    node.store.rollbackTo(1, 0);
    node.mempool.reload();
    expect(node.state.root).toBe(root1);
    expect(node.state.exists(5)).toBe(false);
    expect(node.store.batches.lastNumber()).toBe(1);
    expect(node.store.txs.get(hash)?.status).toBe('pending');
    expect(node.store.l1.unconsumed().map((e) => e.queueIndex)).toEqual([4]);
    expect(node.store.jobs.countByStatus()).toEqual({ queued: 1, leased: 0, done: 0 });
    expect(node.mempool.view.getAccount(2).balance).toBe(5n * 10n ** 17n + 1000n);

    // Sealing again gives the same batch 2.
    node.batcher.seal();
    expect(node.store.batches.get(2)?.l2TxCount).toBe(1);
    await node.close();
  });

  test('refuses to roll back a batch committed on L1', async () => {
    const node = fundedNode();
    node.store.batches.setCommitted(1, '0x01', 0);
    expect(thrownCode(() => node.store.rollbackTo(0, 0))).toBe('L1_REORG_TOO_DEEP');
    expect(node.store.batches.lastNumber()).toBe(1);
    await node.close();
  });
});
