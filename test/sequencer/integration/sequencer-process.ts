import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './hardhat-node.js';

/** A real sequencer process (`node --import tsx sequencer/main.ts`) on a config file, killable at will. */
export class SequencerProcess {
  readonly baseUrl: string;
  readonly #configPath: string;
  #child: ChildProcess | null = null;
  log = '';

  constructor(configPath: string, config: Record<string, unknown>, port: number) {
    this.#configPath = configPath;
    this.baseUrl = `http://127.0.0.1:${port}`;
    writeFileSync(configPath, JSON.stringify(config, null, 2));
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--no-warnings', '--import', 'tsx', join(ROOT, 'sequencer', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, MODULO_SEQUENCER_CONFIG: this.#configPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const keep = (d: Buffer) => (this.log = (this.log + d.toString()).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`sequencer exited with ${child.exitCode}: ${this.log}`);
      try {
        if ((await fetch(`${this.baseUrl}/health`)).status === 200) return;
      } catch {
        // not listening yet
      }
      if (i > 600) throw new Error(`sequencer did not start: ${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL: no shutdown code runs, exactly as a crash. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.#child = null;
  }

  async get<T>(path: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`);
    return { status: res.status, body: (await res.json()) as T };
  }

  async post<T>(path: string, payload: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    return { status: res.status, body: (await res.json()) as T };
  }

  /** Polls `check` until it holds (or throws with the process log). */
  async until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        if (await check()) return;
      } catch {
        // keep polling
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}\n${this.log.slice(-5000)}`);
  }
}
