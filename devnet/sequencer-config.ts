import { join } from 'node:path';
import { DEVNET_ROLES } from './accounts.js';
import type { DevnetState } from './devnet-state.js';
import type { DevnetLayout } from './layout.js';

/**
 * The devnet's sequencer configuration (sequencer/config.ts): 0 confirmations (the devnet's node mines a
 * block per tx and never reorganizes), one unproven batch at a time (with one prover, the next batch grows
 * while the current one is proven), fees to the operator's accounts, and the worker token made for this
 * run (its prover gets it too; another prover can read it here).
 */
export function devnetSequencerConfig(o: { root: string; layout: DevnetLayout; state: DevnetState; rpcUrl: string; port: number; workerToken: string }): Record<string, unknown> {
  return {
    devnet: true,
    dataDir: o.layout.sequencerData,
    domain: { chainId: String(o.state.chainId), rollupAddress: o.state.rollupAddress },
    deploymentCircuit: o.state.circuit,
    fees: o.state.feeAccounts.map((f) => ({ tokenId: String(f.tokenId), idx: f.idx, minFee: f.minFee })),
    http: { host: '127.0.0.1', port: o.port, rateLimit: null, logLevel: 'info' },
    batch: { maxWaitMs: 2_000, maxUnproven: 1, tickMs: 200 },
    prover: { artifactsDir: join(o.root, 'build', 'circuits'), workerToken: o.workerToken },
    l1: {
      rpcUrl: o.rpcUrl,
      privateKey: DEVNET_ROLES.sequencer,
      confirmations: 0,
      pollMs: 500,
      startBlock: o.state.deployBlock,
    },
  };
}
