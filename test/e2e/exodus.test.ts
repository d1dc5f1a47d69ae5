import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../fixtures/root.js';
import { user } from '../fixtures/rollup.js';
import { ETHER, exodusReady, passDeadline, startStoppedRollup, type StoppedRollup } from '../wallet/exodus-fixture.js';

/**
 * The escape hatch end to end: the sequencer stopped for good (test/wallet/exodus-fixture.ts, real proofs of
 * the `test` circuit on a real `hardhat node`); after the force deadline, a user with only the L1 RPC URL,
 * the rollup address and their keys runs `modulo exodus` as a child process (the installed `modulo`
 * executable, cli/bin/modulo.mjs, with an empty MODULO_HOME: no devnet file, no sequencer) and gets their
 * L2 balance and their unprocessed deposits back in ETH on L1. Before that, a spammer fills the L1 queue's
 * deposit lane to the cap, and the user's forced exit (`modulo forced-exit`, also L1 only) still gets in
 * (test/contracts/forced-exits.test.ts attacks the same rule with a hostile sequencer).
 */
const ready = exodusReady();

let r: StoppedRollup;
let provider: JsonRpcProvider;
const home = mkdtempSync(join(tmpdir(), 'modulo-exodus-home-'));

beforeAll(async () => {
  if (!ready) return;
  r = await startStoppedRollup('exodus-e2e');
  provider = new JsonRpcProvider(r.hh.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
}, 600_000);

afterAll(async () => {
  provider?.destroy();
  await r?.stop();
  rmSync(home, { recursive: true, force: true });
});

interface Run { code: number; out: string; err: string }

/** `modulo exodus <argv> --rpc URL --rollup ADDRESS --wallet-dir DIR` in a child process. */
function exodus(...argv: string[]): Promise<Run> {
  return modulo('exodus', ...argv);
}

/** `modulo <argv> --rpc URL --rollup ADDRESS --wallet-dir DIR` in a child process: L1 only, no sequencer. */
function modulo(...argv: string[]): Promise<Run> {
  const args = [join(ROOT, 'cli', 'bin', 'modulo.mjs'), ...argv, '--rpc', r.hh.url, '--rollup', r.d.address, '--wallet-dir', r.walletDir];
  const env = { PATH: process.env.PATH ?? '', HOME: home, MODULO_HOME: home, NODE_NO_WARNINGS: '1' };
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: home, env, timeout: 120_000 }, (error, out, err) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, out, err });
    });
  });
}

async function json<T>(...argv: string[]): Promise<T> {
  const run = await exodus(...argv, '--json');
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as T;
}

/** What the L1 txs with these hashes cost their sender in gas. */
async function fees(hashes: readonly string[]): Promise<bigint> {
  let total = 0n;
  for (const hash of hashes) total += (await provider.getTransactionReceipt(hash))!.fee;
  return total;
}

