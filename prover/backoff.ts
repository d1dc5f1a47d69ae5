import { ModuloError, isRetryable } from '../core/errors.js';

/**
 * Exponential backoff with full jitter (AWS' "full jitter": a delay drawn in [0, min(cap, base·2^n)]),
 * so workers that lost the sequencer at the same moment do not come back in lockstep.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  /** No single wait is longer than this. */
  readonly maxMs: number;
  /** retry() gives up once this much time has passed since the first attempt (Infinity: never). */
  readonly maxElapsedMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 15_000, maxElapsedMs: 300_000 };

export class Backoff {
  readonly #policy: BackoffPolicy;
  readonly #random: () => number;
  #attempt = 0;

  constructor(policy: BackoffPolicy, random: () => number = Math.random) {
    this.#policy = policy;
    this.#random = random;
  }

  /** The wait before the next attempt; each call doubles the ceiling up to maxMs. */
  next(): number {
    const ceiling = Math.min(this.#policy.maxMs, this.#policy.baseMs * 2 ** Math.min(this.#attempt, 30));
    this.#attempt++;
    return Math.round(this.#random() * ceiling);
  }

  reset(): void {
    this.#attempt = 0;
  }

  get attempts(): number {
    return this.#attempt;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryOptions {
  readonly policy: BackoffPolicy;
  readonly signal?: AbortSignal;
  /** Which failures are worth another attempt; by default a ModuloError marked retryable. */
  readonly retryable?: (error: unknown) => boolean;
  /** Told before each wait (for logging). */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly clock?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable error, or the policy's time is up (then the
 * last error is thrown). A wait never runs past the deadline; an abort ends the wait at once.
 */
export async function retry<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  const clock = o.clock ?? Date.now;
  const wait = o.sleep ?? sleep;
  const retryable = o.retryable ?? isRetryable;
  const backoff = new Backoff(o.policy, o.random);
  const deadline = clock() + o.policy.maxElapsedMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (!retryable(error) || o.signal?.aborted) throw error;
      const left = deadline - clock();
      if (left <= 0) throw error;
      const delay = Math.min(backoff.next(), left);
      o.onRetry?.(error, backoff.attempts, delay);
      await wait(delay, o.signal);
    }
  }
}

/** Races `promise` against the signal: rejects with ABORTED when it fires (the promise runs on, ignored). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function abortError(signal: AbortSignal): ModuloError {
  const reason: unknown = signal.reason;
  if (reason instanceof ModuloError) return reason;
  return new ModuloError('ABORTED', typeof reason === 'string' ? reason : 'aborted');
}
