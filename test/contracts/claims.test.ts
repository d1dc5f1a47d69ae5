import { describe, expect, test } from 'vitest';
import type { Contract } from 'ethers';
import { user } from '../fixtures/rollup.js';
import {
  DAY, deployRollup, ETH, expectRevert, freshRollupEachTest, increaseTime, l1TxStruct, queuedL1Txs, type Deployment,
} from './helpers.js';

// Credits come from exodus refunds here (no proof needed); test/contracts/prove.test.ts credits them from a
// finalized batch. Either way `claim` is the only path money leaves by.

const alice = user(1);
const ONE = 10n ** 18n;
const MAL = 1;

let d: Deployment;
let rollup: Contract;
let malicious: Contract;
let receiver: Contract;

freshRollupEachTest({}, async (deployed) => {
  d = deployed;
  rollup = d.rollup;
  malicious = await d.ethers.deployContract('MaliciousERC20');
  await (await rollup.connect(d.signers.governance).getFunction('registerToken')(await malicious.getAddress())).wait();
  receiver = await d.ethers.deployContract('ReentrantReceiver', [d.address]);
  for (const s of [d.signers.alice, d.signers.bob]) {
    await (await malicious.getFunction('mint')(s.address, 1000n)).wait();
    await (await malicious.connect(s).getFunction('approve')(d.address, 1000n)).wait();
  }
  const asAlice = rollup.connect(d.signers.alice);
  await (await asAlice.getFunction('deposit')(ETH, ONE, alice.ax, alice.ay, { value: ONE })).wait();
  await (await asAlice.getFunction('deposit')(MAL, 300n, alice.ax, alice.ay)).wait();
  await (await rollup.connect(d.signers.bob).getFunction('deposit')(MAL, 200n, alice.ax, alice.ay)).wait();
  await (await rollup.connect(d.signers.bob).getFunction('deposit')(ETH, 2n * ONE, alice.ax, alice.ay, { value: 2n * ONE })).wait();
  await (await receiver.getFunction('deposit')(alice.ax, alice.ay, { value: 3n * ONE })).wait();
  await increaseTime(d.ethers, DAY + 1);
  await (await rollup.activateExodus!()).wait();
  for (const [i, tx] of (await queuedL1Txs(rollup)).entries()) {
    await (await rollup.refundDeposit!(i, l1TxStruct(tx))).wait();
  }
});

