import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { cachedKey } from '../../proving-kit/cache.js';
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
