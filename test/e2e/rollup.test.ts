import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Contract, JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditRollup } from '../../audit/audit.js';
import { proofCalldata } from '../../audit/calldata.js';
import { readHistory } from '../../audit/l1-history.js';
import { rollupInterface } from '../../l1/rollup-abi.js';
import { replayHistory } from '../../audit/replay-history.js';
import { buildBatch } from '../../core/build-batch.js';
import { circuitInputToJson } from '../../core/circuit-input.js';
import { circuitConfig } from '../../core/circuits.js';
import { DEVNET_ROLES } from '../../devnet/accounts.js';
import { startDevnet, type Devnet, type DevnetOptions } from '../../devnet/devnet.js';
import { snarkjs } from '../../proving-kit/ffjs.js';
import { artifactExists, ROLLUP_ARTIFACT, verifierArtifactPath } from '../../l1/deploy.js';
import { l1Error } from '../../wallet/contract-errors.js';
import { freePort } from '../../devnet/free-port.js';
import { until } from '../../devnet/until.js';
import { requireBuilt } from '../fixtures/built.js';
import { ROOT } from '../fixtures/root.js';
import { modulo, moduloJson, tempDir } from './helpers.js';

/**
 * The whole system, real pieces only: `modulo devnet`'s L1 node (hardhat node), the contracts deployed with
 * the Poseidon libraries through the deterministic-deployment proxy, the sequencer process and the prover
 * worker process (prover/main.ts), on the smallest circuit (`test`: 4 slots). A user drives it with the
 * wallet commands; the auditor checks the result from L1 alone; a restart resumes the chain; a batch
 * committed with a wrong root can never be proven and the auditor names it.
 */
const built = requireBuilt('the contracts and the test circuit\'s key (make circuits contracts)', [ROLLUP_ARTIFACT, verifierArtifactPath('TestBatchVerifier')].every((p) => artifactExists(p))
  && existsSync(join(ROOT, 'build', 'circuits', 'test', 'circuit.dev.zkey')));

const data = tempDir('modulo-e2e-');
const wallets = join(data, 'wallet');
const logs: string[] = [];
let options: DevnetOptions;
let devnet: Devnet;
let net: string[];
const ETH = 10n ** 18n;
const FEE = 10n ** 12n;

beforeAll(async () => {
  if (!built) return;
  options = {
    root: ROOT, dir: join(data, 'devnet'), walletDir: wallets, circuit: 'test', l1Port: await freePort(), sequencerPort: await freePort(),
    reset: false, prover: true, skipBuild: true, log: (line) => logs.push(line),
  };
  devnet = await startDevnet(options);
  net = ['--network', devnet.layout.networkFile, '--wallet-dir', wallets];
}, 180_000);

afterAll(async () => {
  if (!built) return;
  await devnet?.stop();
  writeFileSync(join(ROOT, '.cache', 'e2e-devnet.log'), logs.join('\n'));
  rmSync(data, { recursive: true, force: true });
});

interface Balance { l2: Array<{ idx: number; token: string; balance: string; pendingBalance: string }>; l1: Array<{ token: string; balance: string }> }
const balance = (name: string) => moduloJson<Balance>(['balance', name, ...net]);
const l2 = async (name: string, token: string) => (await balance(name)).l2.find((a) => a.token === token);
const l1 = async (name: string, token: string) => BigInt((await balance(name)).l1.find((a) => a.token === token)!.balance);

