import { join } from 'node:path';
import { Contract, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditRollup } from '../../../audit/audit.js';
import { settlementCalldata } from '../../../audit/calldata.js';
import { circuitConfig } from '../../../core/circuits.js';
import { decodeBatchesCommitted, decodeBatchFinalized, rollupEventTopic, type RollupEventName } from '../../../l1/rollup-events.js';
import type { L1Client } from '../../../sequencer/l1/l1-client.js';
import { L1Submitter, type SubmitterOptions } from '../../../sequencer/l1/submitter.js';
import { body, signed, user } from '../fixtures.js';
import { requireBuilt } from '../../fixtures/built.js';
import { ROOT } from '../../fixtures/root.js';
import { contractsBuilt } from './deploy-rollup.js';
import { startSequencerOnL1, type SequencerOnL1 } from './sequencer-on-l1.js';
import { TestProver, testCircuitBuilt } from './test-prover.js';

/**
 * commit-and-prove mode against a real `hardhat node`, the real contracts and real proofs of the `test` circuit:
 * nothing is committed alone; two proven batches are committed and proven by one commitAndProveBatches. The
 * submitter is "killed" (dropped, and a new one started on the same store, as after a restart) once between
 * writing the signed send to the outbox and broadcasting it, and once after broadcasting it: each group lands
 * exactly once. A proof L1 refuses names its batch, whose job is requeued. The auditor verifies every proof.
 */
const ready = requireBuilt('the contracts (hardhat build)', contractsBuilt()) && requireBuilt('the test circuit (make circuits)', testCircuitBuilt());
const POLICY = { settlementMode: 'commit-and-prove', maxBatchesPerSettlement: 2, maxSettlementWaitMs: 600_000 } as const;

let s: SequencerOnL1;
const operator = user(121);
const alice = user(122);
const bob = user(123);

beforeAll(async () => {
  if (ready) s = await startSequencerOnL1('commit-and-prove', POLICY);
}, 300_000);

afterAll(async () => {
  if (ready) await s?.stop();
});

/** A submitter on the same store and L1 as the attached one, as a restarted sequencer would have. */
function restartedSubmitter(client: L1Client = s.client): L1Submitter {
  const options: SubmitterOptions = { client, store: s.node.store, confirmations: 1, bumpAfterMs: 60_000, bumpPercent: 20, maxFeePerGas: 10n ** 12n, ...POLICY };
  return new L1Submitter(options);
}

