import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { buildApp } from '../../sequencer/app.js';
import type { HttpConfig, ProverConfig } from '../../sequencer/config.js';
import type { SequencerNode } from '../../sequencer/node.js';
import type { ProofVerifier } from '../../sequencer/proof.js';
import { fakeProof, fakeProofVerifier, fundedNode, tempDir, testConfig } from './fixtures.js';

/**
 * The worker routes (jobs and artifacts) as a stranger and as a worker sees them: the token, byte
 * ranges of a proving key, the rate limits, and what handing in bad proofs costs the client.
 */

const TOKEN = 'worker-secret';
const auth = { authorization: `Bearer ${TOKEN}` };
const artifacts = tempDir();
const ZKEY = randomBytes(10_000);
mkdirSync(join(artifacts.dir, 'medium', 'main_js'), { recursive: true });
writeFileSync(join(artifacts.dir, 'medium', 'circuit.dev.zkey'), ZKEY);
writeFileSync(join(artifacts.dir, 'medium', 'main_js', 'main.wasm'), 'wasm');
writeFileSync(join(artifacts.dir, 'medium', 'verification_key.json'), '{}');

let node: SequencerNode;
let app: FastifyInstance;
let verified = 0;
const countingVerifier: ProofVerifier = {
  async verify(...args) {
    verified++;
    return fakeProofVerifier.verify(...args);
  },
};

async function setup(o: { http?: Partial<HttpConfig>; prover?: Partial<ProverConfig> } = {}) {
  const base = testConfig();
  verified = 0;
  node = fundedNode(
    { devnet: false, http: { ...base.http, ...o.http }, prover: { ...base.prover, workerToken: TOKEN, artifactsDir: artifacts.dir, ...o.prover } },
    { proofVerifier: countingVerifier },
  );
  app = await buildApp(node);
}

afterEach(async () => {
  await app.close();
  await node.close();
});
afterAll(() => artifacts.cleanup());

const claim = (headers: Record<string, string> = auth) => app.inject({ method: 'POST', url: '/v1/jobs/claim', headers, payload: { worker: 'w1' } });
const zkey = (headers: Record<string, string> = auth, method: 'GET' | 'HEAD' = 'GET') => app.inject({ method, url: '/v1/circuits/medium/zkey', headers });

function expectError(res: { statusCode: number; json(): unknown; body: string }, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toEqual({ code, message: expect.any(String), ...((res.json() as { details?: unknown }).details ? { details: expect.anything() } : {}) });
}

