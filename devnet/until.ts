export interface UntilOptions {
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  /** Asked before each poll: an error ends the wait at once (the process being waited on has exited). */
  readonly abort?: () => Error | null;
  /** Appended to the timeout message (a process's last output). */
  readonly context?: () => string;
}

/**
 * Polls `check` until it holds; a check that throws counts as "not yet" (a server not listening yet).
 * This is how processes are waited on: on their state, never for a fixed time.
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, options: UntilOptions | number = {}): Promise<void> {
  const o = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    const aborted = o.abort?.();
    if (aborted) throw aborted;
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${o.context ? `\n${o.context()}` : ''}`);
    await new Promise((r) => setTimeout(r, o.pollMs ?? 100));
  }
}
