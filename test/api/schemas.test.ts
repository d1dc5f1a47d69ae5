import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AccountList, AccountView } from '../../api/account.js';
import { BatchView } from '../../api/batch.js';
import { ErrorBody } from '../../api/error-body.js';
import { ClaimBody, FailBody, HeartbeatBody, JobRequeued, Lease, LeaseRenewed, ProofAccepted, ProofBody } from '../../api/jobs.js';
import { PATHS, pathTo } from '../../api/paths.js';
import { Health, StateView } from '../../api/state.js';
import { TxAccepted, TxBody, TxView, txFromBody, txToBody } from '../../api/tx.js';
import { buildApp } from '../../sequencer/app.js';
import type { SequencerNode } from '../../sequencer/node.js';
import { alice, body, fakeProof, fundedNode, transfer } from '../sequencer/fixtures.js';

function errorsOf(schema: TSchema, value: unknown): string[] {
  return [...Value.Errors(schema, value)].map((e) => `${e.instancePath} ${e.message}`);
}

describe('the response schemas accept what the sequencer answers', () => {
  let node: SequencerNode;
  let app: FastifyInstance;
  /** Each response by name, as JSON, in the order the requests were made. */
  const answers = new Map<string, { status: number; json: unknown }>();

  beforeAll(async () => {
    node = fundedNode();
    app = await buildApp(node);
    const call = async (name: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const res = await app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
      answers.set(name, { status: res.statusCode, json: res.body === '' ? null : res.json() });
      return res.json() as Record<string, unknown>;
    };
    const { txHash } = await call('txAccepted', 'POST', PATHS.txs, body(transfer(alice, 1, 2, 1000n, 0n)));
    await call('txPending', 'GET', pathTo(PATHS.tx, { hash: String(txHash) }));
    await call('account', 'GET', pathTo(PATHS.account, { idx: 1 }));
    await call('accounts', 'GET', `${PATHS.accounts}?ax=${alice.ax}&ay=${alice.ay}`);
    await call('state', 'GET', PATHS.state);
    await call('health', 'GET', PATHS.health);
    node.batcher.seal();
    await call('txIncluded', 'GET', pathTo(PATHS.tx, { hash: String(txHash) }));
    await call('batchWithL1Txs', 'GET', pathTo(PATHS.batch, { n: 1 }));
    await call('batchWithL2Txs', 'GET', pathTo(PATHS.batch, { n: 2 }));
    const lease = await call('lease', 'POST', PATHS.claim, { worker: 'w' });
    const id = Number(lease.jobId);
    await call('leaseRenewed', 'POST', pathTo(PATHS.heartbeat, { id }), { leaseId: lease.leaseId });
    await call('proofAccepted', 'POST', pathTo(PATHS.proof, { id }), { leaseId: lease.leaseId, proof: fakeProof(true), publicSignals: [lease.publicInputHash] });
    const next = await call('lease2', 'POST', PATHS.claim, {});
    await call('jobRequeued', 'POST', pathTo(PATHS.fail, { id: Number(next.jobId) }), { leaseId: next.leaseId, reason: 'oom' });
    await call('notFound', 'GET', pathTo(PATHS.account, { idx: 77 }));
    await call('malformed', 'POST', PATHS.txs, { ...body(transfer(alice, 1, 2, 1000n, 1n)), extra: 1 });
    await call('wrongNonce', 'POST', PATHS.txs, body(transfer(alice, 1, 2, 1000n, 9n)));
    await call('leaseLost', 'POST', pathTo(PATHS.heartbeat, { id }), { leaseId: 'a'.repeat(32) });
  });

  afterAll(async () => {
    await app.close();
    await node.close();
  });

  test.each<[string, number, TSchema]>([
    ['txAccepted', 200, TxAccepted],
    ['txPending', 200, TxView],
    ['txIncluded', 200, TxView],
    ['account', 200, AccountView],
    ['accounts', 200, AccountList],
    ['state', 200, StateView],
    ['health', 200, Health],
    ['batchWithL1Txs', 200, BatchView],
    ['batchWithL2Txs', 200, BatchView],
    ['lease', 200, Lease],
    ['lease2', 200, Lease],
    ['leaseRenewed', 200, LeaseRenewed],
    ['proofAccepted', 200, ProofAccepted],
    ['jobRequeued', 200, JobRequeued],
    ['notFound', 404, ErrorBody],
    ['malformed', 400, ErrorBody],
    ['wrongNonce', 422, ErrorBody],
    ['leaseLost', 409, ErrorBody],
  ])('%s (HTTP %i)', (name, status, schema) => {
    const answer = answers.get(name)!;
    expect(answer.status).toBe(status);
    expect(errorsOf(schema, answer.json)).toEqual([]);
  });

  test('the views carry what they promise (a batch\'s txs and L1 txs, a tx\'s batch)', () => {
    expect((answers.get('batchWithL1Txs')!.json as BatchView).l1Txs).toHaveLength(4);
    expect((answers.get('batchWithL2Txs')!.json as BatchView).txs).toHaveLength(1);
    expect(answers.get('txIncluded')!.json).toMatchObject({ status: 'included', batchNumber: 2, position: 0 });
  });
});

