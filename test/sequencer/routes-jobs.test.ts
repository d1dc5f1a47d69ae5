import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../sequencer/app.js';
import { CircuitArtifacts } from '../../sequencer/artifacts.js';
import type { SequencerNode } from '../../sequencer/node.js';
import type { Groth16Proof } from '../../sequencer/proof.js';
import { SnarkjsVerifier } from '../../sequencer/snarkjs-verifier.js';
import type { PartKind } from '../../proving-kit/link-plan.js';
import { writeWitnessBundle } from '../../proving-kit/witness-bundle.js';
import { fakeProof, fundedNode, tempDir, testConfig } from './fixtures.js';
import { buildToyCircuit, proveToy, releaseSnarkjs, type ToyCircuit } from '../fixtures/toy-circuit.js';

const TOKEN = 'worker-secret';
const artifactsDir = tempDir();
let toy: ToyCircuit;
let node: SequencerNode;
let app: FastifyInstance;

beforeAll(async () => {
  // The sequencer's batches use circuit "medium": the toy's keys stand in for its artifacts.
  toy = await buildToyCircuit(artifactsDir.dir, 'medium');
});

afterAll(async () => {
  await releaseSnarkjs();
  artifactsDir.cleanup();
});

async function setup(opts: { token?: string | null; realVerifier?: boolean } = {}) {
  const prover = { ...testConfig().prover, workerToken: opts.token ?? null, artifactsDir: artifactsDir.dir };
  node = fundedNode({ prover }, opts.realVerifier ? { proofVerifier: new SnarkjsVerifier(new CircuitArtifacts(artifactsDir.dir)) } : {});
  app = await buildApp(node);
}

afterEach(async () => {
  await app.close();
  await node.close();
});

