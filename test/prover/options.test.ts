import { describe, expect, test } from 'vitest';
import { parseProverArgs, PROVER_DEFAULTS } from '../../prover/options.js';

const URL = ['--sequencer', 'http://127.0.0.1:8080'];

describe('parseProverArgs (modulo prover)', () => {
  test('takes every flag of the command line, seconds as milliseconds', () => {
    expect(
      parseProverArgs([...URL, '--backend', 'external', '--prover-bin', '/opt/rapidsnark/prover', '--concurrency', '3', '--artifacts', 'cache',
        '--token', 't', '--network', 'testnet', '--work-dir', '/scratch', '--name', 'gpu-1', '--timeout', '600', '--grace', '2.5',
        '--heartbeat', '10', '--poll', '1', '--max-offline', '300', '--log-level', 'debug'], {}),
    ).toEqual({
      sequencer: 'http://127.0.0.1:8080', backend: 'external', proverBin: '/opt/rapidsnark/prover', concurrency: 3, artifactsDir: 'cache',
      token: 't', network: 'testnet', workDir: '/scratch', workerName: 'gpu-1', proveTimeoutMs: 600_000, shutdownGraceMs: 2_500,
      heartbeatMs: 10_000, pollMs: 1_000, claimRetry: { ...PROVER_DEFAULTS.claimRetry, maxElapsedMs: 300_000 }, logLevel: 'debug',
    });
  });

  test('the token comes from MODULO_WORKER_TOKEN when no flag gives it', () => {
    expect(parseProverArgs(URL, { MODULO_WORKER_TOKEN: 'from-env' })).toEqual({ sequencer: 'http://127.0.0.1:8080', token: 'from-env' });
    expect(parseProverArgs(['--help'], {})).toBeNull();
  });

  test.each([
    [[], /--sequencer needs an http\(s\) URL/],
    [[...URL, '--backend', 'gpu'], /--backend is snarkjs or external/],
    [[...URL, '--backend', 'external'], /needs --prover-bin/],
    [[...URL, '--prover-bin', 'x'], /--prover-bin is for --backend external/],
    [[...URL, '--concurrency', '0'], /--concurrency is an integer/],
    [[...URL, '--network', 'goerli'], /--network is one of devnet, testnet, mainnet/],
    [[...URL, '--grace', 'soon'], /--grace takes a number of seconds/],
    [[...URL, '--verbose'], /Unknown option '--verbose'/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseProverArgs(argv, {})).toThrow(message);
    expect(() => parseProverArgs(argv, {})).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
