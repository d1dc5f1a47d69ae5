import { Interface, type Contract, type TransactionReceipt } from 'ethers';
import { beforeAll, describe, expect, test } from 'vitest';
import { TxType } from '../../core/constants.js';
import { l1QueueHashes } from '../../core/l1-queue.js';
import { ERC20_ABI, rollupInterface } from '../../l1/rollup-abi.js';
import {
  decodeBatchCommitted, decodeBatchFinalized, decodeBatchReverted, decodeClaimed, decodeL1TxQueued, decodeTokenRegistered,
  rollupEventName, rollupEventTopic, type RollupEventName, type RollupLog,
} from '../../l1/rollup-events.js';
import { buildContracts, commitArgs, connect, CoreMirror, deployRollup, depositL1Tx, ETH, type Deployment } from '../contracts/helpers.js';
import { user } from '../fixtures/rollup.js';

const ALICE = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65';
const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

function log(name: RollupEventName, values: readonly unknown[]): RollupLog {
  return rollupInterface.encodeEventLog(name, values);
}

function errorCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('the event decoders', () => {
  test.each([
    ['L1TxQueued', decodeL1TxQueued, [7n, TxType.DEPOSIT, 3, 2, 5n * 10n ** 17n, ALICE, 11n, 12n, 99n], {
      queueIndex: 7,
      tx: { txType: TxType.DEPOSIT, idx: 3, tokenId: 2n, amount: 5n * 10n ** 17n, ethAddr: BigInt(ALICE), ax: 11n, ay: 12n },
      l1QueueHash: 99n,
    }],
    ['BatchCommitted', decodeBatchCommitted, [4n, 1, 123n, 2n, 6n, 456n], { batchNumber: 4, circuitId: 1, newStateRoot: 123n, l1QueueStart: 2, l1QueueEnd: 6, publicInputHash: 456n }],
    ['BatchFinalized', decodeBatchFinalized, [4n, 123n, 6n], { batchNumber: 4, stateRoot: 123n, l1QueueEnd: 6 }],
    ['BatchReverted', decodeBatchReverted, [4n], { batchNumber: 4 }],
    ['Claimed', decodeClaimed, [ALICE, 2, 10n ** 18n, TOKEN], { ethAddr: ALICE, tokenId: 2, amount: 10n ** 18n, recipient: TOKEN }],
    ['TokenRegistered', decodeTokenRegistered, [1, TOKEN], { tokenId: 1, token: TOKEN }],
  ] as const)('%s decodes into its fields', (name, decode, values, expected) => {
    const encoded = log(name, values);
    expect(rollupEventName(encoded)).toBe(name);
    expect(encoded.topics[0]).toBe(rollupEventTopic(name));
    expect((decode as (l: RollupLog) => unknown)(encoded)).toEqual(expected);
  });

  test('refuses a log of another event', () => {
    expect(errorCode(() => decodeL1TxQueued(log('BatchReverted', [1n])))).toBe('L1_MISMATCH');
  });

  test('refuses an L1 tx type the protocol does not have', () => {
    expect(errorCode(() => decodeL1TxQueued(log('L1TxQueued', [0n, 7, 1, 0, 1n, ALICE, 0n, 0n, 1n])))).toBe('L1_MISMATCH');
  });

  test('names no Rollup event for another contract\'s log', () => {
    const transfer = new Interface(ERC20_ABI).encodeEventLog('Transfer', [ALICE, TOKEN, 1n]);
    expect(rollupEventName(transfer)).toBeNull();
    expect(rollupEventName({ topics: [], data: '0x' })).toBeNull();
  });
});

describe('the event decoders on the in-process Hardhat network', () => {
  let d: Deployment;
  let rollup: Contract;
  const alice = user(1);

  beforeAll(async () => {
    await buildContracts();
    d = await deployRollup(await connect());
    rollup = d.rollup;
  });

  const logOf = (receipt: TransactionReceipt | null, name: RollupEventName): RollupLog => receipt!.logs.find((l) => rollupEventName(l) === name)!;

  test('read a deposit, its commit and the commit\'s revert as core computes them', async () => {
    const amount = 10n ** 18n;
    const sent = await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, amount, alice.ax, alice.ay, { value: amount });
    const queued = decodeL1TxQueued(logOf(await sent.wait(), 'L1TxQueued'));
    const tx = depositL1Tx(d.signers.alice.address, 1, ETH, amount, alice.ax, alice.ay);
    expect(queued).toEqual({ queueIndex: 0, tx, l1QueueHash: l1QueueHashes([tx])[0] });

    const batch = await new CoreMirror(d).next();
    const commit = await rollup.connect(d.signers.sequencer).getFunction('commitBatch')(...commitArgs(0, batch.commit));
    expect(decodeBatchCommitted(logOf(await commit.wait(), 'BatchCommitted'))).toEqual({
      batchNumber: 1, circuitId: 0, newStateRoot: batch.commit.newStateRoot, l1QueueStart: 0, l1QueueEnd: 1, publicInputHash: batch.publicInputHash,
    });

    const reverted = await rollup.connect(d.signers.operator).getFunction('revertBatches')(0n);
    expect(decodeBatchReverted(logOf(await reverted.wait(), 'BatchReverted'))).toEqual({ batchNumber: 1 });
  });
});
