import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { ModuloError } from '../core/errors.js';
import { until } from './until.js';

export interface ChildOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** stdout and stderr go here (appended); without one they are only kept in `tail` (and `lines`). */
  readonly logFile?: string;
  /**
   * Its own process group (default), so that Ctrl-C in the terminal reaches the devnet only, which then
   * stops its children in order. Tests and benches keep their children in their own group.
   */
  readonly detached?: boolean;
  /** Keep every JSON log line (pino) in `lines`, for `waitFor`: for short runs (tests, benches), not a devnet. */
  readonly keepLines?: boolean;
}

/** One log line of a pino logger, parsed. */
export type LogLine = Record<string, unknown> & { msg?: string };

/** How a child ended, and when (Date.now()). */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly at: number;
}

/**
 * A child process the devnet (or a test, or a bench) started, with its output kept: the last lines in
 * `tail` for error messages, all of it in a log file when one is given, and the parsed JSON log lines
 * when asked, so that a caller can wait for a log line ("proving") and act there.
 */
export class ManagedChild {
  readonly name: string;
  readonly #child: ChildProcess;
  readonly #log: WriteStream | null;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** How it ended, once it has. */
  exit: ChildExit | null = null;
  /** The last lines of output, for error messages. */
  tail = '';
  /** Its JSON log lines, in order (only with `keepLines`). */
  readonly lines: LogLine[] = [];
  #partial = '';
  #wake: Array<() => void> = [];

  constructor(o: ChildOptions) {
    this.name = o.name;
    this.#log = o.logFile === undefined ? null : createWriteStream(o.logFile, { flags: 'a' });
    this.#log?.write(`\n--- ${new Date().toISOString()} ${o.command} ${o.args.join(' ')}\n`);
    this.#child = spawn(o.command, [...o.args], { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: o.detached ?? true });
    const keep = (d: Buffer) => {
      this.#log?.write(d);
      this.tail = (this.tail + d.toString()).slice(-4000);
      if (o.keepLines) this.#parse(d.toString());
      for (const wake of this.#wake.splice(0)) wake();
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.#child.once('exit', (code, signal) => {
      this.exit = { code, signal, at: Date.now() };
      resolve(code);
      for (const wake of this.#wake.splice(0)) wake();
    }));
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
      const timer = setTimeout(() => void this.kill(), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    if (this.#log) await new Promise<void>((resolve) => this.#log!.end(resolve));
  }

  /** Sends `signal` (SIGKILL: no shutdown code runs, exactly as a crash) and resolves with how it ended. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ChildExit> {
    if (this.running) this.#child.kill(signal);
    await this.exited;
    return this.exit!;
  }

  /** Polls `check` until it holds; throws with the output's tail if the process exits or time runs out. */
  async until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000, pollMs = 200): Promise<void> {
    await until(what, check, { timeoutMs, pollMs, abort: () => this.#ended(what), context: () => `${this.name}: ${this.tail}` });
  }

  /** The first JSON log line from `from` on that matches, waiting for it (needs `keepLines`). */
  async waitFor(what: string, match: (line: LogLine) => boolean, timeoutMs = 120_000, from = 0): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.slice(from).find(match);
      if (found) return found;
      const ended = this.#ended(what);
      if (ended) throw ended;
      const left = deadline - Date.now();
      if (left <= 0) throw new ModuloError('START_FAILED', `${this.name}: timed out waiting for ${what}:\n${this.tail}`, { name: this.name, timeoutMs });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.#wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  #ended(what: string): Error | null {
    return this.running ? null : new ModuloError('START_FAILED', `${this.name} exited while waiting for ${what}:\n${this.tail}`, { name: this.name });
  }

  #parse(text: string): void {
    const complete = (this.#partial + text).split('\n');
    this.#partial = complete.pop()!;
    for (const line of complete) {
      if (!line.startsWith('{')) continue;
      try {
        this.lines.push(JSON.parse(line) as LogLine);
      } catch {
        // not a log line
      }
    }
  }
}
