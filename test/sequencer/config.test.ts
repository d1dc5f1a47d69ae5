import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ModuloError } from '../../core/errors.js';
import { buildApp } from '../../sequencer/app.js';
import { assertWorkerToken, configFrom, DEFAULT_CONFIG } from '../../sequencer/config.js';
import { toErrorResponse } from '../../sequencer/http-errors.js';
import { makeNode, tempDir } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('configFrom', () => {
  test('defaults: data in ./data/sequencer, the dev circuit, no L1', () => {
    const c = configFrom({});
    expect(c).toMatchObject({ dataDir: './data/sequencer', deploymentCircuit: 'dev', l1: null, fees: [] });
    expect(c.circuits.circuits.dev).toBeDefined();
    expect(c.http.bodyLimit).toBe(DEFAULT_CONFIG.http.bodyLimit);
  });

  test('the file, then the environment', () => {
    const c = configFrom(
      { dataDir: '/a', fees: [{ tokenId: '0', idx: 3, minFee: '100' }], l1: { rpcUrl: 'http://x', confirmations: 5 }, http: { port: 1 } },
      { MODULO_DATA_DIR: '/b', MODULO_PORT: '2', MODULO_ROLLUP_ADDRESS: '0xabc', MODULO_L1_PRIVATE_KEY: '0x01', MODULO_WORKER_TOKEN: 't' },
    );
    expect(c.dataDir).toBe('/b');
    expect(c.http.port).toBe(2);
    expect(c.domain.rollupAddress).toBe(0xabcn);
    expect(c.fees).toEqual([{ tokenId: 0n, idx: 3, minFee: 100n }]);
    expect(c.l1).toMatchObject({ rpcUrl: 'http://x', privateKey: '0x01', confirmations: 5, bumpPercent: 20 });
    expect(c.prover.workerToken).toBe('t');
  });

  test('refuses an amount that is not an integer', () => {
    expect(() => configFrom({ fees: [{ tokenId: '0', idx: 3, minFee: '1.5' }] })).toThrow(ModuloError);
  });
});

describe('toErrorResponse', () => {
  test('details are JSON-safe and internal errors do not leak', () => {
    expect(toErrorResponse(new ModuloError('WRONG_NONCE', 'm', { expected: 3n }))).toEqual({
      status: 422,
      body: { code: 'WRONG_NONCE', message: 'm', details: { expected: '3' } },
    });
    expect(toErrorResponse(new Error('secret path /etc'))).toEqual({ status: 500, body: { code: 'INTERNAL', message: 'internal error' } });
    expect(toErrorResponse(new ModuloError('USAGE', 'secret path /etc'))).toEqual({ status: 500, body: { code: 'INTERNAL', message: 'internal error' } });
  });
});

describe('the worker token outside devnet', () => {
  test('assertWorkerToken: a token, or the devnet; nothing else starts', () => {
    expect(() => assertWorkerToken(configFrom({}))).toThrow(/no worker token/);
    expect(() => assertWorkerToken(configFrom({ prover: { workerToken: '' } }))).toThrow(/no worker token/);
    expect(() => assertWorkerToken(configFrom({}, { MODULO_WORKER_TOKEN: 't' }))).not.toThrow();
    expect(() => assertWorkerToken(configFrom({ prover: { workerToken: 't' } }))).not.toThrow();
    expect(() => assertWorkerToken(configFrom({ devnet: true }))).not.toThrow();
    expect(configFrom({ devnet: 'yes' }).devnet).toBe(false);
  });

  test('buildApp refuses a node without one', async () => {
    const node = makeNode({ devnet: false });
    await expect(buildApp(node)).rejects.toMatchObject({ code: 'MALFORMED', message: expect.stringMatching(/no worker token/) });
    await node.close();
  });

  test('the sequencer process refuses to start without one, before it opens anything', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const configPath = join(dir, 'sequencer.json');
      writeFileSync(configPath, JSON.stringify({ dataDir: join(dir, 'data'), http: { port: 0 } }));
      const { MODULO_WORKER_TOKEN: _token, ...env } = process.env;
      const run = spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', 'sequencer/main.ts'], {
        cwd: ROOT,
        env: { ...env, MODULO_SEQUENCER_CONFIG: configPath },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.status, run.stderr).not.toBe(0);
      expect(run.stderr).toMatch(/no worker token/);
      expect(existsSync(join(dir, 'data'))).toBe(false);
    } finally {
      cleanup();
    }
  }, 70_000);
});
