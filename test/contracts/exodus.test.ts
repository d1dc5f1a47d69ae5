import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Contract } from 'ethers';
import { accountLeafHash, type AccountLeaf } from '../../core/account.js';
import { FIELD_MODULUS } from '../../core/field.js';
import { l1QueueHashes, nextL1QueueHash } from '../../core/l1-queue.js';
import { RollupState } from '../../core/rollup-state.js';
import { computeRoot } from '../../core/state-tree.js';
import { user } from '../fixtures/rollup.js';
import {
  addressOf, buildContracts, commitArgs, connect, CoreMirror, DAY, deployRollup, ETH, expectRevert, forcedExitArgs, freshRollupEachTest,
  increaseTime, l1TxStruct, queuedL1Txs, snapshot, TEST_CIRCUIT, type Deployment,
} from './helpers.js';

const alice = user(1);
const bob = user(2);
const ONE = 10n ** 18n;

/** AccountLeaf as the contract's IExodus.AccountLeaf struct. */
function leafStruct(leaf: AccountLeaf): Record<string, unknown> {
  return { ...leaf, ethAddr: addressOf(leaf.ethAddr) };
}

describe('activateExodus', () => {
  let d: Deployment;
  let rollup: Contract;
  freshRollupEachTest({ forceDeadline: DAY }, async (deployed) => {
    d = deployed;
    rollup = d.rollup;
  });

  test('refuses while nothing is pending and before the oldest pending tx is overdue', async () => {
    await expectRevert(rollup.activateExodus!(), rollup, 'NoPendingL1Tx', []);
    const receipt = await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n })).wait();
    const queuedAt = BigInt((await d.ethers.provider.getBlock(receipt!.blockNumber))!.timestamp);
    const deadline = queuedAt + BigInt(DAY);
    // A block at the deadline itself is still in time; the next second is not.
    await d.ethers.provider.send('evm_setNextBlockTimestamp', [Number(deadline)]);
    await expectRevert(rollup.activateExodus!(), rollup, 'ExodusNotDue', [0n, queuedAt, deadline]);
    await d.ethers.provider.send('evm_mine', []);
    await (await rollup.activateExodus!()).wait();
    expect(await rollup.exodusActive!()).toBe(true);
  });

  test('measures from the oldest tx no finalized batch consumed, even if a commit consumed it', async () => {
    await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n })).wait();
    await new CoreMirror(d).commitNext();
    await increaseTime(d.ethers, DAY + 1);
    const receipt = await (await rollup.connect(d.signers.bob).getFunction('activateExodus')()).wait();
    const event = rollup.interface.parseLog(receipt!.logs[0]!)!;
    expect(event.name).toBe('ExodusActivated');
    expect([event.args[0], event.args[2], event.args[3]]).toEqual([0n, 0n, await rollup.lastFinalizedStateRoot!()]);
  });

  test('then no L1 tx, commit, proof or revert is accepted, and exodus cannot start twice', async () => {
    await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n })).wait();
    const mirror = new CoreMirror(d);
    await mirror.commitNext();
    await (await rollup.connect(d.signers.alice).getFunction('forcedExit')(...(await forcedExitArgs(rollup, 1)))).wait();
    const next = await mirror.next();
    await increaseTime(d.ethers, DAY + 1);
    await (await rollup.activateExodus!()).wait();
    const asAlice = rollup.connect(d.signers.alice);
    await expectRevert(rollup.activateExodus!(), rollup, 'ExodusActive', []);
    await expectRevert(asAlice.getFunction('deposit')(ETH, 1n, alice.ax, alice.ay, { value: 1n }), rollup, 'ExodusActive', []);
    await expectRevert(asAlice.getFunction('depositTo')(1, ETH, 1n, { value: 1n }), rollup, 'ExodusActive', []);
    await expectRevert(asAlice.getFunction('forcedExit')(...(await forcedExitArgs(rollup, 1))), rollup, 'ExodusActive', []);
    await expectRevert(rollup.connect(d.signers.sequencer).getFunction('commitBatch')(...commitArgs(0, next.commit)), rollup, 'ExodusActive', []);
    await expectRevert(rollup.proveBatches!(1n, [{ a: [0n, 0n], b: [[0n, 0n], [0n, 0n]], c: [0n, 0n] }], ['0x']), rollup, 'ExodusActive', []);
    await expectRevert(rollup.connect(d.signers.operator).getFunction('revertBatches')(0n), rollup, 'ExodusActive', []);
  });
});

