import type { Logger } from 'pino';
import type { L1Submitter } from './submitter.js';
import type { L1Watcher } from './watcher.js';

type LoopName = 'watcher' | 'submitter';

interface Loop {
  readonly poll: () => Promise<unknown>;
  timer: NodeJS.Timeout | null;
  busy: boolean;
  failures: number;
}

/**
 * Runs the watcher and the submitter, each as one chain of polls (never two at once). A failed poll
 * is logged and retried after a growing pause; L1_MISMATCH or L1_REORG_TOO_DEEP halts the loop (an
 * operator has to look), which `halted` and the logs report.
 */
export class L1Runtime {
  readonly #pollMs: number;
  readonly #log: Logger;
  readonly #loops: Record<LoopName, Loop>;
  #running = false;
  halted: string | null = null;

  constructor(watcher: L1Watcher, submitter: L1Submitter, pollMs: number, log: Logger) {
    this.#pollMs = pollMs;
    this.#log = log;
    const loop = (poll: () => Promise<unknown>): Loop => ({ poll, timer: null, busy: false, failures: 0 });
    this.#loops = { watcher: loop(() => watcher.poll()), submitter: loop(() => submitter.poll()) };
  }

  start(): void {
    this.#running = true;
    this.#schedule('watcher', 0);
    this.#schedule('submitter', 0);
  }

  /** Polls the submitter now (a batch was sealed or proven) instead of at its next tick. */
  kick(): void {
    if (this.#running && !this.#loops.submitter.busy) this.#schedule('submitter', 0);
  }

  stop(): void {
    this.#running = false;
    for (const loop of Object.values(this.#loops)) if (loop.timer) clearTimeout(loop.timer);
  }

  #schedule(name: LoopName, delay: number): void {
    const loop = this.#loops[name];
    if (loop.timer) clearTimeout(loop.timer);
    loop.timer = setTimeout(() => void this.#run(name), delay);
  }

  async #run(name: LoopName): Promise<void> {
    const loop = this.#loops[name];
    loop.timer = null;
    if (!this.#running || loop.busy) return;
    loop.busy = true;
    try {
      await loop.poll();
      loop.failures = 0;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'L1_MISMATCH' || code === 'L1_REORG_TOO_DEEP') {
        this.halted = `${name}: ${(error as Error).message}`;
        this.#log.fatal({ err: error }, `L1 ${name} halted; operator action needed`);
        loop.busy = false;
        return;
      }
      loop.failures += 1;
      this.#log.warn({ err: error, failures: loop.failures }, `L1 ${name} poll failed`);
    } finally {
      loop.busy = false;
    }
    if (this.#running) this.#schedule(name, loop.failures === 0 ? this.#pollMs : Math.min(this.#pollMs * 2 ** loop.failures, 60_000));
  }
}
