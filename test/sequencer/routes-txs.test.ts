import { describe, expect, test } from 'vitest';
import { FIELD_MODULUS } from '../../core/field.js';
import { l2TxHash } from '../../core/l2-tx-hash.js';
import { appPerTest } from './app-per-test.js';
import { DOMAIN, TOKEN, alice, bob, body, carol, operator, testConfig, transfer } from './fixtures.js';

const t = appPerTest();
const setup = t.setup;

function post(payload: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/v1/txs', payload: payload as string, headers });
}

const good = () => body(transfer(alice, 1, 2, 1000n, 0n));

describe('POST /v1/txs', () => {
  test('accepts a signed transfer and answers its l2TxHash', async () => {
    await setup();
    const tx = transfer(alice, 1, 2, 1000n, 0n);
    const res = await post(body(tx));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ txHash: `0x${l2TxHash(tx, DOMAIN).toString(16).padStart(64, '0')}` });
  });

  test('accepts a withdrawal (toIdx 0)', async () => {
    await setup();
    expect((await post(body(transfer(alice, 1, 0, 1000n, 0n)))).statusCode).toBe(200);
  });

  const refused: Array<[string, () => unknown, number, string]> = [
    ['a signature by another key', () => ({ ...good(), signature: body(transfer(bob, 2, 1, 1000n, 0n)).signature }), 422, 'INVALID_SIGNATURE'],
    ['a signature of other tx fields', () => ({ ...good(), amount: '2000' }), 422, 'INVALID_SIGNATURE'],
    ['a wrong nonce', () => body(transfer(alice, 1, 2, 1000n, 3n)), 422, 'WRONG_NONCE'],
    ['an amount above the balance', () => body(transfer(bob, 2, 1, 10n ** 18n, 0n)), 422, 'INSUFFICIENT_BALANCE'],
    ['an unknown sender', () => body(transfer(alice, 77, 1, 1n, 0n)), 422, 'UNKNOWN_ACCOUNT'],
    ['an unknown receiver', () => body(transfer(alice, 1, 77, 1n, 0n)), 422, 'UNKNOWN_ACCOUNT'],
    ['a receiver holding another token', () => body(transfer(alice, 1, 4, 1n, 0n)), 422, 'TOKEN_MISMATCH'],
    ['a fee below the operator minimum', () => body(transfer(alice, 1, 2, 1n, 0n, 7n)), 422, 'FEE_TOO_LOW'],
    ['a fee in a token without a fee account', () => body(transfer(carol, 4, 4, 1n, 0n, 1n, TOKEN)), 422, 'NO_FEE_SLOT'],
    ['an amount with too many significant digits', () => ({ ...good(), amount: '1234567' }), 400, 'NOT_REPRESENTABLE'],
    ['a fee with too many significant digits', () => ({ ...good(), fee: '15' }), 400, 'NOT_REPRESENTABLE'],
    ['an idx above 32 bits', () => ({ ...good(), toIdx: '4294967296' }), 400, 'OUT_OF_RANGE'],
    ['a nonce above 40 bits', () => ({ ...good(), nonce: '1099511627776' }), 400, 'OUT_OF_RANGE'],
    ['a signature scalar above the field', () => ({ ...good(), signature: { ...good().signature, s: '9'.repeat(78) } }), 400, 'NOT_IN_FIELD'],
    ['a signature point coordinate equal to the field modulus', () => ({ ...good(), signature: { ...good().signature, r8x: FIELD_MODULUS.toString() } }), 400, 'NOT_IN_FIELD'],
    ['a missing field', () => { const { fee: _fee, ...rest } = good(); return rest; }, 400, 'MALFORMED'],
    ['an unknown field', () => ({ ...good(), memo: 'hi' }), 400, 'MALFORMED'],
    ['an unknown field in the signature', () => ({ ...good(), signature: { ...good().signature, v: '1' } }), 400, 'MALFORMED'],
    ['a number where a decimal string is required', () => ({ ...good(), amount: 1000 }), 400, 'MALFORMED'],
    ['a number for an idx', () => ({ ...good(), fromIdx: 1 }), 400, 'MALFORMED'],
    ['a negative amount', () => ({ ...good(), amount: '-1000' }), 400, 'MALFORMED'],
    ['a leading zero', () => ({ ...good(), amount: '01000' }), 400, 'MALFORMED'],
    ['a hex amount', () => ({ ...good(), amount: '0x3e8' }), 400, 'MALFORMED'],
    ['a decimal point', () => ({ ...good(), amount: '1000.0' }), 400, 'MALFORMED'],
    ['null for a field', () => ({ ...good(), nonce: null }), 400, 'MALFORMED'],
    ['an array body', () => [good()], 400, 'MALFORMED'],
    ['a body that is not JSON', () => '{"fromIdx": ', 400, 'MALFORMED'],
  ];
  test.each(refused)('refuses %s', async (_name, payload, status, code) => {
    await setup();
    const p = payload();
    const res = await post(typeof p === 'string' ? p : JSON.stringify(p), { 'content-type': 'application/json' });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ code, message: expect.any(String) });
    expect(t.node.mempool.size).toBe(0);
  });

  test('refuses a replayed tx with ALREADY_KNOWN (409)', async () => {
    await setup();
    const payload = good();
    expect((await post(payload)).statusCode).toBe(200);
    const again = await post(payload);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_KNOWN');
    t.node.batcher.seal();
    expect((await post(payload)).json().code).toBe('ALREADY_KNOWN');
  });

  test('refuses an oversized body with PAYLOAD_TOO_LARGE (413)', async () => {
    await setup();
    const res = await post(JSON.stringify({ ...good(), pad: 'x'.repeat(20_000) }), { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('refuses another content type with UNSUPPORTED_MEDIA_TYPE (415)', async () => {
    await setup();
    const res = await post('fromIdx=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  test('answers MEMPOOL_FULL (503) when the mempool is full', async () => {
    await setup({ mempool: { maxPending: 1, verifyWorkers: 0 } });
    expect((await post(good())).statusCode).toBe(200);
    const res = await post(body(transfer(bob, 2, 1, 1n, 0n)));
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('MEMPOOL_FULL');
  });

  test('answers RATE_LIMITED (429) past the per-client limit', async () => {
    await setup({ http: { ...testConfig().http, rateLimit: { max: 2, timeWindowMs: 60_000 } } });
    await t.app.inject({ method: 'GET', url: '/v1/state' });
    await t.app.inject({ method: 'GET', url: '/v1/state' });
    const res = await t.app.inject({ method: 'GET', url: '/v1/state' });
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('RATE_LIMITED');
  });
});

describe('GET /v1/txs/:hash', () => {
  test('follows a tx: pending → included → committed → proven → finalized', async () => {
    await setup();
    const { txHash } = (await post(good())).json();
    const status = async () => (await t.app.inject({ method: 'GET', url: `/v1/txs/${txHash}` })).json();
    expect(await status()).toMatchObject({ txHash, status: 'pending', batchNumber: null, tx: good() });
    t.node.batcher.seal();
    expect(await status()).toMatchObject({ status: 'included', batchNumber: 2, position: 0 });
    t.node.store.batches.setCommitted(2, '0x' + 'aa'.repeat(32), 1);
    expect((await status()).status).toBe('committed');
    t.node.store.batches.setProof(2, '{}', 2);
    expect((await status()).status).toBe('proven');
    t.node.store.batches.setFinalized(2, '0x' + 'bb'.repeat(32), 3);
    expect((await status()).status).toBe('finalized');
  });

  test('a tx dropped at seal reads as rejected, with the reason', async () => {
    await setup();
    await post(good());
    const { txHash } = (await post(body(transfer(operator, 3, 1, 0n, 0n)))).json();
    t.node.batcher.seal();
    const res = (await t.app.inject({ method: 'GET', url: `/v1/txs/${txHash}` })).json();
    expect(res).toMatchObject({ status: 'rejected', reason: { code: 'INSUFFICIENT_BALANCE' } });
  });

  test('404 NOT_FOUND for an unknown hash, 400 MALFORMED for a malformed one', async () => {
    await setup();
    const unknown = await t.app.inject({ method: 'GET', url: `/v1/txs/0x${'00'.repeat(32)}` });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'NOT_FOUND']);
    const malformed = await t.app.inject({ method: 'GET', url: '/v1/txs/0x1234' });
    expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'MALFORMED']);
  });
});
