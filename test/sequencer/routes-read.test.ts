import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildApp } from '../../sequencer/app.js';
import type { SequencerNode } from '../../sequencer/node.js';
import { ETH, MIN_FEE, alice, body, bob, depositNew, fundedNode, queueL1, transfer, user } from './fixtures.js';

let node: SequencerNode;
let app: FastifyInstance;

beforeEach(async () => {
  node = fundedNode();
  app = await buildApp(node);
});

afterEach(async () => {
  await app.close();
  await node.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

describe('GET /v1/accounts', () => {
  test('an account as of the last sealed batch, with its pending nonce and balance', async () => {
    await app.inject({ method: 'POST', url: '/v1/txs', payload: body(transfer(alice, 1, 2, 1000n, 0n)) });
    const res = await get('/v1/accounts/1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      idx: '1',
      tokenId: '0',
      nonce: '0',
      balance: (10n ** 18n).toString(),
      ax: alice.ax.toString(),
      ay: alice.ay.toString(),
      ethAddr: `0x${alice.ethAddr.toString(16).padStart(40, '0')}`,
      pending: { nonce: '1', balance: (10n ** 18n - 1000n - MIN_FEE).toString() },
    });
  });

  test('an account created by a deposit not yet batched is there, with only a pending balance', async () => {
    const dave = user(41);
    queueL1(node, [depositNew(dave, 5, ETH, 500n)]);
    expect((await get('/v1/accounts/5')).json()).toMatchObject({ idx: '5', balance: '0', pending: { balance: '500' } });
    const byKey = (await get(`/v1/accounts?ax=${dave.ax}&ay=${dave.ay}`)).json();
    expect(byKey.accounts.map((a: { idx: string }) => a.idx)).toEqual(['5']);
  });

  test('every account of a key', async () => {
    queueL1(node, [depositNew(alice, 5, 1n, 3n)]);
    node.batcher.seal();
    const res = await get(`/v1/accounts?ax=${alice.ax}&ay=${alice.ay}`);
    expect(res.json().accounts.map((a: { idx: string; tokenId: string }) => [a.idx, a.tokenId])).toEqual([['1', '0'], ['5', '1']]);
    expect((await get(`/v1/accounts?ax=1&ay=2`)).json()).toEqual({ accounts: [] });
  });

  test.each([
    ['/v1/accounts/77', 404, 'NOT_FOUND'],
    ['/v1/accounts/99999', 404, 'NOT_FOUND'],
    ['/v1/accounts/abc', 400, 'MALFORMED'],
    ['/v1/accounts/-1', 400, 'MALFORMED'],
    ['/v1/accounts?ax=1', 400, 'MALFORMED'],
    ['/v1/accounts?ax=1&ay=2&x=3', 400, 'MALFORMED'],
  ])('%s is %i %s', async (url, status, code) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });
});

describe('GET /v1/batches/:n', () => {
  test('a batch with its L1 txs and L2 txs in slot order', async () => {
    await app.inject({ method: 'POST', url: '/v1/txs', payload: body(transfer(alice, 1, 2, 1000n, 0n)) });
    await app.inject({ method: 'POST', url: '/v1/txs', payload: body(transfer(bob, 2, 0, 5n, 0n)) });
    node.batcher.seal();
    const one = (await get('/v1/batches/1')).json();
    expect(one).toMatchObject({ batchNumber: 1, status: 'sealed', circuit: { name: 'medium', id: 1 }, l1TxCount: 4, l2TxCount: 0, txs: [] });
    expect(one.l1Txs.map((t: { queueIndex: number }) => t.queueIndex)).toEqual([0, 1, 2, 3]);
    const two = (await get('/v1/batches/2')).json();
    expect(two).toMatchObject({ batchNumber: 2, circuit: { name: 'small' }, l1TxCount: 0, l2TxCount: 2, feeIdx: [3], oldStateRoot: one.newStateRoot });
    expect(two.txs.map((t: { position: number; tx: { toIdx: string } }) => [t.position, t.tx.toIdx])).toEqual([[0, '2'], [1, '0']]);
    expect(two.withdrawals).toMatch(/^0x[0-9a-f]{80}$/);
    expect(two.txData).toMatch(/^0x[0-9a-f]{48}$/);
  });

  test('404 NOT_FOUND for a batch not sealed', async () => {
    expect((await get('/v1/batches/9')).json().code).toBe('NOT_FOUND');
  });
});

describe('GET /v1/state, /health, /metrics, /documentation/json', () => {
  test('state: root, batch progress, mempool and L1 sync', async () => {
    const res = (await get('/v1/state')).json();
    expect(res).toMatchObject({
      chainId: '31337',
      depth: 8,
      stateRoot: node.state.root.toString(),
      batches: { lastSealed: 1, lastCommitted: 0, lastProven: 0, lastFinalized: 0 },
      mempool: { l2Txs: 0, l1Txs: 0 },
      l1: { syncedBlock: null, queueLength: 4, nextQueueIndex: 4 },
    });
    expect(res.circuits.map((c: { name: string }) => c.name)).toEqual(['small', 'medium']);
  });

  test('health', async () => {
    expect((await get('/health')).json()).toEqual({ status: 'ok' });
  });

  test('metrics in Prometheus text format', async () => {
    await app.inject({ method: 'POST', url: '/v1/txs', payload: body(transfer(alice, 1, 2, 1000n, 0n)) });
    await app.inject({ method: 'POST', url: '/v1/txs', payload: body(transfer(alice, 1, 2, 1000n, 7n)) });
    const res = await get('/metrics');
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE modulo_txs_accepted_total counter');
    expect(res.body).toContain('modulo_txs_accepted_total 1');
    expect(res.body).toContain('modulo_txs_refused_total{code="WRONG_NONCE"} 1');
    expect(res.body).toContain('modulo_mempool_txs 1');
    expect(res.body).toContain('modulo_batch_last_sealed 1');
  });

  test('an OpenAPI document of every route', async () => {
    const doc = (await get('/documentation/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/v1/txs', '/v1/txs/{hash}', '/v1/accounts/{idx}', '/v1/accounts', '/v1/batches/{n}', '/v1/state', '/v1/jobs/claim', '/v1/jobs/{id}/proof', '/v1/circuits/{name}/{kind}']) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(doc.paths['/v1/txs'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });

  test('an unknown route is 404 NOT_FOUND', async () => {
    const res = await get('/v2/nothing');
    expect([res.statusCode, res.json().code]).toEqual([404, 'NOT_FOUND']);
  });
});
