import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { abortError } from '../backoff.js';
import { ModuloError } from '../../core/errors.js';
import { normalizeProof, normalizePublicSignals, type ProveRequest, type ProveResult, type ProvingBackend } from './backend.js';
import { computeWitness } from './witness.js';

export interface ExternalBackendOptions {
  /**
   * A program with rapidsnark's command line: `prover <zkey> <wtns> <proof.json> <public.json>`, exit 0
   * on success (rapidsnark on CPU, a GPU prover with the same CLI, or prover/bin/snarkjs-prover.mjs).
   * A `.mjs`/`.js`/`.cjs` file is run with this process' Node.
   */
  readonly bin: string;
  /** The prover is killed after this long. */
  readonly timeoutMs: number;
  /** Between SIGTERM and SIGKILL when the prover is stopped. */
  readonly killGraceMs?: number;
}

const STDERR_TAIL = 2000;

/**
 * Proves with an external program: the witness goes to the job's work folder, the program writes
 * proof.json and public.json there, the worker reads them back. The program runs with a timeout and
 * is killed with its process group (SIGTERM, then SIGKILL) when it runs over or the job is given up.
 * A worker killed outright cannot do that: prover/bin/snarkjs-prover.mjs exits when its parent goes,
 * other provers run on until done (run the worker under a supervisor that kills its control group).
 */
export class ExternalBackend implements ProvingBackend {
  readonly name: string;
  readonly #o: ExternalBackendOptions;

  constructor(o: ExternalBackendOptions) {
    if (!existsSync(o.bin)) throw new ModuloError('USAGE', `no prover binary at ${o.bin}`, { bin: o.bin });
    // The program runs in the job's work folder: a relative path would not name it there.
    this.#o = { ...o, bin: resolve(o.bin) };
    this.name = `external:${o.bin}`;
  }

  async prove(r: ProveRequest): Promise<ProveResult> {
    const { wtns, witnessMs } = await computeWitness(r);
    r.onPhase?.('prove');
    const proofPath = join(r.workDir, 'proof.json');
    const publicPath = join(r.workDir, 'public.json');
    const started = performance.now();
    await this.#run([r.circuit.zkey, wtns, proofPath, publicPath], r);
    const proveMs = performance.now() - started;
    return { proof: normalizeProof(readJson(proofPath)), publicSignals: normalizePublicSignals(readJson(publicPath)), witnessMs, proveMs };
  }

  async close(): Promise<void> {}

  #run(args: string[], r: ProveRequest): Promise<void> {
    const { bin, timeoutMs, killGraceMs = 2_000 } = this.#o;
    const [command, argv] = /\.[cm]?js$/.test(bin) ? [process.execPath, [bin, ...args]] : [bin, args];
    return new Promise((resolve, reject) => {
      // Its own process group, so a stop reaches whatever it started too (a wrapper script's prover).
      const child = spawn(command, argv, { cwd: r.workDir, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
      const signalGroup = (sig: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, sig);
        } catch {
          // already gone
        }
      };
      let stderr = '';
      let stopped: ModuloError | null = null;
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-STDERR_TAIL)));
      const stop = (why: ModuloError) => {
        if (stopped !== null || child.exitCode !== null) return;
        stopped = why;
        signalGroup('SIGTERM');
        setTimeout(() => signalGroup('SIGKILL'), killGraceMs).unref();
      };
      const timer = setTimeout(
        () => stop(new ModuloError('BACKEND_TIMEOUT', `${bin} ran over ${timeoutMs} ms`, { bin, timeoutMs, jobId: r.jobId })),
        timeoutMs,
      );
      const onAbort = () => stop(abortError(r.signal));
      r.signal.addEventListener('abort', onAbort, { once: true });
      if (r.signal.aborted) onAbort();
      let settled = false;
      const settle = (error: ModuloError | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        r.signal.removeEventListener('abort', onAbort);
        if (error === null) resolve();
        else reject(error);
      };
      child.on('error', (error) => settle(new ModuloError('BACKEND_FAILED', `${bin} did not start: ${error.message}`, { bin }, { cause: error })));
      // 'exit', not 'close': a grandchild that keeps stderr open must not hold the job.
      child.on('exit', (code, signal) => {
        if (stopped !== null) return settle(stopped);
        if (code === 0) return settle(null);
        settle(new ModuloError('BACKEND_FAILED', `${bin} exited with ${code ?? signal}: ${stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join(' | ')}`, { bin, code, signal, jobId: r.jobId }));
      });
    });
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ModuloError('BACKEND_FAILED', `the prover left no readable ${path.split('/').pop()}: ${(error as Error).message}`, {}, { cause: error });
  }
}
