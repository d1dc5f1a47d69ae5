import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ProveRequest, ProvingBackend } from '../../prover/backends/backend.js';
import { releaseSnarkjsCurve, SnarkjsBackend } from '../../prover/backends/snarkjs.js';
import { abortError, sleep } from '../../prover/backoff.js';
import type { JobReport } from '../../prover/job-runner.js';
import type { ProverOptions } from '../../prover/options.js';
import { startProver, type ProverHandle } from '../../prover/run-prover.js';
import type { LogLine } from '../../devnet/child-process.js';
import { until } from '../../devnet/until.js';
import { FakeSequencer } from './fixtures/fake-sequencer.js';
import { buildToyCircuit, toyInput, type ToyCircuit } from '../fixtures/toy-circuit.js';

/**
 * The worker loop in this process against the job API's contract (fixtures/fake-sequencer.ts), with
 * real snarkjs proofs of a toy circuit: heartbeats, retries through a sequencer restart, shutdown
 * within its bound, the worker's own proof check, failures handed back with their reason.
 */
let tmp: string;
let toy: ToyCircuit;
const snarkjsBackend = new SnarkjsBackend();

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'modulo-prover-loop-'));
  toy = await buildToyCircuit(join(tmp, 'served'));
});

afterAll(async () => {
  await releaseSnarkjsCurve();
  rmSync(tmp, { recursive: true, force: true });
});

/** Waits `ms` (honouring the abort) before the real proof: a job long enough to act on. */
function slow(ms: number, inner: ProvingBackend = snarkjsBackend): ProvingBackend {
  return {
    name: 'slow',
    close: async () => {},
    prove: async (r: ProveRequest) => {
      r.onPhase?.('prove');
      await sleep(ms, r.signal).catch(() => Promise.reject(abortError(r.signal)));
      return inner.prove(r);
    },
  };
}

interface Run {
  seq: FakeSequencer;
  handle: ProverHandle;
  reports: JobReport[];
  /** The worker's log lines, to wait on. */
  logs: LogLine[];
  workDir: string;
}

async function run(jobs: number, backend: ProvingBackend, options: Partial<ProverOptions> = {}, leaseMs = 5_000): Promise<Run> {
  const seq = new FakeSequencer(toy.root, leaseMs);
  for (let i = 1; i <= jobs; i++) seq.addJob('toy', BigInt(1000 + i), toyInput(BigInt(1000 + i)));
  await seq.start();
  const reports: JobReport[] = [];
  const logs: LogLine[] = [];
  const workDir = mkdtempSync(join(tmp, 'work-'));
  const handle = startProver(
    {
      sequencer: seq.url,
      artifactsDir: mkdtempSync(join(tmp, 'artifacts-')),
      workDir,
      pollMs: 100,
      retry: { baseMs: 50, maxMs: 500, maxElapsedMs: 30_000 },
      claimRetry: { baseMs: 50, maxMs: 500, maxElapsedMs: Infinity },
      ...options,
    },
    { logger: pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line) as LogLine) }), backend, onJob: (r) => reports.push(r) },
  );
  return { seq, handle, reports, logs, workDir };
}

async function finish(r: Run): Promise<void> {
  r.handle.stop(0);
  await r.handle.done;
  await r.seq.stop();
}

/** What the worker logs when a call to the sequencer got no answer (then it tries again). */
const UNANSWERED = ['heartbeat got no answer; trying again', 'proof not handed in; retrying', 'cannot claim; retrying'];

const allProven = (seq: FakeSequencer) => async () => seq.jobs.every((j) => j.status === 'done');

