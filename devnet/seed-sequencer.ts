import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import type { CircuitName } from '../core/circuits.js';
import { TxType } from '../core/constants.js';
import { derivePublicKey } from '../core/eddsa.js';
import { nextL1QueueHash } from '../core/l1-queue.js';
import type { L1Tx } from '../core/tx.js';
import { configFrom } from '../sequencer/config.js';
import { SequencerNode } from '../sequencer/node.js';
import type { StoredL1Tx } from '../sequencer/store/l1-store.js';
import { DEVNET_CHAIN_ID } from './l1-node.js';

export interface SealedBatch {
  readonly batchNumber: number;
  readonly publicInputHash: string;
  readonly input: Record<string, unknown>;
}

export interface SeedOptions {
  /** circuits.json entry the deployment uses: every batch is sealed for it. */
  readonly circuit: CircuitName;
  readonly batches: number;
  readonly port: number;
  readonly leaseMs: number;
  /** Where the sequencer serves artifacts from (the repository's build/circuits). */
  readonly artifactsDir: string;
  readonly workerToken?: string;
}

export interface SeededSequencer {
  readonly dataDir: string;
  /** The config file for `sequencer/main.ts` (MODULO_SEQUENCER_CONFIG). */
  readonly configPath: string;
  readonly config: Record<string, unknown>;
  readonly batches: readonly SealedBatch[];
}

/** A rollup address no deployment has: the seeded sequencer has no L1. */
const NO_ROLLUP = '0x5fbdb2315678afecb367f032d93f642f64180aa3';

/**
 * A sequencer data folder in `dir` with `batches` sealed batches and their prover jobs queued, and the
 * config to run the real sequencer process on it without L1 (prover benches and tests): each batch holds
 * one deposit, queued as the L1 watcher would queue it and sealed by the sequencer's own batcher. Batch
 * inputs are returned so that callers can compare or misuse them.
 */
export async function seedSequencer(dir: string, o: SeedOptions): Promise<SeededSequencer> {
  const dataDir = join(dir, 'data');
  const config: Record<string, unknown> = {
    // Without a token the job API is open: allowed on the devnet's terms only.
    devnet: o.workerToken === undefined,
    dataDir,
    domain: { chainId: String(DEVNET_CHAIN_ID), rollupAddress: NO_ROLLUP },
    deploymentCircuit: o.circuit,
    http: { host: '127.0.0.1', port: o.port, rateLimit: null, logLevel: 'info' },
    batch: { maxWaitMs: 60_000, maxUnproven: 1000, tickMs: 100 },
    mempool: { verifyWorkers: 0 },
    prover: { leaseMs: o.leaseMs, artifactsDir: o.artifactsDir, ...(o.workerToken ? { workerToken: o.workerToken } : {}) },
  };
  const node = new SequencerNode(configFrom(config), { logger: pino({ level: 'silent' }) });
  const batches: SealedBatch[] = [];
  try {
    for (let n = 1; n <= o.batches; n++) {
      queueL1(node, [deposit(n, BigInt(n) * 10n ** 18n)], n);
      const sealed = node.batcher.seal();
      if (sealed === null) throw new Error(`batch ${n} was not sealed`);
      const record = node.store.batches.get(sealed.batchNumber)!;
      batches.push({
        batchNumber: sealed.batchNumber,
        publicInputHash: record.publicInputHash,
        input: JSON.parse(node.store.batches.circuitInputJson(sealed.batchNumber)!) as Record<string, unknown>,
      });
    }
  } finally {
    await node.close();
  }
  const configPath = join(dir, 'sequencer.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dataDir, configPath, config, batches };
}

/** A deposit that creates account `idx` with a key of its own. */
function deposit(idx: number, amount: bigint): L1Tx {
  const { ax, ay } = derivePublicKey(new Uint8Array(32).fill(100 + idx));
  return { txType: TxType.DEPOSIT, idx, tokenId: 0n, amount, ethAddr: 0x1000n + BigInt(100 + idx), ax, ay };
}

/** Queues L1 txs as the L1 watcher would: stored with their queue hashes, then handed to the mempool. */
export function queueL1(node: SequencerNode, txs: readonly L1Tx[], blockNumber = 1): StoredL1Tx[] {
  const start = node.store.l1.length();
  let hash = node.store.l1.hashBefore(start);
  const entries = txs.map((tx, i) => {
    hash = nextL1QueueHash(hash, tx);
    return { queueIndex: start + i, tx, queueHash: hash, blockNumber, blockHash: `0x${blockNumber.toString(16).padStart(64, '0')}`, l1TxHash: `0x${(start + i + 1).toString(16).padStart(64, '0')}` };
  });
  node.store.l1.insert(entries);
  const stored = entries.map((e) => ({ ...e, batchNumber: null }));
  node.mempool.addL1Txs(stored);
  return stored;
}
