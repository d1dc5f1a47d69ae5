import { join } from 'node:path';
import { Contract, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditRollup } from '../../../audit/audit.js';
import { FIELD_MODULUS } from '../../../core/field.js';
import { decodeBatchFinalized, rollupEventTopic } from '../../../l1/rollup-events.js';
import type { AttachedL1 } from '../../../sequencer/l1/attach-l1.js';
import type { SequencerNode } from '../../../sequencer/node.js';
import { body, signed, user } from '../fixtures.js';
import { requireBuilt } from '../../fixtures/built.js';
import type { TestL1Node } from '../../fixtures/l1-node.js';
import { ROOT } from '../../fixtures/root.js';
import { contractsBuilt, type RollupDeployment } from './deploy-rollup.js';
import { startSequencerOnL1, type SequencerOnL1 } from './sequencer-on-l1.js';
import { TestProver, testCircuitBuilt } from './test-prover.js';

/**
 * Settlement groups against a real `hardhat node`, the real contracts and real proofs of the `test` circuit:
 * two batches settle in one proveBatches call (one BatchFinalized), a proof the contract refuses (another
 * batch's) names its batch and sends that batch back to the provers while the group waits, and the auditor
 * verifies every proof of the grouped settlement and names a batch committed with a tampered root.
 */
const ready = requireBuilt('the contracts (hardhat build)', contractsBuilt()) && requireBuilt('the test circuit (make circuits)', testCircuitBuilt());

let s: SequencerOnL1;
let hh: TestL1Node;
let d: RollupDeployment;
let node: SequencerNode;
let l1: AttachedL1;
let baseUrl: string;
const operator = user(111);
const alice = user(112);
const bob = user(113);

beforeAll(async () => {
  if (!ready) return;
  s = await startSequencerOnL1('groups', { maxBatchesPerSettlement: 2, maxSettlementWaitMs: 600_000 });
  ({ hh, d, node, l1, baseUrl } = s);
}, 300_000);

afterAll(async () => {
  if (ready) await s?.stop();
});

const submitUntil = (done: () => boolean | Promise<boolean>, polls = 30) => s.submitUntil(done, polls);

async function transfer(nonce: bigint): Promise<string> {
  const tx = signed(alice, { fromIdx: 2, toIdx: 3, amount: 1000n, fee: 10n, nonce, tokenId: 0n }, { chainId: d.chainId, rollupAddress: BigInt(d.address) });
  const posted = await fetch(`${baseUrl}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(tx)) });
  expect(posted.status).toBe(200);
  return ((await posted.json()) as { txHash: string }).txHash;
}

describe.runIf(ready)('settlement groups on a hardhat node with real proofs', () => {
  test('two proven batches settle in one proveBatches; a refused proof is proven again first', async () => {
    for (const [i, owner, amount] of [[0, operator, 0n], [1, alice, 10n ** 18n], [2, bob, 0n]] as const) {
      const rollup = d.rollup.connect(new Wallet(d.keys.users[i]!, d.provider)) as Contract;
      await (await rollup.getFunction('deposit')(0, amount, owner.ax, owner.ay, { value: amount })).wait();
    }
    await hh.mine(1);
    await l1.watcher.poll();
    const first = await transfer(0n);
    node.sealDue();
    await transfer(1n);
    node.batcher.seal();
    await submitUntil(() => node.store.batches.get(2)?.committedAt != null);

    const prover = new TestProver(baseUrl);
    expect([await prover.proveOne(), await prover.proveOne()]).toEqual([1, 2]);
    const proof2 = node.store.batches.proofJson(2)!;
    node.store.db.run('UPDATE batches SET proof = ? WHERE number = 2', node.store.batches.proofJson(1)!); // batch 1's proof
    expect(await l1.submitter.poll()).toEqual({ action: 'requeued', batchNumber: 2 });
    expect(node.store.batches.proofJson(2)).toBeNull();
    expect(node.store.jobs.countByStatus()).toMatchObject({ queued: 1, done: 1 });
    expect(await l1.submitter.poll()).toEqual({ action: 'idle' }); // batch 1 alone waits for its group
    expect(await d.rollup.getFunction('lastFinalizedBatch')()).toBe(0n);

    node.store.batches.setProof(2, proof2, Date.now()); // as a worker would hand it in again
    node.store.db.run("UPDATE jobs SET status = 'done' WHERE batch_number = 2");
    await submitUntil(() => node.store.batches.get(2)?.finalizedAt != null);
    expect(await d.rollup.getFunction('lastFinalizedBatch')()).toBe(2n);
    const finals = await d.provider.getLogs({ address: d.address, topics: [rollupEventTopic('BatchFinalized')], fromBlock: d.deployBlock });
    expect(finals.map((log) => decodeBatchFinalized(log).batchNumber)).toEqual([2]);
    expect(node.store.batches.get(1)?.proveL1Tx).toBe(finals[0]!.transactionHash);
    expect(((await (await fetch(`${baseUrl}/v1/txs/${first}`)).json()) as { status: string }).status).toBe('finalized');
  }, 600_000);

  test('the auditor verifies each proof of the grouped settlement and names a batch with a tampered root', async () => {
    const vkeysDir = join(ROOT, 'build', 'circuits');
    const clean = await auditRollup({ rpcUrl: hh.url, rollup: d.address, vkeysDir });
    expect(clean).toMatchObject({ ok: true, lastFinalized: 2 });
    expect(clean.batches.map((b) => [b.batchNumber, b.proof])).toEqual([[1, 'verified'], [2, 'verified']]);

    const rollup = d.rollup.connect(new Wallet(d.keys.sequencer, d.provider)) as Contract;
    await (await rollup.getFunction('commitBatch')(0, 3, (clean.stateRoot + 1n) % FIELD_MODULUS, 0, [0, 0], '0x', '0x')).wait();
    const report = await auditRollup({ rpcUrl: hh.url, rollup: d.address, vkeysDir });
    expect(report).toMatchObject({ ok: false, firstBadBatch: 3 });
    expect(report.findings[0]).toMatchObject({ batchNumber: 3, check: 'state root' });
  }, 300_000);
});