describe('the worker loop', () => {
  test('proves every job once with concurrency 2; the sequencer verifies each proof; no work folder is left', async () => {
    const r = await run(4, snarkjsBackend, { concurrency: 2 });
    try {
      await until('all jobs proven', allProven(r.seq), 60_000);
      // A job's report follows its hand-in: under load the last one comes a moment after the sequencer marks it done.
      await until('every job reported', async () => r.reports.length >= 4, 10_000);
      expect(r.seq.jobs.map((j) => j.proofs)).toEqual([1, 1, 1, 1]);
      expect(new Set(r.reports.map((x) => x.batchNumber))).toEqual(new Set([1, 2, 3, 4]));
      expect(r.reports.every((x) => x.outcome === 'proven')).toBe(true);
    } finally {
      await finish(r);
    }
    expect(readdirSync(r.workDir)).toEqual([]);
  });

  test('heartbeats keep a lease alive through a job longer than the lease', async () => {
    const r = await run(1, slow(2_500), {}, 1_000);
    try {
      await until('proven', allProven(r.seq), 30_000);
      expect(r.seq.count(/heartbeat$/)).toBeGreaterThanOrEqual(4);
      expect(r.seq.jobs[0]!.attempts).toBe(1);
    } finally {
      await finish(r);
    }
  });

  test('survives a sequencer restart: claims wait for it, the proof is handed in once it is back', async () => {
    const r = await run(2, slow(1_000));
    try {
      await until('job 1 claimed', async () => r.seq.jobs[0]!.status === 'leased');
      const seen = r.logs.length;
      await r.seq.stop(); // connection refused while the proof is computed
      await until('a call refused', () => r.logs.slice(seen).some((l) => UNANSWERED.includes(String(l.msg))));
      await r.seq.start();
      r.seq.down = true; // then 503
      const calls = r.seq.calls.length;
      await until('a call answered 503', () => r.seq.calls.length > calls);
      r.seq.down = false;
      await until('both proven', allProven(r.seq), 30_000);
      expect(r.seq.jobs.map((j) => j.proofs)).toEqual([1, 1]);
    } finally {
      await finish(r);
    }
  });

  test('stop() lets the running job finish within the grace period', async () => {
    const r = await run(2, slow(800));
    await until('job 1 claimed', async () => r.seq.jobs[0]!.status === 'leased');
    r.handle.stop(10_000);
    const summary = await r.handle.done;
    await r.seq.stop();
    expect(summary.jobs.proven).toBe(1);
    expect(r.seq.jobs.map((j) => j.status)).toEqual(['done', 'queued']);
  });

  test('a job still running after the grace period is released with reason shutdown, even from a backend that ignores aborts', async () => {
    const stubborn: ProvingBackend = { name: 'stubborn', close: async () => {}, prove: () => new Promise(() => {}) };
    const r = await run(1, stubborn);
    await until('job 1 claimed', async () => r.seq.jobs[0]!.status === 'leased');
    const stopped = Date.now();
    r.handle.stop(300);
    const summary = await r.handle.done;
    await r.seq.stop();
    expect(Date.now() - stopped).toBeLessThan(2_000);
    expect(summary.jobs.released).toBe(1);
    expect(r.seq.jobs[0]).toMatchObject({ status: 'queued', failures: ['shutdown'] });
  });

  test('a batch proven by another worker (JOB_DONE on heartbeat) is abandoned, nothing handed in', async () => {
    const r = await run(1, slow(30_000), { heartbeatMs: 100 });
    try {
      await until('job 1 claimed', async () => r.seq.jobs[0]!.status === 'leased');
      r.seq.jobs[0]!.status = 'done';
      await until('abandoned', async () => r.reports.length === 1);
      expect(r.reports[0]).toMatchObject({ outcome: 'lost' });
      expect(r.seq.count(/proof$/)).toBe(0);
    } finally {
      await finish(r);
    }
  });

  test('a proof for another input is caught by the worker\'s own check: the job is handed back with the reason, never submitted', async () => {
    const otherInput: ProvingBackend = { name: 'other-input', close: async () => {}, prove: (req) => snarkjsBackend.prove({ ...req, input: toyInput(999n) }) };
    const r = await run(1, otherInput);
    try {
      await until('failed', async () => r.seq.jobs[0]!.failures.length > 0);
      expect(r.seq.jobs[0]!.failures[0]).toMatch(/^SELF_CHECK_FAILED: public signals \[999\] are not batch 1's publicInputHash 1001/);
      expect(r.seq.count(/proof$/)).toBe(0);
    } finally {
      await finish(r);
    }
  });

  test('a backend failure hands the job back with the reason; the loop backs off, then proves it', async () => {
    let calls = 0;
    const flaky: ProvingBackend = {
      name: 'flaky',
      close: async () => {},
      prove: (req) => (++calls === 1 ? Promise.reject(new Error('GPU out of memory')) : snarkjsBackend.prove(req)),
    };
    const r = await run(1, flaky);
    try {
      await until('proven', allProven(r.seq), 30_000);
      expect(r.seq.jobs[0]!.failures).toEqual(['GPU out of memory']);
      expect(r.reports.map((x) => x.outcome)).toEqual(['failed', 'proven']);
    } finally {
      await finish(r);
    }
  });

  test('a refused token stops the worker with the reason (no retry can fix it)', async () => {
    const r = await run(1, snarkjsBackend, { token: 'wrong' });
    r.seq.token = 'right';
    const summary = await r.handle.done;
    await r.seq.stop();
    expect(summary.fatal).toMatch(/^UNAUTHORIZED/);
  });
});
