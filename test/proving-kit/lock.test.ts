import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { withLock } from '../../proving-kit/lock.js';
import { TEST_BUILD } from '../fixtures/fixture-circuits.js';

const OUT = join(TEST_BUILD, 'lock');

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
});

describe('withLock', () => {
  test('runs bodies on the same lock one at a time', async () => {
    const lock = join(OUT, 'serial.lock');
    const events: string[] = [];
    const body = (name: string) => async () => {
      events.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 50));
      events.push(`${name} out`);
    };
    await Promise.all([withLock(lock, () => {}, body('a')), withLock(lock, () => {}, body('b'))]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  test('takes over a lock whose owner died', async () => {
    const lock = join(OUT, 'stale.lock');
    mkdirSync(lock, { recursive: true });
    writeFileSync(join(lock, 'pid'), '999999999');
    expect(await withLock(lock, () => {}, async () => 'ran')).toBe('ran');
  });

  test('tells its log once that it waits for the lock', async () => {
    const lock = join(OUT, 'waiting.lock');
    const lines: string[] = [];
    const held = withLock(lock, () => {}, () => new Promise((r) => setTimeout(r, 1_200)));
    await withLock(lock, (line) => lines.push(line), async () => {});
    await held;
    expect(lines).toEqual([`waiting for the lock ${lock}`]);
  });
});
