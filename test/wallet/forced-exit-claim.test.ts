import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Wallet, type Contract } from 'ethers';
import { findAccountCreation } from '../../l1/account-creation.js';
import { l1TxStruct } from '../../l1/l1-tx-struct.js';
import { claim } from '../../wallet/claim.js';
import { openContext, type WalletContext } from '../../wallet/context.js';
import { deposit } from '../../wallet/deposit.js';
import { forcedExit } from '../../wallet/forced-exit.js';
import { createAccount, type WalletAccount } from '../../wallet/keystore.js';
import { requireBuilt } from '../fixtures/built.js';
import { startTestL1Node, type TestL1Node } from '../fixtures/l1-node.js';
import { contractsBuilt, deployRollup, type RollupDeployment } from '../sequencer/integration/deploy-rollup.js';

// The wallet's forced exit and claim on a real Hardhat node, with no sequencer at all: the account is found
// from L1 events, and a credit (here an exodus refund, which needs no proof) is paid to a named recipient.

const DEADLINE = 60;
const ONE = 10n ** 18n;
const ready = requireBuilt('the Rollup and test verifier artifacts (npx hardhat build)', contractsBuilt());

describe.runIf(ready)('the wallet against L1 alone', () => {
  let node: TestL1Node;
  let d: RollupDeployment;
  let ctx: WalletContext;
  let dir: string;
  let alice: WalletAccount;
  let bob: WalletAccount;
  let rollup: Contract;
  const carol = Wallet.createRandom().address;

  beforeAll(async () => {
    node = await startTestL1Node();
    d = await deployRollup(node.url, { forceDeadline: DEADLINE });
    dir = mkdtempSync(join(tmpdir(), 'modulo-wallet-'));
    alice = createAccount(dir, 'alice', { l1Key: d.keys.users[0]! });
    bob = createAccount(dir, 'bob', { l1Key: d.keys.users[1]! });
    ctx = await openContext({ rpc: node.url, rollup: d.address, sequencer: 'http://unused.invalid' }, dir);
    // Exodus is open to anyone: a third L1 key activates it and submits the refund.
    rollup = ctx.rollupAs(new Wallet(d.keys.users[2]!, ctx.provider));
  }, 120_000);

  afterAll(async () => {
    ctx?.close();
    d?.provider.destroy();
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('forced-exit finds the account and its creating deposit from L1 events, for its owner only', async () => {
    const created = await deposit(ctx, alice, { amount: '1', token: 'ETH', newAccount: true });
    await deposit(ctx, bob, { amount: '0.5', token: 'ETH', newAccount: true });
    const exit = await forcedExit(ctx, alice, { token: 'ETH' });
    expect(exit).toMatchObject({ idx: created.idx, creationQueueIndex: created.queueIndex, queueIndex: 2 });
    await expect(forcedExit(ctx, bob, { idx: created.idx })).rejects.toMatchObject({
      code: 'L1_REVERTED', message: expect.stringMatching(/NotAccountOwner\(idx=1, owner=0x[0-9a-fA-F]{40}, sender=0x[0-9a-fA-F]{40}\)/),
    });
    await expect(forcedExit(ctx, alice, { idx: created.idx })).rejects.toMatchObject({ code: 'L1_REVERTED', message: expect.stringMatching(/ForcedExitPending\(idx=1, queueIndex=2\)/) });
    await expect(forcedExit(ctx, bob, { idx: 7 })).rejects.toMatchObject({ code: 'NO_L2_ACCOUNT' });
  });

  test('claim --to pays a credit to the named recipient; the zero address is refused', async () => {
    await node.rpc('evm_increaseTime', [DEADLINE + 1]);
    await (await rollup.getFunction('activateExodus')()).wait();
    const { queueIndex, tx } = await findAccountCreation(ctx.rollup, 1);
    await (await rollup.getFunction('refundDeposit')(queueIndex, l1TxStruct(tx))).wait();
    await expect(claim(ctx, alice, 'ETH', '0x0000000000000000000000000000000000000000')).rejects.toMatchObject({ code: 'USAGE' });
    const claimed = await claim(ctx, alice, 'ETH', carol.toLowerCase());
    expect(claimed.map((c) => [c.token.symbol, c.amount, c.recipient])).toEqual([['ETH', ONE, carol]]);
    expect(await d.provider.getBalance(carol)).toBe(ONE);
    expect(await ctx.rollup.getFunction('credit')(alice.l1.address, 0)).toBe(0n);
  });
});
