import { describe, expect, test } from 'vitest';
import { abortable, Backoff, retry, sleep } from '../../prover/backoff.js';
import { ModuloError } from '../../core/errors.js';

const policy = { baseMs: 100, maxMs: 1_000, maxElapsedMs: 5_000 };
const unreachable = () => new ModuloError('SEQUENCER_UNREACHABLE', 'connection refused', {}, { retryable: true });

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    clock: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

describe('Backoff', () => {
  test('doubles the ceiling from baseMs up to maxMs and never above', () => {
    const b = new Backoff(policy, () => 1);
    expect(Array.from({ length: 7 }, () => b.next())).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  test('draws each wait in [0, ceiling] (full jitter) and starts over after reset', () => {
    const b = new Backoff(policy, () => 0.5);
    expect([b.next(), b.next(), b.next()]).toEqual([50, 100, 200]);
    b.reset();
    expect(b.next()).toBe(50);
  });
});

describe('retry', () => {
  test('tries again after retryable failures and returns the first success', async () => {
    const t = fakeTime();
    let calls = 0;
    const out = await retry(async () => (++calls < 4 ? Promise.reject(unreachable()) : 'ok'), { policy, random: () => 1, ...t });
    expect(out).toBe('ok');
    expect(t.waits).toEqual([100, 200, 400]);
  });

  test('throws a non-retryable error at once', async () => {
    const t = fakeTime();
    const refused = new ModuloError('UNAUTHORIZED', 'bad token');
    await expect(retry(() => Promise.reject(refused), { policy, ...t })).rejects.toBe(refused);
    expect(t.waits).toEqual([]);
  });

  test('gives up with the last error once maxElapsedMs has passed, the last wait cut to the deadline', async () => {
    const t = fakeTime();
    let calls = 0;
    await expect(retry(() => Promise.reject(new ModuloError('SEQUENCER_UNREACHABLE', `try ${++calls}`, {}, { retryable: true })), { policy, random: () => 1, ...t })).rejects.toThrow('try 9');
    expect(t.waits).toEqual([100, 200, 400, 800, 1000, 1000, 1000, 500]);
    expect(t.waits.reduce((a, b) => a + b)).toBe(policy.maxElapsedMs);
  });

  test('an abort ends the wait at once with the abort reason', async () => {
    const stop = new AbortController();
    // Aborted once the first wait (60 s) has begun.
    const onRetry = () => setImmediate(() => stop.abort(new ModuloError('ABORTED', 'shutdown')));
    const started = Date.now();
    await expect(retry(() => Promise.reject(unreachable()), { policy: { baseMs: 60_000, maxMs: 60_000, maxElapsedMs: Infinity }, random: () => 1, signal: stop.signal, onRetry })).rejects.toThrow('shutdown');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('sleep and abortable', () => {
  test('sleep rejects with the reason when aborted', async () => {
    const stop = new AbortController();
    const slept = sleep(10_000, stop.signal);
    stop.abort('enough');
    await expect(slept).rejects.toBe('enough');
  });

  test('abortable rejects with ABORTED while the promise runs on, ignored', async () => {
    const stop = new AbortController();
    let finished = false;
    const work = new Promise<number>((resolve) => setTimeout(() => { finished = true; resolve(1); }, 50));
    const raced = abortable(work, stop.signal);
    stop.abort(new ModuloError('ABORTED', 'shutdown'));
    await expect(raced).rejects.toMatchObject({ code: 'ABORTED', message: 'shutdown' });
    await work;
    expect(finished).toBe(true);
  });
});
