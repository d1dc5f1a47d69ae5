import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, NonceManager, Wallet } from 'ethers';
import { afterAll, describe, expect, test } from 'vitest';
import { HARDHAT_KEYS } from '../../devnet/accounts.js';
import { ChainJournal, replayJournal } from '../../devnet/chain-journal.js';
import { deployPoseidonLibraries } from '../../l1/deploy.js';
import { startTestL1Node, type TestL1Node } from '../fixtures/l1-node.js';

/**
 * The devnet's chain persistence: blocks journaled from one `hardhat node` and replayed into a fresh one
 * on the same genesis date come back with the same hashes (so the sequencer's stored block hashes stay
 * valid across restarts).
 */
const dir = mkdtempSync(join(tmpdir(), 'modulo-journal-'));
const nodes: TestL1Node[] = [];
afterAll(async () => {
  for (const n of nodes) await n.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A devnet L1 node whose genesis is dated `initialDate`. */
async function node(initialDate: string): Promise<TestL1Node> {
  const n = await startTestL1Node({ initialDate });
  nodes.push(n);
  return n;
}

const GENESIS = '2026-01-01T00:00:00.000Z';

describe('the devnet chain journal', () => {
  test('replays a chain (legacy, EIP-1559, contract creations, empty blocks) with the same block hashes', async () => {
    const first = await node(GENESIS);
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

    const second = await node(GENESIS);
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
    const other = await node('2026-02-01T00:00:00.000Z');
    const result = await replayJournal(other.rpc, reread.blocks);
    expect(result.ok).toBe(false);
  }, 60_000);
});
