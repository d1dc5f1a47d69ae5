import { connect } from 'node:net';
import type { InjectOptions } from 'fastify';
import { describe, expect, test } from 'vitest';
import { FIELD_MODULUS } from '../../core/field.js';
import { appPerTest } from './app-per-test.js';
import { alice, body, testConfig, transfer } from './fixtures.js';

/**
 * Every refusal answers in the API's error body `{ code, message, details? }` with a stable code: the
 * route's own, fastify's (router, body parser) and Node's HTTP parser's (before fastify sees a request).
 */

const t = appPerTest();
const setup = t.setup;

const json = { 'content-type': 'application/json' };

describe('requests fastify refuses', () => {
  test.each([
    ['a malformed percent-encoding in the URL', { method: 'GET', url: '/v1/txs/%zz' }, 400, 'BAD_URL', /not a valid url component/],
    ['a body that is not JSON', { method: 'POST', url: '/v1/txs', headers: json, payload: '{"fromIdx":' }, 400, 'MALFORMED', /not valid JSON/],
    ['an empty JSON body', { method: 'POST', url: '/v1/txs', headers: json, payload: '' }, 400, 'MALFORMED', /empty/],
    ['a body with __proto__', { method: 'POST', url: '/v1/txs', headers: json, payload: '{"__proto__":{"admin":true}}' }, 400, 'MALFORMED', /"__proto__" key/],
    ['a body with constructor.prototype', { method: 'POST', url: '/v1/txs', headers: json, payload: '{"constructor":{"prototype":{"admin":true}}}' }, 400, 'MALFORMED', /"constructor.prototype" key/],
    ['a body past the limit', { method: 'POST', url: '/v1/txs', headers: json, payload: `"${'x'.repeat(20_000)}"` }, 413, 'PAYLOAD_TOO_LARGE', /too large/],
    ['an unknown route', { method: 'GET', url: '/v1/nothing' }, 404, 'NOT_FOUND', /no route/],
  ] as const)('%s', async (_name, request, status, code, message) => {
    await setup();
    const res = await t.app.inject(request as InjectOptions);
    expect(res.statusCode, res.body).toBe(status);
    expect(Object.keys(res.json()).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
    expect(res.json()).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  test('a value at or above the field modulus is NOT_IN_FIELD wherever a field element is taken', async () => {
    await setup();
    const r = FIELD_MODULUS.toString();
    const tx = body(transfer(alice, 1, 2, 1n, 0n));
    for (const request of [
      { method: 'POST' as const, url: '/v1/txs', payload: { ...tx, signature: { ...tx.signature, r8y: r } } },
      { method: 'GET' as const, url: `/v1/accounts?ax=${r}&ay=1` },
      { method: 'POST' as const, url: '/v1/jobs/1/proof', payload: { leaseId: 'a'.repeat(32), proof: { pi_a: ['1', '2', '1'], pi_b: [['1', '0'], ['1', '0'], ['1', '0']], pi_c: ['1', '2', '1'], protocol: 'groth16', curve: 'bn128' }, publicSignals: [r] } },
    ]) {
      const res = await t.app.inject(request);
      expect([res.statusCode, res.json().code], `${request.url}: ${res.body}`).toEqual([400, 'NOT_IN_FIELD']);
    }
  });
});

/** A raw HTTP exchange on the listening server: what `bytes` gets back before the server closes (bounded). */
async function exchange(port: number, bytes: string, hold = false): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = Date.now();
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      if (!hold) socket.end();
    });
    let got = '';
    socket.on('data', (d) => (got += d.toString()));
    socket.on('close', () => resolve(got));
    socket.on('error', (e) => (got === '' ? reject(e) : resolve(got)));
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no answer within 5 s (got ${JSON.stringify(got)})`)));
  });
  const [head, ...rest] = raw.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]), body: JSON.parse(rest.join('\r\n\r\n')) as Record<string, unknown>, ms: Date.now() - started };
}

describe('requests Node refuses before fastify sees them (a real server)', () => {
  async function listen(requestTimeoutMs = 10_000): Promise<number> {
    await setup({ http: { ...testConfig().http, requestTimeoutMs } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    return (t.app.server.address() as { port: number }).port;
  }

  test('a stalled body is cut at the request timeout: 408 REQUEST_TIMEOUT', async () => {
    const port = await listen(500);
    const res = await exchange(port, 'POST /v1/txs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"fromIdx":"1",', true);
    expect([res.status, res.body.code]).toEqual([408, 'REQUEST_TIMEOUT']);
    expect(res.ms).toBeLessThan(2_500);
  }, 10_000);

  test('headers past the limit: 431 HEADERS_TOO_LARGE', async () => {
    const port = await listen();
    const res = await exchange(port, `GET /v1/state HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect([res.status, res.body.code]).toEqual([431, 'HEADERS_TOO_LARGE']);
  }, 10_000);

  test('bytes that are not HTTP: 400 BAD_HTTP_REQUEST', async () => {
    const port = await listen();
    const res = await exchange(port, 'HELLO THERE\r\n\r\n');
    expect([res.status, res.body.code]).toEqual([400, 'BAD_HTTP_REQUEST']);
    expect(res.body.message).toEqual(expect.any(String));
  }, 10_000);

  test('a malformed percent-encoding: 400 BAD_URL', async () => {
    const port = await listen();
    const res = await exchange(port, 'GET /v1/accounts/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect([res.status, res.body.code]).toEqual([400, 'BAD_URL']);
  }, 10_000);
});
