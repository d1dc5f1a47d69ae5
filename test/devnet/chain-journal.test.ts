import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, NonceManager, Wallet } from 'ethers';
import { afterAll, describe, expect, test } from 'vitest';
import { HARDHAT_KEYS } from '../../devnet/accounts.js';
import { ChainJournal, replayJournal } from '../../devnet/chain-journal.js';
import { startL1Node, writeNodeConfig, type L1Node } from '../../devnet/l1-node.js';
import { deployPoseidonLibraries } from '../../l1/deploy.js';
import { ROOT } from '../../wallet/network.js';

/**
 * The devnet's chain persistence: blocks journaled from one `hardhat node` and replayed into a fresh one
 * on the same genesis date come back with the same hashes (so the sequencer's stored block hashes stay
 * valid across restarts).
 */
const dir = mkdtempSync(join(tmpdir(), 'modulo-journal-'));
mkdirSync(join(ROOT, '.cache'), { recursive: true });
// Hardhat only takes a config inside the project that has it installed.
const configDir = mkdtempSync(join(ROOT, '.cache', 'journal-test-'));
const config = join(configDir, 'hardhat.config.mjs');
const nodes: L1Node[] = [];
afterAll(async () => {
  for (const n of nodes) await n.child.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function node(): Promise<L1Node> {
  const n = await startL1Node({ root: ROOT, configPath: config, port: await freePort(), logFile: join(dir, 'node.log'), marker: dir });
  nodes.push(n);
  return n;
}

describe('the devnet chain journal', () => {
  test('replays a chain (legacy, EIP-1559, contract creations, empty blocks) with the same block hashes', async () => {
    writeNodeConfig(config, '2026-01-01T00:00:00.000Z', join(ROOT, 'artifacts'));
    const first = await node();
    const provider = new JsonRpcProvider(first.url, 31337, { staticNetwork: true, cacheTimeout: -1 });
    const funder = new NonceManager(new Wallet(HARDHAT_KEYS[0], provider));
    await deployPoseidonLibraries(provider, funder); // the proxy's pre-signed legacy tx, then CREATE2 deployments
    await (await funder.sendTransaction({ to: new Wallet(HARDHAT_KEYS[1]).address, value: 12345n })).wait();
    await first.rpc('hardhat_mine', ['0x3']);
    provider.destroy();
    const journal = new ChainJournal(join(dir, 'blocks.jsonl'));
    expect(await journal.record(first.rpc)).toBeGreaterThanOrEqual(8);
    const head = await first.rpc<{ hash: string; number: string }>('eth_getBlockByNumber', ['latest', false]);
    await first.child.stop();

    const second = await node();
    const reread = new ChainJournal(join(dir, 'blocks.jsonl'));
    expect(await replayJournal(second.rpc, reread.blocks)).toEqual({ ok: true, blocks: reread.blocks.length });
    expect((await second.rpc<{ hash: string }>('eth_getBlockByNumber', [head.number, false])).hash).toBe(head.hash);
    expect(await second.rpc<boolean>('hardhat_getAutomine')).toBe(true);

    const snapshot = await second.rpc<string>('evm_snapshot');
    await second.rpc('evm_mine');
    expect(await reread.record(second.rpc)).toBe(1);
    await second.rpc('evm_revert', [snapshot]);
    expect(await reread.record(second.rpc)).toBe(0);
    expect(reread.head).toBe(Number(head.number));
  }, 120_000);

  test('a journal from another genesis does not replay', async () => {
    const reread = new ChainJournal(join(dir, 'blocks.jsonl'));
    writeNodeConfig(config, '2026-02-01T00:00:00.000Z', join(ROOT, 'artifacts'));
    const other = await node();
    const result = await replayJournal(other.rpc, reread.blocks);
    expect(result.ok).toBe(false);
  }, 60_000);
});
