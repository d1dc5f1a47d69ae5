import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedChild } from './child-process.js';
import { jsonRpc, type Rpc } from './rpc.js';

/** What makes the devnet's chain reproducible: the genesis date in the node's config, and the genesis hash it gave. */
export interface Genesis {
  readonly initialDate: string;
  readonly chainId: number;
  readonly hash: string;
}

export const DEVNET_CHAIN_ID = 31337;

/**
 * The node's Hardhat config, in the devnet's directory: the `node` network `hardhat node` uses, with a fixed
 * genesis date and fifo mining (both needed for a replay to give the same blocks), automine (one block per
 * tx: the devnet's sequencer reads L1 with 0 confirmations), Prague rules as in hardhat.config.ts.
 */
export function writeNodeConfig(path: string, initialDate: string, artifactsDir: string): void {
  const config = {
    paths: { artifacts: artifactsDir, cache: join(path, '..', 'cache') },
    networks: {
      node: {
        type: 'edr-simulated',
        chainType: 'l1',
        hardfork: 'prague',
        chainId: DEVNET_CHAIN_ID,
        initialDate,
        mining: { auto: true, mempool: { order: 'fifo' } },
      },
    },
  };
  writeFileSync(path, `// Written by modulo devnet; regenerated on every start.\nexport default ${JSON.stringify(config, null, 2)};\n`);
}

export function readGenesis(path: string): Genesis | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Genesis) : null;
}

export interface L1Node {
  readonly url: string;
  readonly rpc: Rpc;
  readonly child: ManagedChild;
}

/** `hardhat node` on 127.0.0.1:`port` with the devnet's config; resolves once it answers JSON-RPC. */
export async function startL1Node(o: { root: string; configPath: string; port: number; logFile: string; marker: string }): Promise<L1Node> {
  const url = `http://127.0.0.1:${o.port}`;
  const child = new ManagedChild({
    name: 'L1 node (hardhat node)',
    command: join(o.root, 'node_modules', '.bin', 'hardhat'),
    args: ['--config', o.configPath, 'node', '--hostname', '127.0.0.1', '--port', String(o.port)],
    cwd: o.root,
    env: { ...process.env, NODE_NO_WARNINGS: '1', MODULO_DEVNET: o.marker },
    logFile: o.logFile,
  });
  const rpc = jsonRpc(url);
  try {
    await child.until(`JSON-RPC at ${url}`, async () => (await rpc<string>('eth_chainId')) !== undefined, 120_000, 250);
  } catch (error) {
    child.kill();
    throw error;
  }
  return { url, rpc, child };
}
