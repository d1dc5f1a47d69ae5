import { beforeEach, describe, expect, test } from 'vitest';
import type { Contract } from 'ethers';
import { toHex } from '../../core/bits.js';
import type { Batch } from '../../core/build-batch.js';
import { FIELD_MODULUS } from '../../core/field.js';
import { l1QueueHashes } from '../../core/l1-queue.js';
import { publicInputHash } from '../../core/public-input.js';
import { encodeWithdrawals } from '../../core/withdrawals.js';
import { signed, user } from '../fixtures/rollup.js';
import {
  commitArgs, CoreMirror, emptyRoot, ETH, expectRevert, forcedExitArgs, freshRollupEachTest, queuedL1Txs, type Deployment,
} from './helpers.js';

const alice = user(1);
const bob = user(2);
const carol = user(3);
const ONE = 10n ** 18n;
const PROOF = { a: [1n, 2n], b: [[3n, 4n], [5n, 6n]], c: [7n, 8n] };

let d: Deployment;
let rollup: Contract;

freshRollupEachTest({}, async (deployed) => {
  d = deployed;
  rollup = d.rollup;
});

const asSequencer = () => rollup.connect(d.signers.sequencer);
const commit = (...args: unknown[]) => asSequencer().getFunction('commitBatch')(...args);

/** alice #1 (1 ETH), bob #2 (0.5 ETH), carol #3 (the operator's ETH fee account) queued on L1. */
async function depositAll(): Promise<void> {
  await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, ONE, alice.ax, alice.ay, { value: ONE })).wait();
  await (await rollup.connect(d.signers.bob).getFunction('deposit')(ETH, ONE / 2n, bob.ax, bob.ay, { value: ONE / 2n })).wait();
  await (await rollup.connect(d.signers.carol).getFunction('deposit')(ETH, 0n, carol.ax, carol.ay)).wait();
}

/** Batch 2's L2 txs: alice pays bob 0.1 ETH (fee 10^14 to carol), bob withdraws 0.05 ETH. */
function transfers() {
  return [
    signed(alice, { fromIdx: 1, toIdx: 2, amount: ONE / 10n, fee: 10n ** 14n, nonce: 0n, tokenId: 0n }, d.domain),
    signed(bob, { fromIdx: 2, toIdx: 0, amount: ONE / 20n, fee: 0n, nonce: 0n, tokenId: 0n }, d.domain),
  ];
}

async function expectStored(n: bigint, batch: Batch): Promise<void> {
  expect(await rollup.batchCommitment!(n)).toBe(batch.publicInputHash);
  const stored = await rollup.batch!(n);
  expect(stored.newStateRoot).toBe(batch.newStateRoot);
  expect(await rollup.l1QueueHash!(stored.l1QueueEnd)).toBe(batch.l1QueueEndHash);
}

