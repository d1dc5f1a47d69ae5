import { writeFileSync } from 'node:fs';
import type { ManagedChild } from '../../../devnet/child-process.js';
import { until } from '../../../devnet/until.js';
import { startEntryPoint } from '../../fixtures/processes.js';

/** A real sequencer process (`node --import tsx sequencer/main.ts`) on a config file, killable at will. */
export class SequencerProcess {
  readonly baseUrl: string;
  readonly #configPath: string;
  #child: ManagedChild | null = null;

  constructor(configPath: string, config: Record<string, unknown>, port: number) {
    this.#configPath = configPath;
    this.baseUrl = `http://127.0.0.1:${port}`;
    writeFileSync(configPath, JSON.stringify(config, null, 2));
  }

  async start(): Promise<void> {
    this.#child = startEntryPoint('sequencer', 'sequencer/main.ts', [], { MODULO_SEQUENCER_CONFIG: this.#configPath });
    await this.#child.until('the sequencer answering', async () => (await fetch(`${this.baseUrl}/health`)).status === 200, 60_000, 100);
  }

  /** SIGKILL: no shutdown code runs, exactly as a crash. */
  async kill(): Promise<void> {
    await this.#child?.kill('SIGKILL');
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

  /** Polls `check` until it holds (or throws with the process's last output). */
  async until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    await until(what, check, { timeoutMs, context: () => this.#child?.tail ?? '(not running)' });
  }
}
