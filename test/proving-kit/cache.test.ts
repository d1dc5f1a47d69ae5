import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { cachedKey, withLock } from '../../proving-kit/cache.js';
import { DEV_KEY_WARNING, writeKeyMeta, type DevKeyMeta } from '../../proving-kit/key-meta.js';
import { TEST_BUILD } from '../fixtures/fixture-circuits.js';

const OUT = join(TEST_BUILD, 'setup-cache');
const ZKEY = join(OUT, 'circuit.dev.zkey');
const META: DevKeyMeta = {
  insecure: true, setup: 'dev', warning: DEV_KEY_WARNING, circuit: 'test', circuitHash: 'aaaa', r1csSha256: '', zkeySha256: '',
  nConstraints: 1, nVars: 2, nPublic: 1, domainSize: 4, createdAt: '2025-01-01T00:00:00.000Z',
};

describe('cachedKey', () => {
  beforeAll(() => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(ZKEY, 'zkey');
    writeKeyMeta(ZKEY, META);
  });

  test('reuses a key made for the same circuit hash and setup', () => {
    expect(cachedKey(ZKEY, 'aaaa', 'dev')).toEqual(META);
  });

  test.each([
    ['the circuit changed', ZKEY, 'bbbb', 'dev'],
    ['a ceremony key is wanted', ZKEY, 'aaaa', 'ceremony'],
    ['there is no key', join(OUT, 'missing.zkey'), 'aaaa', 'dev'],
  ] as const)('makes it again when %s', (_why, zkey, hash, setup) => {
    expect(cachedKey(zkey, hash, setup)).toBeNull();
  });
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
});
