import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CircuitFiles } from '../../prover/artifacts.js';
import { ExternalBackend } from '../../prover/backends/external.js';
import { releaseSnarkjsCurve } from '../../prover/backends/snarkjs.js';
import { ModuloError } from '../../core/errors.js';
import { processAlive, WorkFolders } from '../../prover/work-folder.js';
import { snarkjs, type VerificationKey } from '../../proving-kit/ffjs.js';
import { until } from '../../devnet/until.js';
import { ROOT } from '../fixtures/root.js';
import { buildToyCircuit, toyInput, type ToyCircuit } from '../fixtures/toy-circuit.js';

let tmp: string;
let toy: ToyCircuit;
let circuit: CircuitFiles;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'modulo-prover-work-'));
  toy = await buildToyCircuit(join(tmp, 'circuits'));
  const vkey = JSON.parse(readFileSync(toy.vkey, 'utf8')) as VerificationKey;
  circuit = { name: 'toy', wasm: toy.wasm, zkey: toy.zkey, vkey, sha256: { wasm: '', zkey: '', vkey: '' }, keyMeta: null };
});

afterAll(async () => {
  await releaseSnarkjsCurve();
  rmSync(tmp, { recursive: true, force: true });
});

/** A fake prover program (shell) with the rapidsnark CLI. */
function fakeProver(name: string, script: string): string {
  const path = join(tmp, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * Runs one external proof in a fresh work root; returns the result or error and what is left of the root.
 * With `abortOnceExists`, the job is aborted (shutdown) as soon as the prover has written that file.
 */
async function proveWith(bin: string, o: { timeoutMs?: number; abortOnceExists?: string } = {}) {
  const folders = new WorkFolders(mkdtempSync(join(tmp, 'root-')));
  const backend = new ExternalBackend({ bin, timeoutMs: o.timeoutMs ?? 20_000, killGraceMs: 200 });
  const stop = new AbortController();
  const marker = o.abortOnceExists;
  if (marker !== undefined) void until('the prover started', () => existsSync(marker), 20_000).then(() => stop.abort(new ModuloError('ABORTED', 'shutdown')));
  const started = Date.now();
  let outcome: { ok: true; publicSignals: string[]; proof: unknown } | { ok: false; error: ModuloError };
  try {
    const r = await folders.with(7, (workDir) => backend.prove({ jobId: 7, input: toyInput(42n), circuit, workDir, signal: stop.signal }));
    outcome = { ok: true, publicSignals: r.publicSignals, proof: r.proof };
  } catch (error) {
    outcome = { ok: false, error: error as ModuloError };
  }
  const left = readdirSync(folders.processDir);
  folders.close();
  return { outcome, left, ms: Date.now() - started };
}

/** Whether the process still runs after up to `ms` (a killed orphan may linger as a zombie: that is not running). */
async function runningAfter(pid: number, ms: number): Promise<boolean> {
  const running = () => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return processAlive(pid);
    }
  };
  for (const deadline = Date.now() + ms; running() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
  return running();
}

describe('WorkFolders', () => {
  test('a job folder is removed after the job, whether it succeeded or threw', async () => {
    const folders = new WorkFolders(mkdtempSync(join(tmp, 'root-')));
    let seen = '';
    await folders.with(1, async (dir) => {
      seen = dir;
      writeFileSync(join(dir, 'witness.wtns'), 'x');
    });
    expect(existsSync(seen)).toBe(false);
    await expect(folders.with(2, async (dir) => {
      seen = dir;
      throw new Error('backend failed');
    })).rejects.toThrow('backend failed');
    expect(existsSync(seen)).toBe(false);
    folders.close();
    expect(existsSync(folders.processDir)).toBe(false);
  });

  test('sweep removes the folders of dead workers and keeps those of live ones', async () => {
    const root = mkdtempSync(join(tmp, 'root-'));
    const child = spawn('sleep', ['30']);
    const dead = spawn('true');
    await new Promise((r) => dead.once('exit', r));
    for (const pid of [child.pid!, dead.pid!]) mkdirSync(join(root, `${pid}-abc`, 'job-1-x'), { recursive: true });
    mkdirSync(join(root, 'not-a-worker'));
    try {
      expect(WorkFolders.sweep(root)).toEqual([`${dead.pid}-abc`]);
      expect(readdirSync(root).sort()).toEqual([`${child.pid}-abc`, 'not-a-worker'].sort());
    } finally {
      child.kill();
    }
  });
});

describe('ExternalBackend: the rapidsnark CLI, always cleaned up', () => {
  test('prover/bin/snarkjs-prover.mjs proves for real: the proof verifies, the work folder is gone', async () => {
    const { outcome, left } = await proveWith(join(ROOT, 'prover', 'bin', 'snarkjs-prover.mjs'));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.publicSignals).toEqual(['42']);
    expect(await snarkjs.groth16.verify(circuit.vkey, ['42'], outcome.proof as never)).toBe(true);
    expect(left).toEqual([]);
  });

  test('a prover that runs over the timeout is killed with what it started, and the folder removed', async () => {
    const grandchild = join(tmp, 'grandchild.pid');
    const bin = fakeProver('hang.sh', `sleep 60 & echo $! > ${grandchild}\nwait`);
    const { outcome, left, ms } = await proveWith(bin, { timeoutMs: 500 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'BACKEND_TIMEOUT' } });
    expect(ms).toBeLessThan(5_000);
    expect(left).toEqual([]);
    expect(await runningAfter(Number(readFileSync(grandchild, 'utf8')), 2_000)).toBe(false);
  });

  test('an abort (shutdown) stops the prover at once', async () => {
    const started = join(tmp, 'slow.started');
    const { outcome, left, ms } = await proveWith(fakeProver('slow.sh', `touch ${started}\nsleep 60`), { abortOnceExists: started });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ABORTED', message: 'shutdown' } });
    expect(ms).toBeLessThan(5_000);
    expect(left).toEqual([]);
  });

  test.each([
    ['exits non-zero', 'echo "out of memory" >&2; exit 3', /exited with 3: out of memory/],
    ['exits 0 without writing the proof', 'exit 0', /no readable proof\.json/],
    ['writes something that is not a proof', 'echo \'{"pi_a":[1,2]}\' > "$3"; echo \'["42"]\' > "$4"', /no pi_b of three pairs/],
  ])('a prover that %s fails the job with the reason', async (_name, script, reason) => {
    const { outcome, left } = await proveWith(fakeProver(`bad-${script.length}.sh`, script));
    expect(outcome).toMatchObject({ ok: false, error: { code: 'BACKEND_FAILED' } });
    if (!outcome.ok) expect(outcome.error.message).toMatch(reason);
    expect(left).toEqual([]);
  });
});