describe.runIf(ready)('modulo exodus, with only the L1 RPC and the keys', () => {
  test('before the deadline: status says not due and when; activate fails with exit 3 and the time', async () => {
    const status = await json<{ due: boolean; active: boolean; oldestPending: { queueIndex: number; deadline: number } }>('status', 'alice');
    expect(status).toMatchObject({ active: false, due: false, oldestPending: { queueIndex: 3 } });
    const when = new Date(status.oldestPending.deadline * 1000).toISOString();
    const human = await exodus('status', 'alice');
    expect(human.code, human.err).toBe(0);
    expect(human.out).toContain(`exodus is not due: unless a finalized batch takes queue index 3 by ${when}`);
    expect(human.out).toMatch(/alice: L2 idx 2 0\.74999999999999999 ETH/);
    expect(human.out).toMatch(/alice: unprocessed deposit, queue index 4: 0\.1 ETH to idx 2/);

    const early = await exodus('activate', 'alice');
    expect(early).toMatchObject({ code: 3, err: expect.stringMatching(new RegExp(`^EXODUS_NOT_DUE: exodus is not due: the oldest unprocessed L1 tx \\(queue index 3\\) may wait until ${when.replace(/[.]/g, '\\.')}`)) });
  }, 120_000);

  test('a spammer fills the deposit lane to the cap: its deposits are refused with the retry time, alice\'s forced exit still gets in', async () => {
    const spammer = new Wallet(r.d.keys.users[3]!, provider);
    const rollup = r.d.rollup.connect(spammer) as Contract;
    const junk = user(9);
    const cap = await rollup.getFunction('maxPendingL1Txs')();
    const pending = async () => (await rollup.getFunction('l1QueueLength')()) - (await rollup.getFunction('l1QueueFinalized')());
    while ((await pending()) < cap) await (await rollup.getFunction('deposit')(0, 0n, junk.ax, junk.ay)).wait();
    const refused = await rollup.getFunction('deposit').staticCall(0, 0n, junk.ax, junk.ay).then(() => null, (e: { revert?: { name: string; args: unknown[] } }) => e.revert);
    expect(refused?.name).toBe('L1QueueFull');
    expect(refused?.args.slice(0, 2)).toEqual([cap, cap]);

    const length = Number(await rollup.getFunction('l1QueueLength')());
    const run = await modulo('forced-exit', 'alice', '--idx', '2', '--json');
    expect(run.code, run.err).toBe(0);
    const queued = JSON.parse(run.out) as { idx: number; queueIndex: number };
    expect(queued).toMatchObject({ idx: 2, queueIndex: length });
    expect(await pending()).toBe(cap + 1n);
  }, 300_000);

  test('after the deadline: activate, withdraw the L2 balance and refund the deposits, claimed in ETH on L1', async () => {
    await passDeadline(r.hh);
    const due = await exodus('status', 'alice');
    expect(due.out).toContain('exodus is DUE: anyone may activate it — next: modulo exodus activate alice');
    const before = await provider.getBalance(r.alice.l1.address);

    const activated = await json<{ l1TxHash: string; lastFinalizedBatch: number }>('activate', 'alice');
    expect(activated.lastFinalizedBatch).toBe(1);
    const withdrawn = await json<{ withdrawals: Array<{ idx: number; amount: string; l1TxHash: string; gasUsed: string }>; claimed: Array<{ amount: string; l1TxHash: string }> }>('withdraw', 'alice', '--claim');
    expect(withdrawn.withdrawals.map((w) => [w.idx, w.amount])).toEqual([[2, String(r.aliceFinalBalance)]]);
    expect(withdrawn.claimed.map((c) => c.amount)).toEqual([String(r.aliceFinalBalance)]);

    const again = await exodus('withdraw', 'alice');
    expect(again).toMatchObject({ code: 1, err: expect.stringMatching(/^ALREADY_WITHDRAWN: already withdrawn in exodus: idx 2 /) });

    const refunded = await exodus('refund', 'alice', '--claim');
    expect(refunded.code, refunded.err).toBe(0);
    expect(refunded.out).toMatch(/refunded: 0\.2 ETH credited on L1/);
    expect(refunded.out).toMatch(/refunded: 0\.1 ETH credited on L1/);
    expect(refunded.out).toMatch(/claimed 0\.3 ETH to /);

    const hashes = [activated.l1TxHash, ...withdrawn.withdrawals.map((w) => w.l1TxHash), ...withdrawn.claimed.map((c) => c.l1TxHash), ...[...refunded.out.matchAll(/tx (0x[0-9a-f]{64})/g)].map((m) => m[1]!)];
    expect(hashes).toHaveLength(6); // activate, withdraw, claim, two refunds, claim
    const back = r.aliceFinalBalance + ETHER / 5n + ETHER / 10n;
    expect(await provider.getBalance(r.alice.l1.address)).toBe(before + back - (await fees(hashes)));

    const after = await exodus('status', 'alice');
    expect(after.out).toContain('nothing left for alice to take out');
  }, 300_000);
});
