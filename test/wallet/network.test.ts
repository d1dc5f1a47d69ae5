import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveEndpoints } from '../../wallet/network.js';

const dir = mkdtempSync(join(tmpdir(), 'modulo-network-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'network.json');
writeFileSync(file, JSON.stringify({
  name: 'devnet', chainId: '31337', rpcUrl: 'http://127.0.0.1:8545', sequencerUrl: 'http://127.0.0.1:8080/',
  rollupAddress: '0x5fc8d32690cc91d4c39d9d3abcbd16989f875707', deployBlock: 7, devKeys: ['0x01'],
}));
const ROLLUP = '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707';

describe('resolveEndpoints', () => {
  test('reads a network file', () => {
    expect(resolveEndpoints({ network: file }, {})).toEqual({
      sequencerUrl: 'http://127.0.0.1:8080', rpcUrl: 'http://127.0.0.1:8545', rollupAddress: ROLLUP, deployBlock: 7, devKeys: ['0x01'], source: file,
    });
  });

  test('flags beat the environment, which beats the file; dev keys only come with the file\'s rollup', () => {
    const env = { MODULO_NETWORK: file, MODULO_SEQUENCER_URL: 'http://env:1', MODULO_ROLLUP_ADDRESS: '0x0000000000000000000000000000000000000001' };
    const e = resolveEndpoints({ sequencer: 'http://flag:2' }, env);
    expect(e).toMatchObject({ sequencerUrl: 'http://flag:2', rpcUrl: 'http://127.0.0.1:8545', rollupAddress: '0x0000000000000000000000000000000000000001', devKeys: [] });
  });

  test('says how to configure a network when there is none', () => {
    expect(() => resolveEndpoints({}, { MODULO_HOME: join(dir, 'nothing') })).toThrow(/make devnet.*--sequencer URL/);
  });

  test('refuses a rollup that is not an address', () => {
    expect(() => resolveEndpoints({ network: file, rollup: '0x1234' }, {})).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
