import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { BatchDetail } from '../../api/explorer.js';
import { buildApp } from '../../sequencer/app.js';
import type { SequencerNode } from '../../sequencer/node.js';
import { batchWithdrawals, hexBytes, recomputePublicInput, slotTxData } from '../../explorer/src/statement.js';
import { alice, body, bob, fundedNode, transfer } from '../sequencer/fixtures.js';

/**
 * The page's public input, recomputed from the batch data the explorer API serves, equals the one the
 * sequencer computed when it sealed (core's buildBatch): for a batch of L1 txs and one of L2 txs with a
 * withdrawal. Any change to the data changes it.
 */
let node: SequencerNode;
let app: FastifyInstance;
let batches: BatchDetail[];

beforeAll(async () => {
  node = fundedNode();
  app = await buildApp(node);
  await app.inject({ method: 'POST', url: '/v1/txs', payload: body(transfer(alice, 1, 2, 1000n, 0n)) });
  await app.inject({ method: 'POST', url: '/v1/txs', payload: body(transfer(bob, 2, 0, 5n, 0n)) });
  node.batcher.seal();
  batches = await Promise.all([1, 2].map(async (n) => (await app.inject({ url: `/v1/explorer/batches/${n}` })).json() as BatchDetail));
});

afterAll(async () => {
  await app.close();
  await node.close();
});

describe('recomputePublicInput', () => {
  test('agrees with the sequencer for a batch of L1 txs and a batch of L2 txs with a withdrawal', () => {
    expect(batches.map((b) => [b.l1TxCount, b.l2TxCount])).toEqual([[4, 0], [0, 2]]);
    expect(batchWithdrawals(batches[1]!)).toEqual([{ ethAddr: bob.ethAddr, tokenId: 0n, amount: 5n }]);
    for (const b of batches) expect(recomputePublicInput(b)).toEqual({ publicInputHash: b.publicInputHash, matchesSequencer: true, queueChainMatches: true });
  });

  test.each([
    ['a root', (b: BatchDetail) => ({ ...b, newStateRoot: '1' })],
    ['an L1 tx amount', (b: BatchDetail) => ({ ...b, l1Txs: b.l1Txs.map((t, i) => (i === 0 ? { ...t, amount: '2' } : t)) })],
    ['the batch number', (b: BatchDetail) => ({ ...b, batchNumber: b.batchNumber + 1 })],
    ['the chain id', (b: BatchDetail) => ({ ...b, domain: { ...b.domain, chainId: '1' } })],
  ])('changes when %s changes', (_what, edit) => {
    const recomputed = recomputePublicInput(edit(batches[0]!));
    expect(recomputed.matchesSequencer).toBe(false);
  });

  test('changes with the tx data or the withdrawals', () => {
    const b = batches[1]!;
    expect(recomputePublicInput({ ...b, txData: b.txData.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }).matchesSequencer).toBe(false);
    expect(recomputePublicInput({ ...b, withdrawals: '0x' }).matchesSequencer).toBe(false);
  });

  test('lays the L2 tx data after the L1 slots, padded to the batch size; refuses data that does not fit', () => {
    const data = slotTxData({ txData: `0x${'11'.repeat(12)}`, l1TxCount: 1, circuit: { ...batches[0]!.circuit, batchSize: 3 } });
    expect([...data].map((x) => x.toString(16)).join('')).toBe(`${'0'.repeat(12)}${'11'.repeat(12)}${'0'.repeat(12)}`);
    expect(() => slotTxData({ txData: `0x${'11'.repeat(24)}`, l1TxCount: 2, circuit: { ...batches[0]!.circuit, batchSize: 3 } })).toThrow(/does not fit/);
    expect([...hexBytes('0x00ff10')]).toEqual([0, 255, 16]);
    expect(() => hexBytes('0xf')).toThrow(/not 0x hex/);
  });
});