describe('the worker token', () => {
  test('without it (or with another) claim, heartbeat, proof, fail and artifact downloads are refused: 401 UNAUTHORIZED', async () => {
    await setup();
    const { jobId, leaseId } = (await claim()).json();
    const requests: InjectOptions[] = [
      { method: 'POST', url: '/v1/jobs/claim', payload: { worker: 'x' } },
      { method: 'POST', url: `/v1/jobs/${jobId}/heartbeat`, payload: { leaseId } },
      { method: 'POST', url: `/v1/jobs/${jobId}/proof`, payload: { leaseId, proof: fakeProof(true) } },
      { method: 'POST', url: `/v1/jobs/${jobId}/fail`, payload: { leaseId, reason: 'x' } },
      { method: 'GET', url: '/v1/circuits/medium/zkey' },
      { method: 'GET', url: '/v1/circuits/medium/wasm' },
      { method: 'GET', url: '/v1/circuits/medium/zkey', headers: { range: 'bytes=0-9' } },
    ];
    for (const headers of [{}, { authorization: 'Bearer wrong-secret' }, { authorization: TOKEN }] as Array<Record<string, string>>) {
      for (const request of requests) {
        const res = await app.inject({ ...request, headers: { ...(request.headers as object), ...headers } });
        expectError(res, 401, 'UNAUTHORIZED');
      }
      expect((await zkey(headers, 'HEAD')).statusCode).toBe(401);
    }
    expect(verified).toBe(0);
    expect(node.jobs.get(jobId)).toMatchObject({ status: 'leased', leaseId });
  });

  test('the verification key is public (anyone checks a proof with it); the proving key and witness generator are not', async () => {
    await setup();
    const vkey = await app.inject({ method: 'GET', url: '/v1/circuits/medium/vkey' });
    expect(vkey.statusCode).toBe(200);
    expect(vkey.body).toBe('{}');
    expectError(await app.inject({ method: 'GET', url: '/v1/circuits/medium/zkey' }), 401, 'UNAUTHORIZED');
  });

  test('with it they work', async () => {
    await setup();
    const first = (await claim()).json();
    expect((await app.inject({ method: 'POST', url: `/v1/jobs/${first.jobId}/heartbeat`, headers: auth, payload: { leaseId: first.leaseId } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/v1/jobs/${first.jobId}/fail`, headers: auth, payload: { leaseId: first.leaseId, reason: 'oom' } })).json()).toEqual({ requeued: true });
    const again = (await claim()).json();
    const proof = await app.inject({ method: 'POST', url: `/v1/jobs/${again.jobId}/proof`, headers: auth, payload: { leaseId: again.leaseId, proof: fakeProof(true) } });
    expect(proof.json()).toEqual({ batchNumber: 1 });
    const res = await zkey();
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(ZKEY)).toBe(true);
    expect((await zkey(auth, 'HEAD')).headers['x-content-sha256']).toBe(createHash('sha256').update(ZKEY).digest('hex'));
  });
});

describe('artifact byte ranges', () => {
  const size = ZKEY.length;
  test.each([
    ['bytes=0-99', 0, 99],
    ['bytes=9000-', 9000, size - 1],
    ['bytes=-250', size - 250, size - 1],
    ['bytes=9990-20000', 9990, size - 1],
    ['bytes=-20000', 0, size - 1],
  ])('%s: 206 with the slice, Content-Range and the whole file\'s sha256', async (range, start, end) => {
    await setup();
    const res = await zkey({ ...auth, range });
    expect(res.statusCode).toBe(206);
    expect(res.rawPayload.equals(ZKEY.subarray(start, end + 1))).toBe(true);
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
    expect(Number(res.headers['content-length'])).toBe(end - start + 1);
    expect(res.headers['x-content-sha256']).toBe(createHash('sha256').update(ZKEY).digest('hex'));
  });

  test.each([`bytes=${10_000}-`, 'bytes=20000-30000', 'bytes=-0'])('%s: 416 RANGE_NOT_SATISFIABLE with the size', async (range) => {
    await setup();
    const res = await zkey({ ...auth, range });
    expectError(res, 416, 'RANGE_NOT_SATISFIABLE');
    expect(res.headers['content-range']).toBe(`bytes */${size}`);
  });

  test.each(['bytes=0-1,5-9', 'items=0-9', 'bytes=9-1'])('%s (ignored): the whole file', async (range) => {
    await setup();
    const res = await zkey({ ...auth, range });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(ZKEY)).toBe(true);
    expect(res.headers['accept-ranges']).toBe('bytes');
  });
});

describe('rate limits', () => {
  test('the job routes share one limit per client: past it, 429 RATE_LIMITED in the error body', async () => {
    await setup({ http: { rateLimit: null, jobRateLimit: { max: 3, timeWindowMs: 60_000 } } });
    const { jobId, leaseId } = (await claim()).json();
    expect((await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/heartbeat`, headers: auth, payload: { leaseId } })).statusCode).toBe(200);
    expect((await claim()).statusCode).toBe(204);
    expectError(await claim(), 429, 'RATE_LIMITED');
    expectError(await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/heartbeat`, headers: auth, payload: { leaseId } }), 429, 'RATE_LIMITED');
    // the public routes and the artifacts count apart
    expect((await app.inject({ method: 'GET', url: '/v1/state' })).statusCode).toBe(200);
    expect((await zkey()).statusCode).toBe(200);
  });

  test('artifact downloads have their own limit', async () => {
    await setup({ http: { artifactRateLimit: { max: 2, timeWindowMs: 60_000 } } });
    expect((await zkey()).statusCode).toBe(200);
    expect((await zkey({ ...auth, range: 'bytes=0-9' })).statusCode).toBe(206);
    expectError(await zkey(), 429, 'RATE_LIMITED');
    expect((await claim()).statusCode).toBe(200);
  });
});

describe('a bad proof costs the client, not the sequencer', () => {
  test('past the invalid-proof limit a client\'s proofs are refused unverified (429) while others\' are verified', async () => {
    await setup({ prover: { invalidProofLimit: { max: 2, timeWindowMs: 60_000 } } });
    const { jobId, leaseId } = (await claim()).json();
    const submit = async (valid: boolean, remoteAddress = '10.0.0.1') => {
      return app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/proof`, headers: auth, remoteAddress, payload: { leaseId, proof: fakeProof(valid) } });
    };
    expectError(await submit(false), 422, 'INVALID_PROOF');
    expectError(await submit(false), 422, 'INVALID_PROOF');
    expect(verified).toBe(2);
    expectError(await submit(false), 429, 'RATE_LIMITED');
    expectError(await submit(true), 429, 'RATE_LIMITED');
    expect(verified).toBe(2);
    expect((await submit(true, '10.0.0.2')).json()).toEqual({ batchNumber: 1 });
    expect(verified).toBe(3);
  });
});
