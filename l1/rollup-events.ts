import type { Result } from 'ethers';
import { TxType } from '../core/constants.js';
import { ModuloError } from '../core/errors.js';
import type { L1Tx } from '../core/tx.js';
import { rollupInterface } from './rollup-abi.js';

/**
 * One decoder per Rollup event that TypeScript reads (contracts/interfaces/ declares them), shared by the
 * sequencer's watcher, the auditor, the wallet and the deployment. A decoder takes a log as eth_getLogs or a
 * receipt gives it and returns the event's fields as core types; where the log was seen (block, tx) stays
 * with the caller.
 */
export interface RollupLog {
  readonly topics: ReadonlyArray<string>;
  readonly data: string;
}

export type RollupEventName = 'L1TxQueued' | 'BatchCommitted' | 'BatchesCommitted' | 'BatchFinalized' | 'BatchReverted' | 'Claimed' | 'TokenRegistered';

/** topic0 of `name`: what eth_getLogs filters on. */
export function rollupEventTopic(name: RollupEventName): string {
  return rollupInterface.getEvent(name)!.topicHash;
}

/** The name of the Rollup event `log` is, or null when it is none (another contract's log). */
export function rollupEventName(log: RollupLog): string | null {
  return log.topics.length === 0 ? null : (rollupInterface.getEvent(log.topics[0]!)?.name ?? null);
}

function decode(name: RollupEventName, log: RollupLog): Result {
  const event = rollupInterface.getEvent(name)!;
  if (log.topics[0] !== event.topicHash) throw new ModuloError('L1_MISMATCH', `the log is ${rollupEventName(log) ?? 'not a Rollup event'}, not ${name}`, { topic: log.topics[0] ?? null });
  try {
    return rollupInterface.decodeEventLog(event, log.data, log.topics);
  } catch (error) {
    throw new ModuloError('L1_MISMATCH', `a ${name} log that does not decode: ${(error as Error).message}`);
  }
}

const num = (r: Result, key: string): number => Number(r.getValue(key) as bigint);
const big = (r: Result, key: string): bigint => BigInt(r.getValue(key) as bigint | string);

/** L1TxQueued: the tx, its place in the queue and the chain after it. */
export interface L1TxQueuedEvent {
  readonly queueIndex: number;
  readonly tx: L1Tx;
  /** l1QueueHash[queueIndex + 1] as the contract computed it. */
  readonly l1QueueHash: bigint;
}

export function decodeL1TxQueued(log: RollupLog): L1TxQueuedEvent {
  const r = decode('L1TxQueued', log);
  const txType = num(r, 'txType');
  if (txType !== TxType.DEPOSIT && txType !== TxType.FORCED_EXIT) throw new ModuloError('L1_MISMATCH', `L1TxQueued with txType ${txType}`, { txType });
  return {
    queueIndex: num(r, 'queueIndex'),
    tx: { txType, idx: num(r, 'idx'), tokenId: big(r, 'tokenId'), amount: big(r, 'amount'), ethAddr: big(r, 'ethAddr'), ax: big(r, 'ax'), ay: big(r, 'ay') },
    l1QueueHash: big(r, 'l1QueueHash'),
  };
}

export interface BatchCommittedEvent {
  readonly batchNumber: number;
  readonly circuitId: number;
  readonly newStateRoot: bigint;
  readonly l1QueueStart: number;
  readonly l1QueueEnd: number;
  readonly publicInputHash: bigint;
}

export function decodeBatchCommitted(log: RollupLog): BatchCommittedEvent {
  const r = decode('BatchCommitted', log);
  return {
    batchNumber: num(r, 'batchNumber'),
    circuitId: num(r, 'circuitId'),
    newStateRoot: big(r, 'newStateRoot'),
    l1QueueStart: num(r, 'l1QueueStart'),
    l1QueueEnd: num(r, 'l1QueueEnd'),
    publicInputHash: big(r, 'publicInputHash'),
  };
}

/** commitAndProveBatches' one event: where its batches start (the rest, public inputs aside, is its calldata). */
export interface BatchesCommittedEvent {
  readonly firstBatch: number;
  readonly l1QueueStart: number;
}

export function decodeBatchesCommitted(log: RollupLog): BatchesCommittedEvent {
  const r = decode('BatchesCommitted', log);
  return {
    firstBatch: num(r, 'firstBatch'),
    l1QueueStart: num(r, 'l1QueueStart'),
  };
}

export interface BatchFinalizedEvent {
  readonly batchNumber: number;
  readonly stateRoot: bigint;
  readonly l1QueueEnd: number;
}

export function decodeBatchFinalized(log: RollupLog): BatchFinalizedEvent {
  const r = decode('BatchFinalized', log);
  return { batchNumber: num(r, 'batchNumber'), stateRoot: big(r, 'stateRoot'), l1QueueEnd: num(r, 'l1QueueEnd') };
}

export interface BatchRevertedEvent {
  readonly batchNumber: number;
}

export function decodeBatchReverted(log: RollupLog): BatchRevertedEvent {
  return { batchNumber: num(decode('BatchReverted', log), 'batchNumber') };
}

export interface ClaimedEvent {
  /** Checksummed. */
  readonly ethAddr: string;
  readonly tokenId: number;
  readonly amount: bigint;
  /** Who was paid (claimTo), checksummed. */
  readonly recipient: string;
}

export function decodeClaimed(log: RollupLog): ClaimedEvent {
  const r = decode('Claimed', log);
  return { ethAddr: r.getValue('ethAddr') as string, tokenId: num(r, 'tokenId'), amount: big(r, 'amount'), recipient: r.getValue('recipient') as string };
}

export interface TokenRegisteredEvent {
  readonly tokenId: number;
  /** Checksummed. */
  readonly token: string;
}

export function decodeTokenRegistered(log: RollupLog): TokenRegisteredEvent {
  const r = decode('TokenRegistered', log);
  return { tokenId: num(r, 'tokenId'), token: r.getValue('token') as string };
}
