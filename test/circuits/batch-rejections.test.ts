import { beforeAll, describe, expect, test } from 'vitest';
import { buildBatch } from '../../core/build-batch.js';
import type { CircuitInput } from '../../core/circuit-input.js';
import { MAX_BALANCE } from '../../core/constants.js';
import { publicInputHash } from '../../core/public-input.js';
import { bob, batchParams, carol, failure, fundedState, alice, ETH, testCircuit, TOKEN, type Circuit } from './helpers.js';
import { forcedExit, signed, topUp } from '../fixtures/rollup.js';
import { baseBatch, cases, resign, set, trace, type Input } from './rejection-cases.js';

/**
 * Statements that are false have no witness: circom's witness calculator evaluates every constraint
 * and stops at the first that fails, naming the templates it sits in (innermost first). Each case edits
 * the input of a batch core built (test/circuits/rejection-cases.ts), and names the check that must
 * refuse it, so that a case cannot pass by failing somewhere else.
 */

let circuit: Circuit;
beforeAll(async () => {
  circuit = await testCircuit();
});

async function expectRefused(input: CircuitInput, templates: string[]): Promise<void> {
  const message = await failure(() => circuit.witness(input));
  expect(message, 'the witness was computed').not.toBeNull();
  expect(trace(message!).slice(0, templates.length)).toEqual(templates);
}

describe('BatchCircuit has no witness for a false statement', () => {
  test('the base batch itself is proven (the cases below edit it)', async () => {
    const witness = await circuit.witness(baseBatch().circuitInput);
    expect(await circuit.firstViolation(witness)).toBe(-1);
  });

  test.each(cases)('refuses %s', async (_name, edit, templates) => {
    const state = fundedState();
    const input = structuredClone(baseBatch(state).circuitInput) as Input;
    edit(input, state);
    await expectRefused(input, templates);
  });

  test('refuses a transfer that overflows the receiver balance', async () => {
    const state = fundedState();
    buildBatch(state, batchParams({ l1Txs: [topUp(carol.ethAddr, 4, TOKEN, MAX_BALANCE - 1005n)] })).state.merge();
    const ok = signed(carol, { fromIdx: 7, toIdx: 4, amount: 5n, fee: 0n, nonce: 0n, tokenId: TOKEN });
    const input = structuredClone(buildBatch(state, batchParams({ l2Txs: [ok] })).circuitInput) as Input;
    set('amountFloat', 0, 6n)(input);
    resign(input, 0, carol);
    await expectRefused(input, ['L2TxRules']);
  });

  test('refuses the statement in which a non-owner\'s forced exit pays out', async () => {
    // What the statement would be: the owner's forced exit effects (root, withdrawal) under the
    // non-owner's queue entry. The circuit computes the no-op, so its public input differs.
    const byNonOwner = baseBatch();
    const byOwner = buildBatch(fundedState(), batchParams({
      l1Txs: [topUp(carol.ethAddr, 2, ETH, 10n), forcedExit(bob.ethAddr, 2)],
      l2Txs: [signed(alice, { fromIdx: 1, toIdx: 2, amount: 10n ** 17n, fee: 2n * 10n ** 14n, nonce: 0n, tokenId: ETH })],
      feeIdx: [3, 5],
    }));
    expect(byOwner.withdrawals).toHaveLength(1);
    const payout = { ...byOwner.statement, l1QueueEndHash: byNonOwner.l1QueueEndHash };
    const input = { ...byNonOwner.circuitInput, publicInputHash: publicInputHash(payout) };
    await expectRefused(input, ['BatchTail']);
  });
});