describe('refundDeposit', () => {
  let d: Deployment;
  let rollup: Contract;
  freshRollupEachTest({}, async (deployed) => {
    d = deployed;
    rollup = d.rollup;
    await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, ONE, alice.ax, alice.ay, { value: ONE })).wait();
    await (await rollup.connect(d.signers.bob).getFunction('depositTo')(1, ETH, 5n, { value: 5n })).wait();
    await (await rollup.connect(d.signers.alice).getFunction('forcedExit')(...(await forcedExitArgs(rollup, 1)))).wait();
    // Batch 1 consumes the first deposit but is never proven: it is void in exodus.
    await new CoreMirror(d).commitNext({ l1TxCount: 1 });
  });
  const activate = async () => {
    await increaseTime(d.ethers, DAY + 1);
    await (await rollup.activateExodus!()).wait();
  };

  test('is only possible in exodus', async () => {
    const [tx] = await queuedL1Txs(rollup);
    await expectRevert(rollup.refundDeposit!(0, l1TxStruct(tx!)), rollup, 'ExodusNotActive', []);
  });

  test('credits each unfinalized deposit to its depositor, once', async () => {
    await activate();
    const txs = await queuedL1Txs(rollup);
    for (const [i, tx] of txs.slice(0, 2).entries()) {
      const receipt = await (await rollup.connect(d.signers.carol).getFunction('refundDeposit')(i, l1TxStruct(tx))).wait();
      const event = rollup.interface.parseLog(receipt!.logs[0]!)!;
      expect([event.name, ...event.args]).toEqual(['DepositRefunded', BigInt(i), addressOf(tx.ethAddr), 0n, tx.amount]);
      expect(await rollup.depositRefunded!(i)).toBe(true);
      await expectRevert(rollup.refundDeposit!(i, l1TxStruct(tx)), rollup, 'DepositAlreadyRefunded', [BigInt(i)]);
    }
    expect(await rollup.credit!(d.signers.alice.address, ETH)).toBe(ONE);
    expect(await rollup.credit!(d.signers.bob.address, ETH)).toBe(5n);
  });

  test('refuses fields that are not the queued ones', async () => {
    await activate();
    const [tx] = await queuedL1Txs(rollup);
    const forged = { ...tx!, amount: tx!.amount + 1n };
    const stored = l1QueueHashes([tx!])[0]!;
    await expectRevert(rollup.refundDeposit!(0, l1TxStruct(forged)), rollup, 'L1TxMismatch', [0n, nextL1QueueHash(0n, forged), stored]);
    const other = { ...tx!, ethAddr: BigInt(d.signers.bob.address) };
    await expectRevert(rollup.refundDeposit!(0, l1TxStruct(other)), rollup, 'L1TxMismatch', [0n, nextL1QueueHash(0n, other), stored]);
  });

  test('refuses a forced exit and a queue index past the end', async () => {
    await activate();
    const txs = await queuedL1Txs(rollup);
    await expectRevert(rollup.refundDeposit!(2, l1TxStruct(txs[2]!)), rollup, 'NotADeposit', [2n, 2n]);
    await expectRevert(rollup.refundDeposit!(3, l1TxStruct(txs[2]!)), rollup, 'L1TxNotPending', [3n, 0n, 3n]);
  });
});