const auth = { authorization: `Bearer ${TOKEN}` };
const claim = (headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/v1/jobs/claim', headers, payload: { worker: 'w1' } });

describe('prover job routes', () => {
  test('claim: a lease with the circuit input; 204 when no job is left', async () => {
    await setup();
    const res = await claim();
    expect(res.statusCode).toBe(200);
    const lease = res.json();
    expect(lease).toMatchObject({ jobId: 1, batchNumber: 1, circuit: { id: 1, name: 'medium' }, leaseId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(lease.input.publicInputHash).toBe(lease.publicInputHash);
    expect(lease.input.senderSiblings).toHaveLength(4);
    expect((await claim()).statusCode).toBe(204);
  });

  test('heartbeat, fail and a refused proof go through the lease', async () => {
    await setup();
    const { jobId, leaseId } = (await claim()).json();
    const hb = await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/heartbeat`, payload: { leaseId } });
    expect(hb.json().leaseExpiresAt).toBeGreaterThan(Date.now());
    const lost = await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/heartbeat`, payload: { leaseId: 'a'.repeat(32) } });
    expect([lost.statusCode, lost.json().code]).toEqual([409, 'LEASE_LOST']);
    const bad = await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/proof`, payload: { leaseId, proof: fakeProof(false) } });
    expect([bad.statusCode, bad.json().code]).toEqual([422, 'INVALID_PROOF']);
    const again = (await claim()).json();
    expect(again.jobId).toBe(jobId);
    const fail = await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/fail`, payload: { leaseId: again.leaseId, reason: 'oom' } });
    expect(fail.json()).toEqual({ requeued: true });
    const unknown = await app.inject({ method: 'POST', url: '/v1/jobs/99/heartbeat', payload: { leaseId } });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'NOT_FOUND']);
  });

  test('malformed worker bodies are MALFORMED', async () => {
    await setup();
    const { jobId, leaseId } = (await claim()).json();
    for (const payload of [{}, { leaseId: 'xyz' }, { leaseId, extra: 1 }, { leaseId, proof: { ...fakeProof(true), pi_a: [1, 2, 1] } }]) {
      const res = await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/proof`, payload });
      expect([res.statusCode, res.json().code]).toEqual([400, 'MALFORMED']);
    }
  });

  test('with a worker token, every job route needs it (401 UNAUTHORIZED)', async () => {
    await setup({ token: TOKEN });
    const res = await claim();
    expect([res.statusCode, res.json().code]).toEqual([401, 'UNAUTHORIZED']);
    expect((await claim({ authorization: 'Bearer wrong' })).statusCode).toBe(401);
    const { jobId, leaseId } = (await claim(auth)).json();
    expect((await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/heartbeat`, payload: { leaseId } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/heartbeat`, headers: auth, payload: { leaseId } })).statusCode).toBe(200);
  });

  test('artifacts are served with their sha256; a missing one is ARTIFACT_MISSING', async () => {
    await setup();
    for (const [kind, path, type] of [['wasm', toy.wasm, 'application/wasm'], ['zkey', toy.zkey, 'application/octet-stream'], ['vkey', toy.vkey, 'application/json']] as const) {
      const res = await app.inject({ method: 'GET', url: `/v1/circuits/medium/${kind}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(type);
      const bytes = readFileSync(path);
      expect(res.rawPayload.equals(bytes)).toBe(true);
      expect(res.headers['x-content-sha256']).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    // A linked circuit's wasm is its witness bundle, served as bytes (proving-kit/witness-bundle.ts).
    const linked = join(artifactsDir.dir, 'linked');
    mkdirSync(linked, { recursive: true });
    const layout = { nWires: 2, nOutputs: 0, outputs: new Map<string, number>(), inputs: [{ name: 'x', wire: 1 }] };
    const part = (kind: PartKind) => ({ layout: { ...layout, kind }, wasm: new Uint8Array([0, 97, 115, 109]) });
    writeWitnessBundle(join(linked, 'main.linked.bin'), { config: { depth: 8, batchSize: 1, feeSlots: 1 }, parts: { head: part('head'), first: part('first'), slot: part('slot'), tail: part('tail') } });
    const bundle = await app.inject({ method: 'GET', url: '/v1/circuits/linked/wasm' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toContain('application/octet-stream');
    expect(bundle.rawPayload.equals(readFileSync(join(linked, 'main.linked.bin')))).toBe(true);
    expect(bundle.headers['x-content-sha256']).toBe(createHash('sha256').update(bundle.rawPayload).digest('hex'));
    const missing = await app.inject({ method: 'GET', url: '/v1/circuits/small/zkey' });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'ARTIFACT_MISSING']);
    const bad = await app.inject({ method: 'GET', url: '/v1/circuits/medium/r1cs' });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'MALFORMED']);
  });
});

describe('proofs are verified with snarkjs before they are accepted', () => {
  test('a real proof of the batch public input is accepted; one of another input, or tampered, is not', async () => {
    await setup({ realVerifier: true });
    const { jobId, leaseId, publicInputHash } = (await claim()).json();
    const wrong = await proveToy(toy, BigInt(publicInputHash) + 1n);
    const refused = await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/proof`, payload: { leaseId, proof: wrong.proof } });
    expect(refused.json().code, refused.body).toBe('INVALID_PROOF');

    const again = (await claim()).json();
    const { proof, publicSignals } = await proveToy(toy, BigInt(publicInputHash));
    const tampered = { ...proof, pi_a: [(proof.pi_a as string[])[1], (proof.pi_a as string[])[0], '1'] } as unknown as Groth16Proof;
    const tamperedRes = await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/proof`, payload: { leaseId: again.leaseId, proof: tampered } });
    expect(tamperedRes.json().code).toBe('INVALID_PROOF');

    const last = (await claim()).json();
    const ok = await app.inject({ method: 'POST', url: `/v1/jobs/${jobId}/proof`, payload: { leaseId: last.leaseId, proof, publicSignals } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ batchNumber: 1 });
    expect(node.store.batches.get(1)?.provenAt).not.toBeNull();
  });
});
