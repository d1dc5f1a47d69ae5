import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildApp } from '../../sequencer/app.js';
import { toErrorResponse } from '../../sequencer/http-errors.js';
import type { SequencerNode } from '../../sequencer/node.js';
import { proofStats, series } from '../../sequencer/routes/explorer-activity.js';
import { explorerStaticRoutes } from '../../sequencer/routes/explorer-static.js';
import { alice, body, bob, Clock, fakeProof, fundedNode, transfer } from './fixtures.js';

let node: SequencerNode;
let app: FastifyInstance;
const clock = new Clock();

/**
 * Batch 1 (4 deposits), proven but not committed; batch 2 (alice → bob, bob withdraws), committed, proven
 * and finalized; batch 3 (alice → bob), sealed.
 */
beforeEach(async () => {
  clock.now = Date.now() - 60_000; // the series endpoint reads the last hour of the wall clock
  node = fundedNode({}, { clock: clock.fn });
  app = await buildApp(node);
  await app.inject({ method: 'POST', url: '/v1/txs', payload: body(transfer(alice, 1, 2, 1000n, 0n)) });
  await app.inject({ method: 'POST', url: '/v1/txs', payload: body(transfer(bob, 2, 0, 5n, 0n)) });
  node.batcher.seal();
  clock.advance(5_000);
  node.store.batches.setCommitted(2, `0x${'c'.repeat(64)}`, clock.now);
  const lease = node.jobs.claim('w1');
  expect(lease?.batchNumber).toBe(1);
  await node.jobs.submitProof(lease!.jobId, lease!.leaseId, fakeProof(true));
  const lease2 = node.jobs.claim('w2')!;
  clock.advance(7_000);
  await node.jobs.submitProof(lease2.jobId, lease2.leaseId, fakeProof(true));
  node.store.batches.setFinalized(2, `0x${'f'.repeat(64)}`, clock.now);
  await app.inject({ method: 'POST', url: '/v1/txs', payload: body(transfer(alice, 1, 2, 2000n, 1n)) });
  node.batcher.seal();
});