describe.runIf(built)('a devnet driven by the wallet commands', () => {
  const hashes: Record<string, string> = {};

  test('deposits of ETH and TEST from funded dev accounts, then transfers and a withdrawal on L2', async () => {
    for (const name of ['alice', 'bob']) expect((await moduloJson(['account', 'new', name, ...net])).l1KeyOrigin).toBe('a funded devnet dev account');
    const aliceEth = await moduloJson<{ idx: number; created: boolean }>(['deposit', 'alice', '1', 'ETH', ...net]);
    expect(aliceEth.created).toBe(true);
    await moduloJson(['deposit', 'bob', '0.5', 'ETH', ...net]);
    const aliceTest = await moduloJson<{ idx: number; approveTxHash: string | null }>(['deposit', 'alice', '1000', 'TEST', ...net]);
    expect(aliceTest.approveTxHash).toMatch(/^0x/);
    const exit = await moduloJson<{ l1TxHash: string; idx: number }>(['forced-exit', 'alice', '--idx', String(aliceTest.idx), ...net]);
    hashes.forcedExit = exit.l1TxHash;

    await until('the deposits seen by the sequencer', async () => (await l2('bob', 'ETH'))?.pendingBalance === String(ETH / 2n), { timeoutMs: 120_000, pollMs: 250 });
    hashes.t1 = (await moduloJson<{ txHash: string }>(['transfer', 'alice', 'bob', '0.25', 'ETH', ...net])).txHash;
    const rounded = await moduloJson<{ txHash: string; amount: string; rounded: boolean; fee: string }>(['transfer', 'bob', 'alice', '0.05000001', 'ETH', ...net]);
    expect(rounded).toMatchObject({ amount: String(5n * 10n ** 16n), rounded: true, fee: String(FEE) });
    hashes.t2 = rounded.txHash;
    hashes.withdraw = (await moduloJson<{ txHash: string }>(['withdraw', 'alice', '0.1', 'ETH', ...net])).txHash;

    const refused = await modulo(['transfer', 'bob', 'alice', '5', 'ETH', ...net]);
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/^INSUFFICIENT_BALANCE: account \d+ has 0\.699999 ETH \(pending\)/) });
  }, 120_000);

  test('every tx is proven on L1 by the prover worker and finalized', async () => {
    for (const hash of Object.values(hashes)) {
      const r = await modulo(['tx', hash, '--wait', '--timeout', '400', ...net]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/finalized/);
    }
  }, 900_000);

  test('balances on L2, and withdrawals claimed on L1: the withdrawal and the forced exit', async () => {
    expect(await l2('alice', 'ETH')).toMatchObject({ balance: String(ETH - ETH / 4n - FEE + ETH / 20n - ETH / 10n - FEE) });
    expect(await l2('bob', 'ETH')).toMatchObject({ balance: String(ETH / 2n + ETH / 4n - ETH / 20n - FEE) });
    expect(await l2('alice', 'TEST')).toMatchObject({ balance: '0' });
    expect(await l2('operator', 'ETH')).toMatchObject({ balance: String(3n * FEE) });

    const testBefore = await l1('alice', 'TEST');
    const claimed = await moduloJson<{ claimed: Array<{ token: string; amount: string }> }>(['claim', 'alice', ...net]);
    expect(claimed.claimed.map((c) => [c.token, c.amount])).toEqual([['ETH', String(ETH / 10n)], ['TEST', String(1000n * ETH)]]);
    expect(await l1('alice', 'TEST')).toBe(testBefore + 1000n * ETH);
    const again = await modulo(['claim', 'alice', 'ETH', ...net]);
    expect(again).toMatchObject({ code: 1, err: expect.stringMatching(/^L1_REVERTED: Rollup.claim\(0\) reverted with NothingToClaim\(ethAddr=0x[0-9a-fA-F]{40}, tokenId=0\) — `ethAddr` has no credit/) });
  }, 120_000);

  test('the auditor rebuilds every batch from L1 and verifies roots, proofs and the verifier', async () => {
    const r = await modulo(['verify', '--rpc', devnet.rpcUrl, '--rollup', devnet.state.rollupAddress]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/circuit 0 test .* matches/);
    expect(r.out).toMatch(/verified: \d+ batches \(\d+ finalized\)/);
  }, 120_000);

  test('a restart resumes the same chain and sequencer state', async () => {
    const before = await balance('bob');
    await devnet.stop();
    devnet = await startDevnet(options);
    expect(devnet.resumed).toBe(true);
    expect(await balance('bob')).toEqual(before);
  }, 180_000);

  test('a batch committed with a wrong root can never be proven, and the auditor names it', async () => {
    const provider = new JsonRpcProvider(devnet.rpcUrl, 31337, { staticNetwork: true, cacheTimeout: -1 });
    try {
      const rollup = new Contract(devnet.state.rollupAddress, rollupInterface, new Wallet(DEVNET_ROLES.sequencer, provider));
      const n = Number(await rollup.getFunction('lastCommittedBatch')()) + 1;
      const history = await readHistory(provider, devnet.state.rollupAddress);
      const honest = await replayHistory(provider, history);
      const wrongRoot = (honest.stateRoot + 1n) % 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
      await (await rollup.getFunction('commitBatch')(0, n, wrongRoot, 0, [0, 0], '0x', '0x')).wait();
      const committed = (await rollup.getFunction('batch')(n)) as { publicInputHash: bigint };

      // No witness: the circuit computes the new root itself, so no input reaches the committed public input.
      const queueEnd = history.queue.at(-1)?.l1QueueHash ?? 0n;
      const batch = buildBatch(honest.state, {
        circuit: circuitConfig('test'), domain: { chainId: 31337n, rollupAddress: BigInt(devnet.state.rollupAddress) },
        batchNumber: BigInt(n), l1QueueStartHash: queueEnd, l1Txs: [], l2Txs: [], feeIdx: [0, 0],
      });
      const input = { ...circuitInputToJson(batch.circuitInput), publicInputHash: committed.publicInputHash.toString() };
      const wasm = join(ROOT, 'build', 'circuits', 'test', 'main_js', 'main.wasm');
      await expect(snarkjs.wtns.calculate(input, wasm, join(data, 'bad.wtns'))).rejects.toThrow(/Assert Failed/);

      // The contract refuses a valid proof of another statement (the previous batch's, from L1).
      const proof = await proofCalldata(provider, devnet.state.rollupAddress, history.finalized.get(n - 1)!.txHash, n - 1);
      const b = proof.pi_b;
      const solidity = { a: proof.pi_a.slice(0, 2), b: [[b[0]![1], b[0]![0]], [b[1]![1], b[1]![0]]], c: proof.pi_c.slice(0, 2) };
      const refused = await rollup.getFunction('proveBatches')(n, [solidity], ['0x']).then(() => null, (e: unknown) => l1Error(e, 'proveBatches'));
      expect(refused?.message).toMatch(new RegExp(`reverted with InvalidProof\\(batchNumber=${n}\\)`));

      const report = await auditRollup({ rpcUrl: devnet.rpcUrl, rollup: devnet.state.rollupAddress, vkeysDir: join(ROOT, 'build', 'circuits') });
      expect(report).toMatchObject({ ok: false, firstBadBatch: n });
      expect(report.findings[0]).toMatchObject({ batchNumber: n, check: 'state root' });
      const cli = await modulo(['verify', '--rpc', devnet.rpcUrl, '--rollup', devnet.state.rollupAddress]);
      expect(cli.code).toBe(1);
      expect(cli.out).toMatch(new RegExp(`FAILED: first bad batch ${n}`));
    } finally {
      provider.destroy();
    }
  }, 180_000);
});
