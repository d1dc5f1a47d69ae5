import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { ModuloError } from '../core/errors.js';

export interface ChildOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** stdout and stderr go here (appended). */
  readonly logFile: string;
}

/**
 * A process the devnet started, in its own process group (detached) so that Ctrl-C in the terminal reaches
 * the devnet only, which then stops its children in order. Output goes to a log file.
 */
export class ManagedChild {
  readonly name: string;
  readonly #child: ChildProcess;
  readonly #log: WriteStream;
  readonly exited: Promise<number | null>;
  /** The last lines of output, for error messages. */
  tail = '';

  constructor(o: ChildOptions) {
    this.name = o.name;
    this.#log = createWriteStream(o.logFile, { flags: 'a' });
    this.#log.write(`\n--- ${new Date().toISOString()} ${o.command} ${o.args.join(' ')}\n`);
    this.#child = spawn(o.command, [...o.args], { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const keep = (d: Buffer) => {
      this.#log.write(d);
      this.tail = (this.tail + d.toString()).slice(-4000);
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
    this.#child.once('error', (error) => keep(Buffer.from(`spawn error: ${error.message}\n`)));
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.running) {
      this.#child.kill('SIGTERM');
      const timer = setTimeout(() => this.kill(), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    await new Promise<void>((resolve) => this.#log.end(resolve));
  }

  kill(): void {
    if (this.running) this.#child.kill('SIGKILL');
  }

  /** Polls `check` until it holds; throws with the output's tail if the process exits or time runs out. */
  async until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000, pollMs = 200): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new ModuloError('START_FAILED', `${this.name} exited while waiting for ${what}:\n${this.tail}`, { name: this.name });
      try {
        if (await check()) return;
      } catch {
        // not ready yet
      }
      if (Date.now() > deadline) throw new ModuloError('START_FAILED', `${this.name}: timed out waiting for ${what}:\n${this.tail}`, { name: this.name, timeoutMs });
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