describe('withdrawExodus', () => {
  // A deployment whose genesis state already holds accounts (built by core), so that the Merkle path is
  // checked against a non-empty last finalized root without a batch proof; test/contracts/prove.test.ts
  // runs the same exit after a proven batch.
  const genesis = new RollupState(TEST_CIRCUIT.depth);
  let d: Deployment;
  let rollup: Contract;
  let restore: () => Promise<void>;
  let leaves: Map<number, AccountLeaf>;

  beforeAll(async () => {
    await buildContracts();
    const ethers = await connect();
    const [, , , , a, b] = await ethers.getSigners();
    leaves = new Map([
      [1, { tokenId: 0n, nonce: 3n, balance: ONE, ax: alice.ax, ay: alice.ay, ethAddr: BigInt(a!.address) }],
      [6, { tokenId: 0n, nonce: 0n, balance: 2n * ONE, ax: bob.ax, ay: bob.ay, ethAddr: BigInt(b!.address) }],
      [200, { tokenId: 0n, nonce: 0n, balance: 0n, ax: bob.ax, ay: bob.ay, ethAddr: BigInt(b!.address) }],
    ]);
    genesis.setAccounts([...leaves.entries()]);
    d = await deployRollup(ethers, { genesisStateRoot: genesis.root });
    rollup = d.rollup;
    await ethers.provider.send('hardhat_setBalance', [d.address, `0x${(10n * ONE).toString(16)}`]);
    await (await rollup.connect(d.signers.carol).getFunction('deposit')(ETH, 1n, bob.ax, bob.ay, { value: 1n })).wait();
    restore = await snapshot(d.ethers);
  });
  beforeEach(async () => {
    await restore();
  });
  const activate = async () => {
    await increaseTime(d.ethers, DAY + 1);
    await (await rollup.activateExodus!()).wait();
  };
  const proof = (idx: number) => genesis.prove(idx).siblings;

  test('is only possible in exodus', async () => {
    await expectRevert(rollup.withdrawExodus!(1, leafStruct(leaves.get(1)!), proof(1)), rollup, 'ExodusNotActive', []);
  });

  test('credits the leaf balance to its ethAddr by a proof from core, once per idx', async () => {
    await activate();
    expect(await rollup.lastFinalizedStateRoot!()).toBe(genesis.root);
    for (const idx of [1, 6]) {
      const leaf = leaves.get(idx)!;
      const receipt = await (await rollup.connect(d.signers.carol).getFunction('withdrawExodus')(idx, leafStruct(leaf), proof(idx))).wait();
      const event = rollup.interface.parseLog(receipt!.logs[0]!)!;
      expect([event.name, ...event.args]).toEqual(['ExodusWithdrawn', BigInt(idx), addressOf(leaf.ethAddr), 0n, leaf.balance]);
      expect(await rollup.credit!(addressOf(leaf.ethAddr), ETH)).toBe(leaf.balance);
      await expectRevert(rollup.withdrawExodus!(idx, leafStruct(leaf), proof(idx)), rollup, 'AccountAlreadyWithdrawn', [BigInt(idx)]);
    }
    const before = await d.ethers.provider.getBalance(d.address);
    await (await rollup.connect(d.signers.alice).getFunction('claim')(ETH)).wait();
    expect(before - (await d.ethers.provider.getBalance(d.address))).toBe(ONE);
  });

  test('refuses a leaf that is not in the last finalized root', async () => {
    await activate();
    const forged = { ...leaves.get(1)!, balance: 5n * ONE };
    const computed = computeRoot({ idx: 1, leaf: accountLeafHash(forged), siblings: proof(1) }, d.depth);
    await expectRevert(rollup.withdrawExodus!(1, leafStruct(forged), proof(1)), rollup, 'AccountProofInvalid', [1n, computed, genesis.root]);
    const elsewhere = computeRoot({ idx: 2, leaf: accountLeafHash(leaves.get(1)!), siblings: proof(1) }, d.depth);
    await expectRevert(rollup.withdrawExodus!(2, leafStruct(leaves.get(1)!), proof(1)), rollup, 'AccountProofInvalid', [2n, elsewhere, genesis.root]);
  });

  test('refuses malformed requests', async () => {
    await activate();
    const leaf = leafStruct(leaves.get(1)!);
    await expectRevert(rollup.withdrawExodus!(0, leaf, proof(1)), rollup, 'IdxOutOfRange', [0n, BigInt(d.depth)]);
    await expectRevert(rollup.withdrawExodus!(2 ** d.depth, leaf, proof(1)), rollup, 'IdxOutOfRange', [BigInt(2 ** d.depth), BigInt(d.depth)]);
    await expectRevert(rollup.withdrawExodus!(1, leaf, proof(1).slice(1)), rollup, 'ProofLengthMismatch', [BigInt(d.depth / 2 - 1), BigInt(d.depth / 2)]);
    await expectRevert(rollup.withdrawExodus!(1, { ...leaf, ax: FIELD_MODULUS }, proof(1)), rollup, 'NotInField', [FIELD_MODULUS]);
    await expectRevert(rollup.withdrawExodus!(200, leafStruct(leaves.get(200)!), proof(200)), rollup, 'AccountBalanceZero', [200n]);
  });
});
