import { beforeAll, describe, expect, test } from 'vitest';
import { buildBatch } from '../../core/build-batch.js';
import { forcedExit, signed, topUp } from '../fixtures/rollup.js';
import { rowWires, violations } from './adversarial.js';
import { freePairs } from './free-signals.js';
import { alice, batchParams, carol, ETH, fundedState, testCircuit, type Circuit } from './helpers.js';
import { cheats } from './rejection-cases.js';

/**
 * A hint (`<--`) computes a value outside the constraints, so a dishonest prover may put any value
 * there. These tests take an honest witness, edit one hinted signal the way a cheating prover would,
 * and show the r1cs rejects it; then they check that no witness signal at all is free.
 *
 * The batch: slot 0 tops up #2, slot 1 is alice's forced exit of bob's #2 (a no-op), slot 2 alice's
 * transfer #1 -> #2 with a fee, slot 3 a NOOP.
 */

let circuit: Circuit;
let honest: bigint[];
beforeAll(async () => {
  circuit = await testCircuit();
  const batch = buildBatch(fundedState(), batchParams({
    l1Txs: [topUp(carol.ethAddr, 2, ETH, 10n), forcedExit(alice.ethAddr, 2)],
    l2Txs: [signed(alice, { fromIdx: 1, toIdx: 2, amount: 10n ** 17n, fee: 2n * 10n ** 14n, nonce: 0n, tokenId: ETH })],
    feeIdx: [3, 5],
  }));
  honest = await circuit.witness(batch.circuitInput);
});

describe('the r1cs rejects an honest witness with a hinted signal edited', () => {
  test('the honest witness satisfies it', async () => {
    expect(await circuit.firstViolation(honest)).toBe(-1);
  });

  test.each(cheats)('%s', async (_name, edits) => {
    const witness = [...honest];
    for (const [name, edit] of edits) {
      const at = circuit.index(name);
      witness[at] = edit(witness[at]!);
      expect(witness[at]).not.toBe(honest[at]);
    }
    const rows = await violations(circuit, witness);
    const edited = edits.map(([name]) => circuit.index(name));
    const holdsEdit = await Promise.all(rows.map(async (row) => {
      const wires = await rowWires(circuit, row);
      return edited.some((wire) => wires.has(wire));
    }));
    expect(holdsEdit, 'a violated row holds an edited signal (the binding constraint)').toContain(true);
  });

  test('snarkjs wtns check agrees: accepts the honest witness and rejects the mask edited', async () => {
    expect(await circuit.snarkjsCheck(honest)).toBe(true);
    const witness = [...honest];
    witness[circuit.index('head.isL1[1]')] = 0n;
    expect(await circuit.snarkjsCheck(witness)).toBe(false);
  });
});

describe('no witness signal is free, alone or with another', () => {
  test('every signal is pinned by a constraint, except IsZero inverses of a zero input', async () => {
    // An IsZero's `inv` is 1/in when in != 0 (pinned by in * inv = 1 - out) and free when in = 0 (the
    // row holds whatever inv is): a harmless freedom, since no other row reads inv. Our IsZero
    // instances are named ...IsZero; circomlib's are `isz` (IsEqual, ForceEqualIfEnabled) and, in
    // EdDSAPoseidonVerifier, `isZero` and `zeropoint` (a disabled verifier sees the key (0, 0)).
    const free = (await circuit.unpinned(honest)).map((wire) => circuit.names.get(wire) ?? `wire ${wire}`);
    expect(free.filter((name) => !/(IsZero|\.isz|\.isZero|\.zeropoint)\.inv$/.test(name))).toEqual([]);
    expect(free.length).toBeGreaterThan(0);
  });

  test('no two signals are free together (a pair sharing a row, moved along one direction)', async () => {
    const pairs = await freePairs(circuit, honest);
    expect(pairs.map((pair) => pair.map((wire) => circuit.names.get(wire)))).toEqual([]);
  });
});