describe('commitBatch stores the public input core computes', () => {
  test('a batch of deposits: commitment, root, queue position and event', async () => {
    await depositAll();
    const mirror = new CoreMirror(d);
    const batch = await mirror.next();
    const receipt = await (await commit(...commitArgs(0, batch.commit))).wait();
    await expectStored(1n, batch);
    expect(await rollup.lastCommittedBatch!()).toBe(1n);
    expect(await rollup.lastCommittedStateRoot!()).toBe(batch.newStateRoot);
    expect(await rollup.lastFinalizedStateRoot!()).toBe(emptyRoot(d.depth));
    expect(await rollup.l1QueueCommitted!()).toBe(3n);
    const event = rollup.interface.parseLog(receipt!.logs[0]!)!;
    expect([event.name, ...event.args]).toEqual(['BatchCommitted', 1n, 0n, batch.newStateRoot, 0n, 3n, batch.publicInputHash]);
  });

  test('a batch of transfers and a withdrawal on top: the old root is the last committed root', async () => {
    await depositAll();
    const mirror = new CoreMirror(d);
    await mirror.commitNext();
    const batch = await mirror.next({ l2Txs: transfers(), feeIdx: [3] });
    expect(batch.withdrawals).toHaveLength(1);
    await (await commit(...commitArgs(0, batch.commit))).wait();
    await expectStored(2n, batch);
    expect((await rollup.batch!(2n)).withdrawalsKeccak).toBe(d.ethers.keccak256(batch.commit.withdrawals));
    expect((await rollup.batch!(1n)).withdrawalsKeccak).toBe(d.ethers.ZeroHash);
  });

  test.each([
    ['an empty batch', 0, 0],
    ['one L1 tx and a trailing NOOP', 1, 0],
    ['a full batch of L1 txs', 4, 0],
    ['L1 and L2 txs filling every slot', 2, 2],
    ['only L2 txs', 0, 2],
  ])('%s', async (_name, l1TxCount, l2Count) => {
    await depositAll();
    const mirror = new CoreMirror(d);
    // Batch 1 creates the accounts, so that batch 2 can carry L2 txs; four more L1 txs wait for batch 2.
    await mirror.commitNext();
    await (await rollup.connect(d.signers.bob).getFunction('forcedExit')(...(await forcedExitArgs(rollup, 2)))).wait();
    await (await rollup.connect(d.signers.alice).getFunction('depositTo')(1, ETH, 5n, { value: 5n })).wait();
    await (await rollup.connect(d.signers.alice).getFunction('forcedExit')(...(await forcedExitArgs(rollup, 1)))).wait();
    await (await rollup.connect(d.signers.bob).getFunction('depositTo')(2, ETH, 7n, { value: 7n })).wait();
    const batch = await mirror.next({ l1TxCount, l2Txs: transfers().slice(0, l2Count), feeIdx: [3, 0] });
    await (await commit(...commitArgs(0, batch.commit))).wait();
    await expectStored(2n, batch);
  });

  test('L1 queue data that does not match the chain gives another commitment than the one stored', async () => {
    await depositAll();
    const mirror = new CoreMirror(d);
    const honest = await mirror.next();
    await (await commit(...commitArgs(0, honest.commit))).wait();
    const queued = await queuedL1Txs(rollup);
    const forged = { ...queued[0]!, amount: queued[0]!.amount * 2n };
    const forgedHash = publicInputHash({ ...honest.statement, l1QueueEndHash: l1QueueHashes([forged, ...queued.slice(1)]).at(-1)! });
    expect(await rollup.batchCommitment!(1n)).toBe(honest.publicInputHash);
    expect(forgedHash).not.toBe(honest.publicInputHash);
  });
});

describe('commitBatch refuses', () => {
  let batch: Batch;
  beforeEach(async () => {
    await depositAll();
    batch = await new CoreMirror(d).next({ l1TxCount: 2 });
  });
  const args = (over: Partial<Record<'circuitId' | 'batchNumber' | 'newStateRoot' | 'l1TxCount' | 'feeIdx' | 'txData' | 'withdrawals', unknown>>) => {
    const [circuitId, batchNumber, newStateRoot, l1TxCount, feeIdx, txData, withdrawals] = commitArgs(0, batch.commit);
    const all = { circuitId, batchNumber, newStateRoot, l1TxCount, feeIdx, txData, withdrawals, ...over };
    return [all.circuitId, all.batchNumber, all.newStateRoot, all.l1TxCount, all.feeIdx, all.txData, all.withdrawals];
  };

  test('a caller without the sequencer role', async () => {
    await expectRevert(rollup.connect(d.signers.alice).getFunction('commitBatch')(...args({})), rollup, 'AccessControlUnauthorizedAccount', [d.signers.alice.address, await rollup.SEQUENCER_ROLE!()]);
  });

  test('a batch number that is not the next one, also a resent commit', async () => {
    await expectRevert(commit(...args({ batchNumber: 2n })), rollup, 'BatchNumberNotNext', [2n, 1n]);
    await (await commit(...args({}))).wait();
    await expectRevert(commit(...args({})), rollup, 'BatchNumberNotNext', [1n, 2n]);
  });

  test.each([
    ['an unknown circuit', { circuitId: 5 }, 'CircuitNotFound', [5n]],
    ['a root outside the field', { newStateRoot: FIELD_MODULUS }, 'StateRootNotInField', [FIELD_MODULUS]],
    ['more L1 txs than are pending', { l1TxCount: 4 }, 'L1TxCountTooLarge', [4n, 3n]],
    ['fee accounts that are not feeSlots', { feeIdx: [3] }, 'FeeSlotsMismatch', [1n, 2n]],
    ['tx data that is not whole slots', { txData: `0x${'01'.repeat(13)}` }, 'TxDataLengthInvalid', [13n]],
    ['more slots than the circuit has', { txData: `0x${'01'.repeat(36)}` }, 'BatchTooLarge', [2n, 3n, 4n]],
    ['withdrawals that are not whole records', { withdrawals: `0x${'01'.repeat(39)}` }, 'WithdrawalsLengthInvalid', [39n]],
    ['a withdrawal of nothing', { withdrawals: `0x${'01'.repeat(24)}${'00'.repeat(16)}` }, 'WithdrawalAmountZero', [0n]],
  ] as const)('%s', async (_name, over, error, values) => {
    await expectRevert(commit(...args(over)), rollup, error, values);
  });
});

