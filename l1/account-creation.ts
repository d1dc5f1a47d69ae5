import type { Contract } from 'ethers';
import { TxType } from '../core/constants.js';
import { ModuloError } from '../core/errors.js';
import type { L1Tx } from '../core/tx.js';
import { decodeL1TxQueued } from './rollup-events.js';

/** The deposit that created an account: its place in the L1 queue and its fields as queued. */
export interface AccountCreation {
  readonly queueIndex: number;
  readonly tx: L1Tx;
}

const isCreation = (tx: L1Tx): boolean => tx.txType === TxType.DEPOSIT && (tx.ax !== 0n || tx.ay !== 0n);

/**
 * Finds the deposit that created account `idx` among the rollup's L1TxQueued events (filtered on the indexed idx):
 * the one deposit at `idx` that carries a key. Only `deposit` creates accounts, at a fresh idx with msg.sender as
 * the owner, so this entry is what `forcedExit` takes as proof of ownership (docs/protocol.md §10).
 */
export async function findAccountCreation(rollup: Contract, idx: number, fromBlock = 0): Promise<AccountCreation> {
  const logs = await rollup.queryFilter(rollup.filters.L1TxQueued!(null, null, idx), fromBlock);
  for (const log of logs) {
    const { queueIndex, tx } = decodeL1TxQueued(log);
    if (tx.idx === idx && isCreation(tx)) return { queueIndex, tx };
  }
  throw new ModuloError('NO_L2_ACCOUNT', `no deposit created account ${idx} (no L1TxQueued event with a key at that idx since block ${fromBlock})`, { idx });
}

/**
 * The accounts `ethAddr` created for the key (ax, ay), oldest first, from L1 alone (filtered on the indexed
 * ethAddr): what a wallet owns without asking the sequencer.
 */
export async function accountsCreatedBy(rollup: Contract, ethAddr: string, key: { ax: bigint; ay: bigint }, fromBlock = 0): Promise<AccountCreation[]> {
  const logs = await rollup.queryFilter(rollup.filters.L1TxQueued!(null, null, null, null, null, ethAddr), fromBlock);
  return logs
    .map((log) => decodeL1TxQueued(log))
    .filter(({ tx }) => isCreation(tx) && tx.ax === key.ax && tx.ay === key.ay)
    .sort((a, b) => a.queueIndex - b.queueIndex)
    .map(({ queueIndex, tx }) => ({ queueIndex, tx }));
}
