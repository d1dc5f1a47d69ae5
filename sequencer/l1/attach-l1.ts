import type { L1Config } from '../config.js';
import type { SequencerNode } from '../node.js';
import type { L1Client } from './l1-client.js';
import { L1Runtime } from './l1-runtime.js';
import { L1Submitter } from './submitter.js';
import { L1Watcher } from './watcher.js';

export type L1Settings = Pick<L1Config, 'confirmations' | 'pollMs' | 'startBlock' | 'maxBlockRange' | 'bumpAfterMs' | 'bumpPercent' | 'maxFeePerGas'>
  & Partial<Pick<L1Config, 'maxBatchesPerSettlement' | 'maxSettlementWaitMs' | 'settlementMode'>>;

export interface AttachedL1 {
  readonly watcher: L1Watcher;
  readonly submitter: L1Submitter;
  readonly runtime: L1Runtime;
}

/** Wires a watcher and a submitter on `client` to the node: sealed and proven batches kick the submitter. */
export function attachL1(node: SequencerNode, client: L1Client, settings: L1Settings, clock?: () => number): AttachedL1 {
  const log = node.log.child({ component: 'l1' });
  const watcher = new L1Watcher({
    client,
    store: node.store,
    mempool: node.mempool,
    confirmations: settings.confirmations,
    startBlock: settings.startBlock,
    maxBlockRange: settings.maxBlockRange,
    log,
    ...(clock ? { clock } : {}),
    onReorg: () => node.metrics.l1Reorgs.inc(),
    onL1Txs: () => node.kick(),
  });
  const submitter = new L1Submitter({
    client,
    store: node.store,
    confirmations: settings.confirmations,
    bumpAfterMs: settings.bumpAfterMs,
    bumpPercent: settings.bumpPercent,
    maxFeePerGas: settings.maxFeePerGas,
    ...(settings.maxBatchesPerSettlement === undefined ? {} : { maxBatchesPerSettlement: settings.maxBatchesPerSettlement }),
    ...(settings.maxSettlementWaitMs === undefined ? {} : { maxSettlementWaitMs: settings.maxSettlementWaitMs }),
    ...(settings.settlementMode === undefined ? {} : { settlementMode: settings.settlementMode }),
    log,
    ...(clock ? { clock } : {}),
    onSend: (kind, how) => node.metrics.l1Sends.inc({ kind, how }),
  });
  const runtime = new L1Runtime(watcher, submitter, settings.pollMs, log);
  node.onSealed(() => runtime.kick());
  node.jobs.onProven(() => runtime.kick());
  return { watcher, submitter, runtime };
}
