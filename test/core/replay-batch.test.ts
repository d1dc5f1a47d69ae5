import { describe, expect, test } from 'vitest';
import { buildBatch, type BatchParams } from '../../core/build-batch.js';
import { ModuloError } from '../../core/errors.js';
import { replayBatch } from '../../core/replay-batch.js';
import { RollupState } from '../../core/rollup-state.js';
import { encodeTxData, type TxData } from '../../core/tx-data.js';
import type { L1Tx, SignedL2Tx } from '../../core/tx.js';
import { encodeWithdrawals } from '../../core/withdrawals.js';
import { DOMAIN, TEST_CIRCUIT, depositNew, forcedExit, signed, topUp, user } from '../fixtures/rollup.js';

/**
 * core's replayBatch (what `modulo verify` rebuilds batches with) against buildBatch (what the sequencer
 * seals them with): from the L1 txs and the published commit data alone, the same roots, withdrawals and
 * public input, without any signature.
 */
const alice = user(11);
const bob = user(12);
const operator = user(13);
const ETH = 0n;

function params(over: Partial<BatchParams>): BatchParams {
  return { circuit: TEST_CIRCUIT, domain: DOMAIN, batchNumber: 1n, l1QueueStartHash: 0n, l1Txs: [], l2Txs: [], feeIdx: [], ...over };
}

/** Builds a batch with buildBatch on one state and replays its commit data on a copy; both must agree. */
function roundTrip(l1Txs: L1Tx[], l2Txs: (s: RollupState) => SignedL2Tx[], feeIdx: number[], base: (s: RollupState) => void = () => undefined) {
  const built = new RollupState(TEST_CIRCUIT.depth);
  const replayed = new RollupState(TEST_CIRCUIT.depth);
  base(built);
  base(replayed);
  const batch = buildBatch(built, params({ l1Txs, l2Txs: l2Txs(built), feeIdx }));
  const replay = replayBatch(replayed, { circuit: TEST_CIRCUIT, domain: DOMAIN, batchNumber: 1n, l1QueueStartHash: 0n, l1Txs, txData: batch.commit.txData, feeIdx: batch.commit.feeIdx });
  return { batch, replay };
}

const deposits = [depositNew(operator, 1, ETH, 0n), depositNew(alice, 2, ETH, 10n ** 18n), depositNew(bob, 3, ETH, 10n ** 17n)];

function funded(s: RollupState): void {
  buildBatch(s, params({ l1Txs: deposits })).state.merge();
}

describe('replayBatch', () => {
  test('L1 txs only: the same root and public input as buildBatch', () => {
    const { batch, replay } = roundTrip(deposits, () => [], []);
    expect(replay.newStateRoot).toBe(batch.newStateRoot);
    expect(replay.publicInputHash).toBe(batch.publicInputHash);
    expect(replay.l1QueueEndHash).toBe(batch.l1QueueEndHash);
  });

  test('transfers, a withdrawal and fees, without their signatures: the same root, withdrawals and public input', () => {
    const { batch, replay } = roundTrip(
      [topUp(alice.ethAddr, 2, ETH, 5n)],
      () => [
        signed(alice, { fromIdx: 2, toIdx: 3, amount: 12345n * 10n ** 10n, fee: 10n, nonce: 0n, tokenId: ETH }),
        signed(bob, { fromIdx: 3, toIdx: 0, amount: 10n ** 16n, fee: 20n, nonce: 0n, tokenId: ETH }),
        signed(alice, { fromIdx: 2, toIdx: 2, amount: 1n, fee: 0n, nonce: 1n, tokenId: ETH }),
      ],
      [1],
      funded,
    );
    expect(replay.newStateRoot).toBe(batch.newStateRoot);
    expect(encodeWithdrawals(replay.withdrawals)).toEqual(batch.commit.withdrawals);
    expect(replay.publicInputHash).toBe(batch.publicInputHash);
    expect(replay.state.getAccount(1).balance).toBe(30n);
  });

  test('a forced exit and a refunded deposit become withdrawals, as in buildBatch', () => {
    const { batch, replay } = roundTrip([forcedExit(bob.ethAddr, 3), depositNew(alice, 3, ETH, 7n)], () => [], [], funded);
    expect(replay.withdrawals).toEqual(batch.withdrawals);
    expect(replay.withdrawals.map((w) => w.amount)).toEqual([10n ** 17n, 7n]);
  });

  test('a NOOP slot between L2 txs is skipped and still hashed into the public input', () => {
    const state = new RollupState(TEST_CIRCUIT.depth);
    funded(state);
    const data = (d: TxData) => encodeTxData(d);
    const txData = new Uint8Array([...data({ fromIdx: 2, toIdx: 3, amountFloat: 5, feeFloat: 0 }), ...new Uint8Array(12), ...data({ fromIdx: 3, toIdx: 2, amountFloat: 1, feeFloat: 0 })]);
    const r = replayBatch(state, { circuit: TEST_CIRCUIT, domain: DOMAIN, batchNumber: 2n, l1QueueStartHash: 0n, l1Txs: [], txData, feeIdx: [0, 0] });
    expect(r.state.getAccount(2).nonce).toBe(1n);
    expect(r.state.getAccount(3).nonce).toBe(1n);
    expect(r.statement.txData.subarray(0, 36)).toEqual(txData);
  });

  test('an invalid slot names its position: such a batch has no witness', () => {
    const state = new RollupState(TEST_CIRCUIT.depth);
    funded(state);
    const txData = encodeTxData({ fromIdx: 3, toIdx: 2, amountFloat: 12 * 2 ** 19 + 524287, feeFloat: 0 });
    try {
      replayBatch(state, { circuit: TEST_CIRCUIT, domain: DOMAIN, batchNumber: 2n, l1QueueStartHash: 0n, l1Txs: [], txData, feeIdx: [0, 0] });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(ModuloError);
      expect((error as ModuloError).code).toBe('INSUFFICIENT_BALANCE');
      expect((error as ModuloError).message).toMatch(/^slot 0: /);
    }
  });
});