afterEach(async () => {
  await app.close();
  await node.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

describe('GET /v1/explorer/batches', () => {
  test('newest first, a page at a time, with the cursor of the next page', async () => {
    const first = (await get('/v1/explorer/batches?limit=2')).json();
    expect(first.batches.map((b: { batchNumber: number; status: string }) => [b.batchNumber, b.status])).toEqual([[3, 'sealed'], [2, 'finalized']]);
    expect(first.next).toBe(2);
    const second = (await get(`/v1/explorer/batches?limit=2&before=${first.next}`)).json();
    expect(second).toMatchObject({ batches: [{ batchNumber: 1, l1TxCount: 4, l2TxCount: 0, circuit: { name: 'medium' } }], next: null });
  });

  test('a batch with its slots, L1 calls, public input and proof', async () => {
    const b = (await get('/v1/explorer/batches/2')).json();
    expect(b).toMatchObject({
      batchNumber: 2, status: 'finalized', l1TxCount: 0, l2TxCount: 2, feeIdx: [3],
      circuit: { name: 'small', batchSize: 2, feeSlots: 1, depth: 8 },
      domain: { chainId: '31337', rollupAddress: '0x5fbdb2315678afecb367f032d93f642f64180aa3' },
      publicInputHash: node.store.batches.get(2)!.publicInputHash,
      commit: { l1TxHash: `0x${'c'.repeat(64)}`, status: 'confirmed', gasUsed: null },
      prove: { l1TxHash: `0x${'f'.repeat(64)}`, status: 'confirmed' },
      proof: fakeProof(true),
    });
    expect(b.txs.map((t: { position: number; toIdx: number; status: string }) => [t.position, t.toIdx, t.status])).toEqual([[0, 2, 'finalized'], [1, 0, 'finalized']]);
    expect((await get('/v1/explorer/batches/1')).json().l1Txs.map((t: { idx: number; batchNumber: number }) => [t.idx, t.batchNumber])).toEqual([[1, 1], [2, 1], [3, 1], [4, 1]]);
    expect((await get('/v1/explorer/batches/3')).json()).toMatchObject({ status: 'sealed', commit: null, prove: null, proof: null });
  });

  test.each([
    ['/v1/explorer/batches/9', 404, 'NOT_FOUND'],
    ['/v1/explorer/batches/x', 400, 'MALFORMED'],
    ['/v1/explorer/batches?limit=0', 400, 'MALFORMED'],
    ['/v1/explorer/batches?limit=101', 400, 'MALFORMED'],
    ['/v1/explorer/batches?page=2', 400, 'MALFORMED'],
  ])('%s is %i %s', async (url, status, code) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    expect(res.json().code).toBe(code);
  });
});

describe('GET /v1/explorer/txs/:hash and an account\'s txs', () => {
  test('an L2 tx with its timeline from pending to finalized', async () => {
    const [t] = (await get('/v1/explorer/batches/2')).json().txs;
    const res = (await get(`/v1/explorer/txs/${t.txHash.toUpperCase().replace('0X', '0x')}`)).json();
    expect(res).toMatchObject({ kind: 'l2', status: 'finalized', l1Tx: null, reason: null, l2Tx: { txHash: t.txHash, fromIdx: 1, toIdx: 2, amount: '1000', fee: '10' } });
    expect(res.timeline.map((s: { status: string; at: number | null }) => [s.status, s.at !== null])).toEqual([
      ['pending', true], ['included', true], ['committed', true], ['proven', true], ['finalized', true],
    ]);
  });

  test('the L1 tx queued by an L1 transaction, by that transaction\'s hash', async () => {
    const l1TxHash = `0x${'1'.padStart(64, '0')}`;
    expect((await get(`/v1/explorer/txs/${l1TxHash}`)).json()).toMatchObject({ kind: 'l1', status: 'included', l1Tx: { queueIndex: 0, idx: 1, amount: String(10n ** 18n), l1TxHash }, l2Tx: null });
    expect((await get(`/v1/explorer/txs/0x${'9'.repeat(64)}`)).statusCode).toBe(404);
  });

  test('an account\'s txs newest first, paginated by the cursor, and its L1 txs', async () => {
    const first = (await get('/v1/explorer/accounts/1/txs?limit=1')).json();
    expect(first.txs.map((t: { amount: string; status: string }) => [t.amount, t.status])).toEqual([['2000', 'included']]);
    expect(first.l1Txs.map((t: { queueIndex: number }) => t.queueIndex)).toEqual([0]);
    const second = (await get(`/v1/explorer/accounts/1/txs?limit=1&before=${first.next}`)).json();
    expect(second.txs.map((t: { amount: string }) => t.amount)).toEqual(['1000']);
    const bobs = (await get('/v1/explorer/accounts/2/txs')).json();
    expect(bobs).toMatchObject({ next: null });
    expect(bobs.txs.map((t: { fromIdx: number; toIdx: number }) => [t.fromIdx, t.toIdx])).toEqual([[1, 2], [2, 0], [1, 2]]);
  });

  test('what a number names: a batch, an account idx, both or neither', async () => {
    expect((await get('/v1/explorer/numbers/3')).json()).toEqual({ batch: true, account: true });
    expect((await get('/v1/explorer/numbers/4')).json()).toEqual({ batch: false, account: true });
    expect((await get('/v1/explorer/numbers/0')).json()).toEqual({ batch: false, account: false });
    expect((await get('/v1/explorer/numbers/99999999999')).json()).toEqual({ batch: false, account: false });
  });

  test('the accounts of an L1 address; no credits without an L1 node', async () => {
    const addr = `0x${alice.ethAddr.toString(16).padStart(40, '0')}`;
    const res = (await get(`/v1/explorer/addresses/${addr}`)).json();
    expect(res).toEqual({ ethAddr: addr, credits: null, accounts: [expect.objectContaining({ idx: 1, tokenId: 0, nonce: '2', ax: alice.ax.toString() })] });
    expect((await get(`/v1/explorer/addresses/0x${'0'.repeat(40)}`)).json().accounts).toEqual([]);
  });
});

describe('prover stats, series and tokens', () => {
  test('jobs by status, the newest done with their worker and seal-to-proof time', async () => {
    const res = (await get('/v1/explorer/provers')).json();
    expect(res.jobs).toEqual({ queued: 1, leased: 0, done: 2 });
    expect(res.open).toEqual([expect.objectContaining({ batchNumber: 3, status: 'queued', worker: null, attempts: 0 })]);
    expect(res.recent.map((r: { batchNumber: number; worker: string; ms: number }) => [r.batchNumber, r.worker, r.ms])).toEqual([[2, 'w2', 12_000], [1, 'w1', 5_000]]);
    expect(res.circuits).toEqual([{ name: 'medium', proofs: 1, meanMs: 5_000, p50Ms: 5_000, maxMs: 5_000 }, { name: 'small', proofs: 1, meanMs: 12_000, p50Ms: 12_000, maxMs: 12_000 }]);
  });

  test('the last hour in minute buckets', async () => {
    const res = (await get('/v1/explorer/series')).json();
    expect(res.to - res.from).toBe(3_600_000);
    expect(res.buckets.length).toBeGreaterThanOrEqual(60);
    const totals = res.buckets.reduce((s: number[], b: { batches: number; l1Txs: number; l2Txs: number }) => [s[0]! + b.batches, s[1]! + b.l1Txs, s[2]! + b.l2Txs], [0, 0, 0]);
    expect(totals).toEqual([3, 4, 3]);
    expect(res.proofs.map((p: { batchNumber: number }) => p.batchNumber)).toEqual([1, 2]);
    expect((await get('/v1/explorer/series?minutes=1441')).statusCode).toBe(400);
  });

  test('ETH alone without an L1 node', async () => {
    expect((await get('/v1/explorer/tokens')).json()).toEqual({ tokens: [{ tokenId: 0, symbol: 'ETH', decimals: 18, address: null }] });
  });

  test('series: buckets counted at seal, proofs at acceptance; proofStats: median and mean', () => {
    const row = (batchNumber: number, sealedAt: number, provenAt: number | null) => ({ batchNumber, circuitName: 'test', circuitId: 0, l1TxCount: 1, l2TxCount: 2, sealedAt, committedAt: null, provenAt, finalizedAt: null });
    const s = series([row(1, 0, 90_000), row(2, 61_000, null), row(3, 119_999, 200_000)], 0, 120_000);
    expect(s.buckets).toEqual([{ t: 0, batches: 1, l1Txs: 1, l2Txs: 2 }, { t: 60_000, batches: 2, l1Txs: 2, l2Txs: 4 }]);
    expect(s.proofs).toEqual([{ batchNumber: 1, circuit: 'test', sealedAt: 0, provenAt: 90_000, ms: 90_000 }]);
    expect(proofStats([1, 5, 3, 100].map((ms) => ({ circuitName: 'dev', ms })))).toEqual([{ name: 'dev', proofs: 4, meanMs: 27, p50Ms: 3, maxMs: 100 }]);
  });
});

describe('the OpenAPI document', () => {
  test('lists every explorer route with its schemas', async () => {
    const doc = (await get('/documentation/json')).json();
    for (const path of ['batches', 'batches/{n}', 'txs/{hash}', 'accounts/{idx}/txs', 'addresses/{ethAddr}', 'numbers/{n}', 'provers', 'series', 'tokens']) {
      expect(doc.paths[`/v1/explorer/${path}`].get.responses['200'], path).toBeDefined();
    }
    expect(doc.paths['/explorer/{*}']).toBeUndefined();
  });
});

describe('GET /explorer/', () => {
  test('serves the built files only, and says when the explorer is not built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modulo-explorer-'));
    const server = Fastify();
    server.setErrorHandler((error, _request, reply) => {
      const { status, body: payload } = toErrorResponse(error);
      return reply.status(status).send(payload);
    });
    try {
      explorerStaticRoutes(server, dir);
      expect((await server.inject({ url: '/explorer/' })).json()).toMatchObject({ message: expect.stringMatching(/not built/) });
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Modulo explorer</title>');
      writeFileSync(join(dir, 'assets', 'index-abc.js'), 'export {}');
      expect((await server.inject({ url: '/explorer' })).headers.location).toBe('/explorer/');
      const index = await server.inject({ url: '/explorer/' });
      expect([index.statusCode, index.headers['content-type'], index.body]).toEqual([200, 'text/html; charset=utf-8', '<!doctype html><title>Modulo explorer</title>']);
      const js = await server.inject({ url: '/explorer/assets/index-abc.js' });
      expect([js.statusCode, js.headers['content-type'], js.headers['cache-control']]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
      for (const url of ['/explorer/../package.json', '/explorer/%2e%2e/package.json', '/explorer/assets/missing.js']) expect((await server.inject({ url })).statusCode).toBe(404);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
