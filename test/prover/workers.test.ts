import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Groth16Proof, Lease } from '../../api/jobs.js';
import { ModuloError } from '../../core/errors.js';
import { SequencerClient } from '../../prover/sequencer-client.js';
import { buildCircuit } from '../../proving-kit/build-circuit.js';
import type { LogLine, ManagedChild } from '../../devnet/child-process.js';
import { freePort } from '../../devnet/free-port.js';
import { seedSequencer, type SeededSequencer } from '../../devnet/seed-sequencer.js';
import { until } from '../../devnet/until.js';
import { startEntryPoint } from '../fixtures/processes.js';
import { ROOT } from '../fixtures/root.js';

/**
 * Real processes, the real `test` circuit: a sequencer process (no L1) holding three sealed batches,
 * and two prover worker processes, one proving with snarkjs in-process and reading the build folder,
 * the other with the external backend and downloading the artifacts: the binary MODULO_PROVER_BIN names
 * (rapidsnark, docs/prover.md) when it is set, else prover/bin/snarkjs-prover.mjs.
 * The first is killed with SIGKILL mid-proof and the sequencer is killed and restarted while the
 * second proves; then the second is stopped with SIGTERM mid-proof; then a wrong proof is handed in.
 * About four proofs of the test circuit in all (~20-40 s each on 2 cores with snarkjs).
 */
const BIN = process.env.MODULO_PROVER_BIN;
const B_PROVER = BIN ?? join(ROOT, 'prover', 'bin', 'snarkjs-prover.mjs');
/**
 * The order the scenario needs: b claims batch 2 while a's lease on batch 1 holds, and claims again
 * (batch 1, not 3) only once that lease has expired. A snarkjs proof (~20 s) outlasts the 8 s lease,
 * which gives that order. A binary such as rapidsnark proves a test batch in a few seconds, so then the
 * order is made explicit: a long lease, b started 15 s before a's lease on batch 1 expires, and the
 * sequencer kept down until it has expired (b's own lease, renewed every second, outlasts the outage).
 */
const FAST = BIN !== undefined;
// Long enough that a worker stalled by snarkjs (~2 s on 2 cores, more under load) keeps its lease;
// with snarkjs-prover.mjs, short enough that the killed worker's lease expires while the other still
// proves its first batch.
const LEASE_MS = FAST ? 45_000 : 8_000;
const B_START_BEFORE_EXPIRY_MS = 15_000;
/** A test proof by rapidsnark can end within a second of SIGTERM: --grace 0 stops it mid-proof. */
const GRACE_S = FAST ? 0 : 1;
/** The sequencer runs as outside devnet: every job and artifact request carries this token. */
const TOKEN = 'workers-test-token';

let tmp: string;
let seed: SeededSequencer;
let sequencer: ManagedChild;
let client: SequencerClient;
const processes: ManagedChild[] = [];

function startSequencer(): ManagedChild {
  const p = startEntryPoint('sequencer', 'sequencer/main.ts', [], { MODULO_SEQUENCER_CONFIG: seed.configPath });
  processes.push(p);
  return p;
}

async function healthy(): Promise<void> {
  await until('the sequencer answering', async () => (await fetch(`${client.baseUrl}/health`)).status === 200, 60_000);
}

function startWorker(name: string, args: string[]): ManagedChild {
  const p = startEntryPoint(`worker ${name}`, 'prover/main.ts', ['--sequencer', client.baseUrl, '--token', TOKEN, '--name', name, '--poll', '0.3', '--work-dir', join(tmp, `work-${name}`), ...args]);
  processes.push(p);
  return p;
}

const is = (msg: string, batch?: number) => (l: LogLine) => l.msg === msg && (batch === undefined || l.batch === batch);

/** The sequencer's store, read-only beside the running process (WAL): what the jobs and batches hold. */
function store() {
  const db = new DatabaseSync(join(seed.dataDir, 'sequencer.sqlite'), { readOnly: true });
  try {
    return {
      leaseExpiresAt: new Map((db.prepare('SELECT batch_number AS batch, lease_expires_at AS t FROM jobs').all() as Array<{ batch: number; t: number | null }>).map((r) => [r.batch, r.t])),
      jobs: db.prepare('SELECT batch_number AS batch, status, attempts, last_error AS lastError FROM jobs ORDER BY batch_number').all() as Array<{ batch: number; status: string; attempts: number; lastError: string | null }>,
      proofs: (db.prepare('SELECT number, proof FROM batches ORDER BY number').all() as Array<{ number: number; proof: string | null }>).map((r) => r.proof),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'modulo-prover-workers-'));
  await buildCircuit('test', { verifiersDir: join(tmp, 'verifiers'), log: () => {} });
  const port = await freePort();
  seed = await seedSequencer(tmp, { circuit: 'test', batches: 3, port, leaseMs: LEASE_MS, artifactsDir: join(ROOT, 'build', 'circuits'), workerToken: TOKEN });
  client = new SequencerClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN });
  sequencer = startSequencer();
  await healthy();
}, 600_000);

