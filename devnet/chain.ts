import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ChainJournal, replayJournal } from './chain-journal.js';
import { writeJson } from './devnet-state.js';
import { DEVNET_CHAIN_ID, readGenesis, startL1Node, writeNodeConfig, type L1Node } from './l1-node.js';
import type { DevnetLayout } from './layout.js';

export interface Chain {
  readonly node: L1Node;
  readonly journal: ChainJournal;
}

interface ChainOptions {
  readonly root: string;
  readonly layout: DevnetLayout;
  readonly port: number;
  readonly marker: string;
  readonly log: (line: string) => void;
}

function start(o: ChainOptions, initialDate: string): Promise<L1Node> {
  mkdirSync(o.layout.chainDir, { recursive: true });
  mkdirSync(join(o.layout.hardhatConfig, '..'), { recursive: true });
  writeNodeConfig(o.layout.hardhatConfig, initialDate, join(o.root, 'artifacts'));
  return startL1Node({ root: o.root, configPath: o.layout.hardhatConfig, port: o.port, logFile: join(o.layout.logsDir, 'l1-node.log'), marker: o.marker });
}

/** A new chain whose genesis is now; its date and hash are recorded so the next start can rebuild it. */
export async function freshChain(o: ChainOptions): Promise<Chain> {
  const initialDate = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  const node = await start(o, initialDate);
  const genesis = await node.rpc<{ hash: string }>('eth_getBlockByNumber', ['0x0', false]);
  writeJson(o.layout.genesisFile, { initialDate, chainId: DEVNET_CHAIN_ID, hash: genesis.hash });
  return { node, journal: new ChainJournal(o.layout.journal) };
}

/**
 * The chain of the last run: a node on the recorded genesis date, then the journal replayed and checked
 * hash by hash. Resolves to the reason when that is impossible (the node is then stopped).
 */
export async function resumeChain(o: ChainOptions): Promise<Chain | string> {
  const genesis = readGenesis(o.layout.genesisFile);
  if (genesis === null || !existsSync(o.layout.journal)) return 'no chain journal';
  const journal = new ChainJournal(o.layout.journal);
  const node = await start(o, genesis.initialDate);
  const fail = async (reason: string) => {
    await node.child.stop();
    return reason;
  };
  const block0 = await node.rpc<{ hash: string }>('eth_getBlockByNumber', ['0x0', false]);
  if (block0.hash !== genesis.hash) return fail(`the node's genesis is ${block0.hash}, the journal's ${genesis.hash} (another Hardhat version?)`);
  const started = Date.now();
  const replay = await replayJournal(node.rpc, journal.blocks, (n) => o.log(`  … ${n}/${journal.blocks.length} blocks`));
  if (!replay.ok) return fail(`replaying the journal failed: ${replay.reason}`);
  o.log(`chain: ${replay.blocks} blocks replayed in ${((Date.now() - started) / 1000).toFixed(1)} s, same hashes`);
  return { node, journal };
}
