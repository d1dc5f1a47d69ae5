import { describe, expect, test } from 'vitest';
import type { Contract } from 'ethers';
import { DAY, expectRevert, freshRollupEachTest, increaseTime, type Deployment } from './helpers.js';

// The admin role (AccessControl's DEFAULT_ADMIN_ROLE: grants and revokes the other roles) moves in two steps
// with the deployment's delay (contracts/TwoStepAdmin.sol; docs/operations.md, "Roles").

describe('the admin role', () => {
  let d: Deployment;
  let rollup: Contract;
  let ADMIN: string;

  freshRollupEachTest({ adminDelay: DAY }, async (deployed) => {
    d = deployed;
    rollup = d.rollup;
    ADMIN = await rollup.DEFAULT_ADMIN_ROLE!();
  });

  const asAdmin = () => rollup.connect(d.signers.admin);
  const asBob = () => rollup.connect(d.signers.bob);

  test('has one holder from deployment, with the configured delay', async () => {
    expect(await rollup.defaultAdmin!()).toBe(d.signers.admin.address);
    expect(await rollup.defaultAdminDelay!()).toBe(BigInt(DAY));
    expect(await rollup.hasRole!(ADMIN, d.signers.admin.address)).toBe(true);
    expect([...(await rollup.pendingDefaultAdmin!())]).toEqual([d.ethers.ZeroAddress, 0n]);
  });

  test('moves only when the named successor accepts, after the delay', async () => {
    const receipt = await (await asAdmin().getFunction('beginDefaultAdminTransfer')(d.signers.bob.address)).wait();
    const acceptAfter = BigInt((await d.ethers.provider.getBlock(receipt!.blockNumber))!.timestamp) + BigInt(DAY);
    const event = rollup.interface.parseLog(receipt!.logs[0]!)!;
    expect([event.name, ...event.args]).toEqual(['DefaultAdminTransferScheduled', d.signers.bob.address, acceptAfter]);
    await expectRevert(rollup.connect(d.signers.carol).getFunction('acceptDefaultAdminTransfer')(), rollup, 'AdminTransferNotPending', [d.signers.carol.address, d.signers.bob.address]);
    await expectRevert(asBob().getFunction('acceptDefaultAdminTransfer')(), rollup, 'AdminTransferTooEarly', [acceptAfter]);
    await increaseTime(d.ethers, DAY);
    await (await asBob().getFunction('acceptDefaultAdminTransfer')()).wait();
    expect(await rollup.defaultAdmin!()).toBe(d.signers.bob.address);
    expect(await rollup.hasRole!(ADMIN, d.signers.bob.address)).toBe(true);
    expect(await rollup.hasRole!(ADMIN, d.signers.admin.address)).toBe(false);
    expect([...(await rollup.pendingDefaultAdmin!())]).toEqual([d.ethers.ZeroAddress, 0n]);
    // The new admin governs roles; the old one no longer does.
    const sequencerRole = await rollup.SEQUENCER_ROLE!();
    await (await asBob().getFunction('grantRole')(sequencerRole, d.signers.carol.address)).wait();
    await expectRevert(asAdmin().getFunction('revokeRole')(sequencerRole, d.signers.carol.address), rollup, 'AccessControlUnauthorizedAccount', [d.signers.admin.address, ADMIN]);
  });

  test('a pending transfer is replaced or cancelled by the admin, and started by nobody else', async () => {
    await expectRevert(asBob().getFunction('beginDefaultAdminTransfer')(d.signers.bob.address), rollup, 'AccessControlUnauthorizedAccount', [d.signers.bob.address, ADMIN]);
    await (await asAdmin().getFunction('beginDefaultAdminTransfer')(d.signers.bob.address)).wait();
    await (await asAdmin().getFunction('beginDefaultAdminTransfer')(d.ethers.ZeroAddress)).wait();
    await increaseTime(d.ethers, DAY);
    await expectRevert(asBob().getFunction('acceptDefaultAdminTransfer')(), rollup, 'AdminTransferNotPending', [d.signers.bob.address, d.ethers.ZeroAddress]);
    expect(await rollup.defaultAdmin!()).toBe(d.signers.admin.address);
  });

  test('is never granted, revoked or renounced in one step', async () => {
    await expectRevert(asAdmin().getFunction('grantRole')(ADMIN, d.signers.bob.address), rollup, 'AdminRoleTwoStep', []);
    await expectRevert(asAdmin().getFunction('revokeRole')(ADMIN, d.signers.admin.address), rollup, 'AdminRoleTwoStep', []);
    await expectRevert(asAdmin().getFunction('renounceRole')(ADMIN, d.signers.admin.address), rollup, 'AdminRoleTwoStep', []);
    expect(await rollup.hasRole!(ADMIN, d.signers.admin.address)).toBe(true);
  });
});
