import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';

/** Where a devnet keeps its files (docs/operations.md): everything under one directory, data/devnet by default. */
export interface DevnetLayout {
  readonly dir: string;
  /** What was deployed and with which build (devnet-state.ts). */
  readonly stateFile: string;
  /** Endpoints for the wallet commands (wallet/network.ts reads it). */
  readonly networkFile: string;
  readonly chainDir: string;
  /**
   * The Hardhat config of the L1 node (its genesis date, mining), regenerated on every start. It lives in
   * the repository's .cache/, not in the data directory: Hardhat refuses a config outside the project
   * that has it installed (HHE22), and the data directory may be anywhere.
   */
  readonly hardhatConfig: string;
  readonly genesisFile: string;
  /** Every block, as raw txs and timestamps, to replay the chain on the next start. */
  readonly journal: string;
  readonly sequencerConfig: string;
  readonly sequencerData: string;
  readonly proverWork: string;
  readonly logsDir: string;
  /** Ids of the processes a running devnet started (to clean up after a crash). */
  readonly pidsFile: string;
}

export function devnetLayout(dir: string, root: string): DevnetLayout {
  const id = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 12);
  return {
    dir,
    stateFile: join(dir, 'devnet.json'),
    networkFile: join(dir, 'network.json'),
    chainDir: join(dir, 'chain'),
    hardhatConfig: join(root, '.cache', 'devnet', id, 'hardhat.config.mjs'),
    genesisFile: join(dir, 'chain', 'genesis.json'),
    journal: join(dir, 'chain', 'blocks.jsonl'),
    sequencerConfig: join(dir, 'sequencer', 'config.json'),
    sequencerData: join(dir, 'sequencer', 'db'),
    proverWork: join(dir, 'prover'),
    logsDir: join(dir, 'logs'),
    pidsFile: join(dir, 'pids.json'),
  };
}
