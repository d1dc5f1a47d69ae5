import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { claim } from '../../wallet/claim.js';
import { openL1Context, type L1Context } from '../../wallet/context.js';
import { activateExodus, exodusClock, exodusRefund, exodusStatus, exodusWithdraw } from '../../wallet/exodus.js';
import { ETHER, exodusReady, FORCE_DEADLINE, passDeadline, startStoppedRollup, type StoppedRollup } from './exodus-fixture.js';

/**
 * wallet/exodus against a real `hardhat node` and the real contracts, after a finalized batch with a real
 * proof of the `test` circuit, a committed batch never proven, and a sequencer that stopped for good
 * (exodus-fixture.ts): the state is rebuilt from L1 data alone, and the contract accepts its proofs.
 */
const ready = exodusReady();

let r: StoppedRollup;
let ctx: L1Context;
const view = <T>(name: string, ...args: unknown[]) => ctx.rollup.getFunction(name)(...args) as Promise<T>;

beforeAll(async () => {
  if (!ready) return;
  r = await startStoppedRollup('exodus-wallet');
  ctx = await openL1Context({ rpc: r.hh.url, rollup: r.d.address }, {});
}, 600_000);

afterAll(async () => {
  ctx?.close();
  await r?.stop();
});

describe.runIf(ready)('exodus from L1 data alone', () => {
  test('before the deadline: not due, with the oldest unprocessed L1 tx, its deadline and the time left', async () => {
    const s = await exodusStatus(ctx, r.alice);
    const queuedAt = Number(await view<bigint>('l1TxQueuedAt', 3));
    expect(s).toMatchObject({
      active: false, due: false, forceDeadline: FORCE_DEADLINE, queueLength: 5, queueFinalized: 3, lastFinalizedBatch: 1,
      oldestPending: { queueIndex: 3, queuedAt, deadline: queuedAt + FORCE_DEADLINE },
      replay: { batches: 1 },
    });
    expect(s.oldestPending!.secondsLeft).toBeGreaterThan(FORCE_DEADLINE - 600);
    // The state of batch 1, rebuilt from L1: batch 2 (committed, never proven) does not count.
    expect(s.stateRoot).toBe(await view<bigint>('lastFinalizedStateRoot'));
    expect(s.stateRoot).not.toBe(await view<bigint>('lastCommittedStateRoot'));
    expect(s.accounts.map((a) => [a.idx, a.token.symbol, a.balance, a.ethAddr, a.withdrawn])).toEqual([[2, 'ETH', r.aliceFinalBalance, r.alice.l1.address, false]]);
    expect(s.deposits.map((d) => [d.queueIndex, d.idx, d.amount, d.refunded])).toEqual(r.aliceDeposits.map((d) => [d.queueIndex, 2, d.amount, false]));
  }, 120_000);

  test('activate, withdraw and refund before the deadline are refused, saying when exodus will be due', async () => {
    const { oldestPending } = await exodusClock(ctx);
    await expect(activateExodus(ctx, r.alice)).rejects.toMatchObject({
      code: 'EXODUS_NOT_DUE', message: expect.stringContaining(new Date(oldestPending!.deadline * 1000).toISOString()), details: { queueIndex: 3, deadline: oldestPending!.deadline },
    });
    await expect(exodusWithdraw(ctx, r.alice)).rejects.toMatchObject({ code: 'EXODUS_NOT_ACTIVE', message: expect.stringMatching(/exodus is not active; exodus is not due/) });
    await expect(exodusRefund(ctx, r.alice)).rejects.toMatchObject({ code: 'EXODUS_NOT_ACTIVE' });
    expect(await view<boolean>('exodusActive')).toBe(false);
  }, 60_000);

  test('after the deadline: due, and anyone activates it', async () => {
    await passDeadline(r.hh);
    expect(await exodusClock(ctx)).toMatchObject({ active: false, due: true, oldestPending: { queueIndex: 3, secondsLeft: 0 } });
    await expect(exodusWithdraw(ctx, r.alice)).rejects.toMatchObject({ code: 'EXODUS_NOT_ACTIVE', message: expect.stringMatching(/it is due: run `modulo exodus activate/) });
    const a = await activateExodus(ctx, r.carol);
    expect(a).toMatchObject({ alreadyActive: false, l1TxHash: expect.stringMatching(/^0x/), lastFinalizedBatch: 1, stateRoot: await view<bigint>('lastFinalizedStateRoot') });
    expect(await activateExodus(ctx, r.alice)).toMatchObject({ alreadyActive: true, l1TxHash: null });
  }, 60_000);

  test('withdraw rebuilds the leaf and its proof from L1; the contract credits the balance of batch 1, once', async () => {
    const w = await exodusWithdraw(ctx, r.alice);
    expect(w.withdrawals.map((x) => [x.idx, x.amount, x.ethAddr])).toEqual([[2, r.aliceFinalBalance, r.alice.l1.address]]);
    expect(await view<bigint>('credit', r.alice.l1.address, 0)).toBe(r.aliceFinalBalance);
    expect(await view<boolean>('exodusWithdrawn', 2)).toBe(true);
    await expect(exodusWithdraw(ctx, r.alice)).rejects.toMatchObject({ code: 'ALREADY_WITHDRAWN', message: expect.stringMatching(/idx 2 .*modulo claim alice/) });
    await expect(exodusWithdraw(ctx, r.carol)).rejects.toMatchObject({ code: 'NOTHING_TO_WITHDRAW' });
  }, 120_000);

  test('refund credits back each deposit no finalized batch consumed, once; claim pays it all', async () => {
    const refunds = await exodusRefund(ctx, r.alice);
    expect(refunds.map((x) => [x.queueIndex, x.amount])).toEqual(r.aliceDeposits.map((d) => [d.queueIndex, d.amount]));
    const total = r.aliceFinalBalance + ETHER / 5n + ETHER / 10n;
    expect(await view<bigint>('credit', r.alice.l1.address, 0)).toBe(total);
    await expect(exodusRefund(ctx, r.alice)).rejects.toMatchObject({ code: 'NOTHING_TO_REFUND', message: expect.stringMatching(/already refunded/) });
    await expect(exodusRefund(ctx, r.carol)).rejects.toMatchObject({ code: 'NOTHING_TO_REFUND', message: expect.stringMatching(/no deposit from/) });

    const s = await exodusStatus(ctx, r.alice);
    expect(s).toMatchObject({ active: true, accounts: [{ idx: 2, withdrawn: true }], deposits: [{ refunded: true }, { refunded: true }], claimable: [{ amount: total }] });
    const [c] = await claim(ctx, r.alice);
    expect(c).toMatchObject({ amount: total });
    expect(await view<bigint>('credit', r.alice.l1.address, 0)).toBe(0n);
  }, 120_000);
});