afterAll(async () => {
  for (const p of processes) await p.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

describe('prover workers against a real sequencer process', () => {
  let b: ManagedChild;

  test('a worker killed mid-proof: its batch is proven by the other worker, through a sequencer restart, each batch once', async () => {
    const started = Date.now();
    const a = startWorker('a', ['--artifacts', join(ROOT, 'build', 'circuits')]);
    await a.waitFor('a to claim batch 1', is('job claimed', 1));
    const startB = () => startWorker('b', ['--backend', 'external', '--prover-bin', B_PROVER, '--artifacts', join(tmp, 'cache-b'), '--grace', String(GRACE_S), ...(FAST ? ['--heartbeat', '1'] : [])]);
    if (!FAST) b = startB();
    await a.waitFor('a to be proving batch 1', is('proving', 1), 120_000);
    expect(await a.kill('SIGKILL')).toMatchObject({ signal: 'SIGKILL' });
    const aLeaseExpiresAt = store().leaseExpiresAt.get(1)!;
    if (FAST) {
      await sleep(aLeaseExpiresAt - B_START_BEFORE_EXPIRY_MS - Date.now());
      b = startB();
    }

    await b.waitFor('b to be proving batch 2', is('proving', 2), 120_000);
    await sequencer.kill('SIGKILL');
    // Restarted as soon as it is gone (FAST: once a's lease has expired): a longer outage could
    // outlast b's lease (LEASE_MS).
    await until('the sequencer gone', async () => !(await fetch(`${client.baseUrl}/health`).then(() => true, () => false)), 10_000);
    if (FAST) await sleep(aLeaseExpiresAt + 500 - Date.now());
    sequencer = startSequencer();
    await healthy();

    await b.waitFor('b to hand in batch 2', is('proof accepted', 2), 240_000);
    await b.waitFor('b to hand in batch 1, which a held', is('proof accepted', 1), 240_000);
    console.log(`two workers, one killed: batches 1 and 2 proven in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    expect(b.lines.find(is('prover started'))).toMatchObject({ backend: `external:${B_PROVER}` });
    expect(a.lines.filter(is('proof accepted'))).toEqual([]);
    expect(b.lines.filter(is('proof accepted')).map((l) => l.batch)).toEqual([2, 1]);
    const { jobs, proofs } = store();
    expect(jobs.slice(0, 2)).toEqual([
      { batch: 1, status: 'done', attempts: 2, lastError: 'lease expired' },
      { batch: 2, status: 'done', attempts: 1, lastError: null },
    ]);
    expect(proofs.slice(0, 2).every((p) => p !== null)).toBe(true);
  }, 600_000);

  test('SIGTERM mid-proof: the job is released with reason shutdown within the bound, the prover process and work folder gone', async () => {
    await b.waitFor('b to be proving batch 3', is('proving', 3), 120_000);
    const workDir = String(b.lines.find(is('prover started'))!.workDir);
    const signalled = Date.now();
    const exit = await b.kill('SIGTERM');
    expect(exit.code).toBe(0);
    expect(exit.at - signalled).toBeLessThan(GRACE_S * 1_000 + 5_000); // --grace, plus the release
    expect(b.lines.some(is('job released (shutdown)', 3))).toBe(true);
    await until('the release logged by the sequencer', async () => sequencer.lines.some((l) => l.msg === 'job failed by worker' && l.reason === 'shutdown'));
    expect(readdirSync(join(tmp, 'work-b'))).toEqual([]);
    expect(runningWith(workDir)).toEqual([]);
    expect(store().jobs[2]).toMatchObject({ status: 'queued', lastError: 'worker: shutdown' });
  }, 300_000);

  test('a valid proof of another batch handed in for batch 3 is refused (INVALID_PROOF) and the job goes back to the queue', async () => {
    const lease = (await client.claim('test')) as Lease;
    expect(lease.batchNumber).toBe(3); // released at shutdown: offered again at once, not after the lease
    const proofOfBatch1 = JSON.parse(store().proofs[0]!) as Groth16Proof;
    const refused = await client.submitProof(lease.jobId, lease.leaseId, proofOfBatch1, [lease.publicInputHash]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ModuloError);
    expect(refused).toMatchObject({ code: 'INVALID_PROOF', retryable: false });
    expect(store().jobs[2]).toMatchObject({ status: 'queued', lastError: 'invalid proof' });
    const again = (await client.claim('test')) as Lease;
    expect(again).toMatchObject({ batchNumber: 3 });
    expect(again.leaseId).not.toBe(lease.leaseId);
    expect(store().proofs[2]).toBeNull();
  }, 60_000);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Processes whose command line mentions `path` (an external prover started in that work folder). */
function runningWith(path: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path);
    } catch {
      return false;
    }
  }).map(Number);
}