async function transfer(nonce: bigint): Promise<void> {
  const tx = signed(alice, { fromIdx: 2, toIdx: 3, amount: 1000n, fee: 10n, nonce, tokenId: 0n }, { chainId: s.d.chainId, rollupAddress: BigInt(s.d.address) });
  const posted = await fetch(`${s.baseUrl}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(tx)) });
  expect(posted.status).toBe(200);
  s.node.batcher.seal();
}

async function logs(name: RollupEventName) {
  return s.d.provider.getLogs({ address: s.d.address, topics: [rollupEventTopic(name)], fromBlock: s.d.deployBlock });
}

const lastCommitted = async () => Number(await s.d.rollup.getFunction('lastCommittedBatch')());

describe.runIf(ready)('commit-and-prove settlement on a hardhat node with real proofs', () => {
  test('killed between outbox and broadcast, then after broadcast: each group commits and proves once', async () => {
    for (const [i, owner, amount] of [[0, operator, 0n], [1, alice, 10n ** 18n], [2, bob, 0n]] as const) {
      const rollup = s.d.rollup.connect(new Wallet(s.d.keys.users[i]!, s.d.provider)) as Contract;
      await (await rollup.getFunction('deposit')(0, amount, owner.ax, owner.ay, { value: amount })).wait();
    }
    await s.hh.mine(1);
    await s.l1.watcher.poll();
    await transfer(0n);
    await transfer(1n);
    expect(await s.l1.submitter.poll()).toEqual({ action: 'idle' }); // nothing proven: nothing is committed alone
    const prover = new TestProver(s.baseUrl);
    expect([await prover.proveOne(), await prover.proveOne()]).toEqual([1, 2]);

    // Kill 1: the signed commitAndProveBatches is in the outbox, never broadcast.
    const dying = restartedSubmitter({ ...bound(s.client), broadcast: async () => { throw new Error('killed'); } });
    await expect(dying.poll()).rejects.toThrow('killed');
    expect(s.node.store.outbox.open()).toMatchObject([{ status: 'signed', kind: 'commit', firstBatch: 1, batchNumber: 2 }]);
    expect(await lastCommitted()).toBe(0);
    const afterKill1 = restartedSubmitter();
    for (let i = 0; i < 6 && s.node.store.batches.get(2)?.finalizedAt == null; i++) {
      await afterKill1.poll();
      await s.hh.mine();
    }
    expect(s.node.store.batches.get(2)).toMatchObject({ committedAt: expect.any(Number), finalizedAt: expect.any(Number) });

    // Kill 2: batches 3 and 4 proven, their commitAndProveBatches broadcast, then the submitter dies.
    await transfer(2n);
    await transfer(3n);
    expect([await prover.proveOne(), await prover.proveOne()]).toEqual([3, 4]);
    expect(await s.l1.submitter.poll()).toMatchObject({ action: 'sent', kind: 'commit', batchNumber: 4 });
    await s.hh.mine();
    const afterKill2 = restartedSubmitter();
    for (let i = 0; i < 6 && s.node.store.batches.get(4)?.finalizedAt == null; i++) {
      await afterKill2.poll();
      await s.hh.mine();
    }
    expect(await afterKill2.poll()).toEqual({ action: 'idle' });

    expect(await lastCommitted()).toBe(4);
    expect(await s.d.rollup.getFunction('lastFinalizedBatch')()).toBe(4n);
    expect((await logs('BatchCommitted'))).toEqual([]);
    const settlements = await logs('BatchesCommitted');
    expect(settlements.map((l) => decodeBatchesCommitted(l).firstBatch)).toEqual([1, 3]);
    expect((await logs('BatchFinalized')).map((l) => decodeBatchFinalized(l).batchNumber)).toEqual([2, 4]);
    // The public inputs are not logged: each settlement's calldata carries the store's batches, two each, whose proofs
    // verified against the inputs the contract computed from it.
    const onL1 = (await Promise.all(settlements.map((l) => settlementCalldata(s.d.provider, s.d.address, l.transactionHash, () => circuitConfig('test').feeSlots)))).flat();
    expect(onL1.map((b) => [b.batchNumber, b.newStateRoot])).toEqual([1, 2, 3, 4].map((n) => [n, BigInt(s.node.store.batches.get(n)!.newStateRoot)]));
  }, 900_000);

  test('a proof L1 refuses names its batch: its job is requeued, and the group settles with the new proof', async () => {
    await transfer(4n);
    await transfer(5n);
    const prover = new TestProver(s.baseUrl);
    expect([await prover.proveOne(), await prover.proveOne()]).toEqual([5, 6]);
    const proof6 = s.node.store.batches.proofJson(6)!;
    s.node.store.db.run('UPDATE batches SET proof = ? WHERE number = 6', s.node.store.batches.proofJson(5)!); // batch 5's proof
    expect(await s.l1.submitter.poll()).toEqual({ action: 'requeued', batchNumber: 6 });
    expect(s.node.store.jobs.countByStatus()).toMatchObject({ queued: 1 });
    expect(await s.l1.submitter.poll()).toEqual({ action: 'idle' }); // batch 5 alone waits for its group
    expect(await lastCommitted()).toBe(4);
    s.node.store.batches.setProof(6, proof6, Date.now()); // as a worker would hand it in again
    s.node.store.db.run("UPDATE jobs SET status = 'done' WHERE batch_number = 6");
    await s.submitUntil(() => s.node.store.batches.get(6)?.finalizedAt != null);
    expect(await lastCommitted()).toBe(6);
  }, 600_000);

  test('the auditor follows the packed settlements and verifies every proof', async () => {
    const report = await auditRollup({ rpcUrl: s.hh.url, rollup: s.d.address, vkeysDir: join(ROOT, 'build', 'circuits') });
    expect(report).toMatchObject({ ok: true, lastFinalized: 6 });
    expect(report.batches.map((b) => [b.batchNumber, b.proof])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, 'verified']));
  }, 300_000);
});

/** The client's methods bound to it, so that one can be replaced. */
function bound(client: L1Client): L1Client {
  const c = client as unknown as Record<string, unknown>;
  const names = ['head', 'blockHash', 'queuedL1Txs', 'rollupState', 'committedBatch', 'circuits', 'nonce', 'feeQuote', 'estimateGas', 'sign', 'signCancel', 'broadcast', 'receipt'] as const;
  return Object.fromEntries(names.map((n) => [n, (c[n] as (...a: unknown[]) => unknown).bind(client)])) as unknown as L1Client;
}