describe('the request schemas', () => {
  const tx = txToBody(transfer(alice, 1, 2, 1000n, 0n));
  const leaseId = 'ab'.repeat(16);
  const proof = fakeProof(true);

  test.each<[string, TSchema, unknown]>([
    ['a tx', TxBody, tx],
    ['a claim with a worker name', ClaimBody, { worker: 'w1' }],
    ['an empty claim', ClaimBody, null],
    ['a heartbeat', HeartbeatBody, { leaseId }],
    ['a proof', ProofBody, { leaseId, proof, publicSignals: ['1'] }],
    ['a proof without public signals', ProofBody, { leaseId, proof }],
    ['a failure', FailBody, { leaseId, reason: 'oom' }],
  ])('accept %s', (_name, schema, value) => {
    expect(errorsOf(schema, value)).toEqual([]);
  });

  test.each<[string, TSchema, unknown]>([
    ['a tx with an extra property', TxBody, { ...tx, memo: 'hi' }],
    ['a tx whose signature has an extra property', TxBody, { ...tx, signature: { ...tx.signature, v: '1' } }],
    ['a tx with an amount as a JSON number', TxBody, { ...tx, amount: 1000 }],
    ['a tx with a leading zero', TxBody, { ...tx, nonce: '01' }],
    ['a tx without its signature', TxBody, { ...tx, signature: undefined }],
    ['a claim with an extra property', ClaimBody, { worker: 'w1', gpu: true }],
    ['a heartbeat with an extra property', HeartbeatBody, { leaseId, extra: 1 }],
    ['a heartbeat with a short lease id', HeartbeatBody, { leaseId: 'abc' }],
    ['a proof with an extra property', ProofBody, { leaseId, proof, extra: 1 }],
    ['a proof whose points are numbers', ProofBody, { leaseId, proof: { ...proof, pi_a: [1, 2, 1] } }],
    ['a proof of another protocol', ProofBody, { leaseId, proof: { ...proof, protocol: 'plonk' } }],
    ['a proof with two public signals', ProofBody, { leaseId, proof, publicSignals: ['1', '2'] }],
    ['a failure with an extra property', FailBody, { leaseId, reason: 'oom', extra: 1 }],
    ['a failure with a reason too long', FailBody, { leaseId, reason: 'x'.repeat(2001) }],
  ])('reject %s', (_name, schema, value) => {
    expect(Value.Check(schema, value)).toBe(false);
  });
});

describe('wire forms', () => {
  test('txToBody and txFromBody are inverse', () => {
    const signed = transfer(alice, 1, 2, 1000n, 7n);
    expect(txFromBody(txToBody(signed))).toEqual(signed);
  });

  test('pathTo fills the route parameters, URI-encoded', () => {
    expect(pathTo(PATHS.heartbeat, { id: 12 })).toBe('/v1/jobs/12/heartbeat');
    expect(pathTo(PATHS.artifact, { name: 'a b', kind: 'zkey' })).toBe('/v1/circuits/a%20b/zkey');
  });
});