describe('claim', () => {
  test('pays the whole credit once; a second claim finds nothing', async () => {
    const asAlice = rollup.connect(d.signers.alice);
    const before = await d.ethers.provider.getBalance(d.address);
    const receipt = await (await asAlice.getFunction('claim')(ETH)).wait();
    const event = rollup.interface.parseLog(receipt!.logs[0]!)!;
    expect([event.name, ...event.args]).toEqual(['Claimed', d.signers.alice.address, 0n, ONE, d.signers.alice.address]);
    expect(before - (await d.ethers.provider.getBalance(d.address))).toBe(ONE);
    expect(await rollup.credit!(d.signers.alice.address, ETH)).toBe(0n);
    await expectRevert(asAlice.getFunction('claim')(ETH), rollup, 'NothingToClaim', [d.signers.alice.address, 0n]);
    await (await asAlice.getFunction('claim')(MAL)).wait();
    expect(await malicious.balanceOf!(d.signers.alice.address)).toBe(1000n);
    await expectRevert(asAlice.getFunction('claim')(MAL), rollup, 'NothingToClaim', [d.signers.alice.address, BigInt(MAL)]);
  });

  test('claimTo pays the credit to the recipient the owner names', async () => {
    const before = await d.ethers.provider.getBalance(d.signers.carol.address);
    const receipt = await (await rollup.connect(d.signers.bob).getFunction('claimTo')(ETH, d.signers.carol.address)).wait();
    const event = rollup.interface.parseLog(receipt!.logs[0]!)!;
    expect([event.name, ...event.args]).toEqual(['Claimed', d.signers.bob.address, 0n, 2n * ONE, d.signers.carol.address]);
    expect((await d.ethers.provider.getBalance(d.signers.carol.address)) - before).toBe(2n * ONE);
    expect(await rollup.credit!(d.signers.bob.address, ETH)).toBe(0n);
    await (await rollup.connect(d.signers.bob).getFunction('claimTo')(MAL, d.signers.carol.address)).wait();
    expect(await malicious.balanceOf!(d.signers.carol.address)).toBe(200n);
  });

  test('claimTo refuses the zero address', async () => {
    await expectRevert(rollup.connect(d.signers.bob).getFunction('claimTo')(ETH, d.ethers.ZeroAddress), rollup, 'RecipientZero', []);
  });

  test('a recipient that refuses ETH reverts the claim and the credit stays, to be claimed elsewhere', async () => {
    const refuser = await d.ethers.deployContract('EthRefuser');
    const asBob = rollup.connect(d.signers.bob);
    await expectRevert(asBob.getFunction('claimTo')(ETH, await refuser.getAddress()), refuser, 'EthRefused', []);
    expect(await rollup.credit!(d.signers.bob.address, ETH)).toBe(2n * ONE);
    expect(await rollup.bridgeBalance!(ETH)).toBe(6n * ONE);
    await (await asBob.getFunction('claimTo')(ETH, d.signers.carol.address)).wait();
    expect(await rollup.credit!(d.signers.bob.address, ETH)).toBe(0n);
  });

  test('what is paid out leaves the bridge\'s count of the token', async () => {
    expect([await rollup.bridgeBalance!(ETH), await rollup.bridgeBalance!(MAL)]).toEqual([6n * ONE, 500n]);
    await (await rollup.connect(d.signers.alice).getFunction('claim')(ETH)).wait();
    await (await rollup.connect(d.signers.bob).getFunction('claimTo')(MAL, d.signers.carol.address)).wait();
    expect([await rollup.bridgeBalance!(ETH), await rollup.bridgeBalance!(MAL)]).toEqual([5n * ONE, 300n]);
  });

  test('an address without credit gets nothing', async () => {
    await expectRevert(rollup.connect(d.signers.carol).getFunction('claim')(ETH), rollup, 'NothingToClaim', [d.signers.carol.address, 0n]);
  });

  test('a receiver that re-enters claim from receive() is paid once', async () => {
    const credit = await rollup.credit!(await receiver.getAddress(), ETH);
    expect(credit).toBe(3n * ONE);
    await (await receiver.getFunction('claim')(ETH)).wait();
    expect(await receiver.received!()).toBe(credit);
    expect(await receiver.payments!()).toBe(1n);
    expect(await receiver.reentrySucceeded!()).toBe(false);
    expect(rollup.interface.parseError(await receiver.reentryError!())?.name).toBe('ReentrancyGuardReentrantCall');
  });

  test('a receiver whose re-entry reverts the payment keeps its credit', async () => {
    await (await receiver.getFunction('setBubble')(true)).wait();
    await expectRevert(receiver.getFunction('claim')(ETH), rollup, 'ReentrancyGuardReentrantCall', []);
    expect(await rollup.credit!(await receiver.getAddress(), ETH)).toBe(3n * ONE);
  });

  test('a token that re-enters claim during its transfer pays once', async () => {
    await (await malicious.getFunction('setCallback')(d.address, rollup.interface.encodeFunctionData('claim', [MAL]))).wait();
    await (await rollup.connect(d.signers.alice).getFunction('claim')(MAL)).wait();
    expect(await malicious.balanceOf!(d.signers.alice.address)).toBe(1000n);
    expect(await malicious.balanceOf!(d.address)).toBe(200n);
    expect(await malicious.reentrySucceeded!()).toBe(false);
    expect(rollup.interface.parseError(await malicious.reentryError!())?.name).toBe('ReentrancyGuardReentrantCall');
  });

  test('a token that reverts blocks only claims of that token', async () => {
    await (await malicious.getFunction('setFrozen')(true)).wait();
    await expectRevert(rollup.connect(d.signers.alice).getFunction('claim')(MAL), malicious, 'TransfersFrozen', []);
    expect(await rollup.credit!(d.signers.alice.address, MAL)).toBe(300n);
    await (await rollup.connect(d.signers.alice).getFunction('claim')(ETH)).wait();
    await (await rollup.connect(d.signers.bob).getFunction('claim')(ETH)).wait();
    expect(await rollup.credit!(d.signers.bob.address, ETH)).toBe(0n);
    await (await malicious.getFunction('setFrozen')(false)).wait();
    await (await rollup.connect(d.signers.alice).getFunction('claim')(MAL)).wait();
    expect(await rollup.credit!(d.signers.alice.address, MAL)).toBe(0n);
  });
});

describe('deposit under re-entry', () => {
  test('a token that re-enters during transferFrom cannot queue a second L1 tx inside the first', async () => {
    const fresh = await deployRollup(d.ethers);
    const token = await d.ethers.deployContract('MaliciousERC20');
    await (await fresh.rollup.connect(d.signers.governance).getFunction('registerToken')(await token.getAddress())).wait();
    await (await token.getFunction('mint')(d.signers.alice.address, 100n)).wait();
    await (await token.connect(d.signers.alice).getFunction('approve')(fresh.address, 100n)).wait();
    const reenter = fresh.rollup.interface.encodeFunctionData('deposit', [MAL, 1n, alice.ax, alice.ay]);
    await (await token.getFunction('setCallback')(fresh.address, reenter)).wait();
    await (await fresh.rollup.connect(d.signers.alice).getFunction('deposit')(MAL, 50n, alice.ax, alice.ay)).wait();
    expect(await token.reentrySucceeded!()).toBe(false);
    expect(fresh.rollup.interface.parseError(await token.reentryError!())?.name).toBe('ReentrancyGuardReentrantCall');
    const queued = await queuedL1Txs(fresh.rollup);
    expect(queued.map((tx) => [tx.idx, tx.amount])).toEqual([[1, 50n]]);
  });
});
