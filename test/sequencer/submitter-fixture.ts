/** The unit-level submitter setup: a node on the fake L1 (test/sequencer/fake-l1.ts) and a submitter on it. */
import { expect } from 'vitest';
import type { L1Client } from '../../sequencer/l1/l1-client.js';
import { L1Submitter, type SubmitterOptions } from '../../sequencer/l1/submitter.js';
import { L1Watcher } from '../../sequencer/l1/watcher.js';
import type { SequencerNode } from '../../sequencer/node.js';
import { FakeL1 } from './fake-l1.js';
import { Clock, DOMAIN, ETH, alice, bob, carol, depositNew, fakeProof, makeNode, operator, TOKEN, transfer } from './fixtures.js';

export const BUMP_AFTER = 60_000;

/** A node whose batch 1 (four deposits) came from the fake L1, and a submitter on it. */
export async function setup(over: Partial<SubmitterOptions> = {}) {
  const clock = new Clock();
  const node = makeNode({}, { clock: clock.fn });
  const l1 = new FakeL1(DOMAIN, node.circuits.map((c) => ({ ...c.config, id: c.id })));
  const watcher = new L1Watcher({ client: l1, store: node.store, mempool: node.mempool, confirmations: 0, startBlock: 1, maxBlockRange: 100 });
  for (const tx of [depositNew(alice, 1, ETH, 10n ** 18n), depositNew(bob, 2, ETH, 10n ** 18n), depositNew(operator, 3, ETH, 0n), depositNew(carol, 4, TOKEN, 5n)]) l1.deposit(tx);
  l1.mine();
  await watcher.poll();
  node.batcher.seal();
  const submitter = newSubmitter(node, l1, clock, over);
  return { node, l1, clock, watcher, submitter };
}

/** Seals batches 2 .. count after setup's batch 1, one transfer each. */
export async function sealTransfers(node: SequencerNode, count: number) {
  for (let nonce = 0; nonce < count - 1; nonce++) {
    await node.mempool.submit(transfer(alice, 1, 2, 1000n, BigInt(nonce)));
    node.batcher.seal();
  }
}

/** Polls and mines until the submitter has nothing to do. */
export async function drain(submitter: L1Submitter, l1: FakeL1) {
  for (let i = 0; i < 40; i++) {
    const step = await submitter.poll();
    if (step.action === 'idle') return;
    l1.mine(2);
  }
}

/**
 * Batches 1 to 3 proven (their jobs done), batch 2's proof bad: the submitter's check before sending names it,
 * and batch 2 goes back to the provers.
 */
export async function proveWithSecondBad(node: SequencerNode, clock: Clock, submitter: L1Submitter) {
  for (let i = 0; i < 3; i++) node.store.jobs.complete(node.store.jobs.claim(clock.fn(), `lease ${i}`, 'w', 60_000)!.id, clock.fn());
  prove(node, 1);
  prove(node, 2, false);
  prove(node, 3);
  expect(await submitter.poll()).toEqual({ action: 'requeued', batchNumber: 2 });
  expect(node.store.batches.proofJson(2)).toBeNull();
  expect(node.store.jobs.claim(clock.fn(), 'again', 'w', 60_000)).toMatchObject({ batchNumber: 2 });
}

export function newSubmitter(node: SequencerNode, l1: L1Client, clock: Clock, over: Partial<SubmitterOptions> = {}) {
  return new L1Submitter({ client: l1, store: node.store, confirmations: 2, bumpAfterMs: BUMP_AFTER, bumpPercent: 20, maxFeePerGas: 10n ** 15n, clock: clock.fn, ...over });
}

export function prove(node: SequencerNode, batchNumber: number, valid = true, at = 0) {
  node.store.batches.setProof(batchNumber, JSON.stringify(valid ? fakeProof(true) : { ...fakeProof(true), pi_a: ['0', '2', '1'] }), at);
}

/** The fake's methods bound, so a test can override one. */
export function bind(l1: FakeL1) {
  return {
    head: l1.head.bind(l1), blockHash: l1.blockHash.bind(l1), queuedL1Txs: l1.queuedL1Txs.bind(l1), rollupState: l1.rollupState.bind(l1),
    committedBatch: l1.committedBatch.bind(l1), circuits: l1.circuits.bind(l1), nonce: l1.nonce.bind(l1), feeQuote: l1.feeQuote.bind(l1),
    estimateGas: l1.estimateGas.bind(l1), sign: l1.sign.bind(l1), signCancel: l1.signCancel.bind(l1), broadcast: l1.broadcast.bind(l1), receipt: l1.receipt.bind(l1),
  };
}