describe('proveBatches of one proof refuses before asking the verifier', () => {
  test('a batch that is not the next to prove: n + 1 before n, or one never committed', async () => {
    await expectRevert(rollup.proveBatches!(1n, [PROOF], ['0x']), rollup, 'BatchNotNextToProve', [1n, 1n, 0n]);
    await depositAll();
    const mirror = new CoreMirror(d);
    await mirror.commitNext({ l1TxCount: 1 });
    await mirror.commitNext({ l1TxCount: 1 });
    await expectRevert(rollup.proveBatches!(2n, [PROOF], ['0x']), rollup, 'BatchNotNextToProve', [2n, 1n, 2n]);
    await expectRevert(rollup.proveBatches!(3n, [PROOF], ['0x']), rollup, 'BatchNotNextToProve', [3n, 1n, 2n]);
  });

  test('withdrawal records other than the committed ones', async () => {
    await depositAll();
    const mirror = new CoreMirror(d);
    await mirror.commitNext();
    const batch = await mirror.commitNext({ l2Txs: transfers(), feeIdx: [3] });
    // Batch 1 must be proven first; its records are none.
    const other = toHex(encodeWithdrawals([{ ethAddr: 1n, tokenId: 0n, amount: 1n }]));
    await expectRevert(rollup.proveBatches!(1n, [PROOF], [other]), rollup, 'WithdrawalsMismatch', [1n, d.ethers.keccak256(other), d.ethers.ZeroHash]);
    expect(batch.commit.withdrawals.length).toBe(40);
  });

  test('a proof the verifier rejects', async () => {
    await depositAll();
    await new CoreMirror(d).commitNext();
    await expectRevert(rollup.proveBatches!(1n, [PROOF], ['0x']), rollup, 'InvalidProof', [1n]);
    expect(await rollup.lastFinalizedBatch!()).toBe(0n);
  });
});

describe('revertBatches', () => {
  test('drops unproven batches newest first and rewinds the commit base', async () => {
    await depositAll();
    const mirror = new CoreMirror(d);
    const first = await mirror.next({ l1TxCount: 2 });
    await (await commit(...commitArgs(0, first.commit))).wait();
    mirror.accept(first);
    await mirror.commitNext();
    const receipt = await (await rollup.connect(d.signers.operator).getFunction('revertBatches')(0n)).wait();
    const events = receipt!.logs.map((l: Parameters<typeof rollup.interface.parseLog>[0]) => rollup.interface.parseLog(l)!);
    expect(events.map((e: { name: string; args: unknown[] }) => [e.name, ...e.args])).toEqual([['BatchReverted', 2n], ['BatchReverted', 1n]]);
    expect(await rollup.lastCommittedBatch!()).toBe(0n);
    expect(await rollup.l1QueueCommitted!()).toBe(0n);
    expect(await rollup.lastCommittedStateRoot!()).toBe(emptyRoot(d.depth));
    expect(await rollup.batchCommitment!(2n)).toBe(0n);
    // The same batch 1 commits again, to the same commitment.
    await (await commit(...commitArgs(0, first.commit))).wait();
    expect(await rollup.batchCommitment!(1n)).toBe(first.publicInputHash);
  });

  test('reverting to a batch keeps it and its queue position', async () => {
    await depositAll();
    const mirror = new CoreMirror(d);
    const first = await mirror.commitNext({ l1TxCount: 2 });
    await mirror.commitNext();
    await (await rollup.connect(d.signers.operator).getFunction('revertBatches')(1n)).wait();
    expect(await rollup.lastCommittedBatch!()).toBe(1n);
    expect(await rollup.l1QueueCommitted!()).toBe(2n);
    expect(await rollup.lastCommittedStateRoot!()).toBe(first.newStateRoot);
  });

  test('refuses a target that is not an unproven batch, and callers without the operator role', async () => {
    await expectRevert(rollup.connect(d.signers.operator).getFunction('revertBatches')(0n), rollup, 'RevertTargetInvalid', [0n, 0n, 0n]);
    await depositAll();
    await new CoreMirror(d).commitNext();
    await expectRevert(rollup.connect(d.signers.operator).getFunction('revertBatches')(1n), rollup, 'RevertTargetInvalid', [1n, 0n, 1n]);
    await expectRevert(rollup.connect(d.signers.sequencer).getFunction('revertBatches')(0n), rollup, 'AccessControlUnauthorizedAccount', [d.signers.sequencer.address, await rollup.OPERATOR_ROLE!()]);
  });
});
