import { bn254 } from '@noble/curves/bn254.js';
import { describe, expect, test } from 'vitest';
import { PenaltyBox } from '../../sequencer/penalty-box.js';
import type { Groth16Proof } from '../../sequencer/proof.js';
import { proofPointsProblem } from '../../sequencer/proof-points.js';
import { Clock } from './fixtures.js';

const Q = bn254.fields.Fp.ORDER;
const g2 = bn254.G2.Point.BASE.toAffine();

/** Well-formed points (the generators and -G1): not a valid proof, but nothing the cheap checks refuse. */
function wellFormed(): Groth16Proof {
  return {
    pi_a: ['1', '2', '1'],
    pi_b: [[g2.x.c0.toString(), g2.x.c1.toString()], [g2.y.c0.toString(), g2.y.c1.toString()], ['1', '0']],
    pi_c: ['1', (Q - 2n).toString(), '1'],
    protocol: 'groth16',
    curve: 'bn128',
  };
}

describe('proofPointsProblem (before the pairing check)', () => {
  test('well-formed points pass', () => {
    expect(proofPointsProblem(wellFormed())).toBeNull();
  });

  test.each([
    ['pi_a off the curve', (p: Groth16Proof) => ({ ...p, pi_a: ['1', '3', '1'] }), /pi_a is not on the curve/],
    ['pi_c off the curve', (p: Groth16Proof) => ({ ...p, pi_c: ['5', '6', '1'] }), /pi_c is not on the curve/],
    ['a G1 coordinate equal to q', (p: Groth16Proof) => ({ ...p, pi_a: [Q.toString(), '2', '1'] }), /not in the base field/],
    ['a G1 coordinate aliasing a valid one (x + q)', (p: Groth16Proof) => ({ ...p, pi_a: [(1n + Q).toString(), '2', '1'] }), /not in the base field/],
    ['a G2 coordinate above q', (p: Groth16Proof) => ({ ...p, pi_b: [[(Q + 1n).toString(), '0'], p.pi_b[1]!, p.pi_b[2]!] }), /not in the base field/],
    ['a projective pi_a (z = 2)', (p: Groth16Proof) => ({ ...p, pi_a: ['1', '2', '2'] }), /not affine/],
    ['pi_b with z ≠ (1, 0)', (p: Groth16Proof) => ({ ...p, pi_b: [p.pi_b[0]!, p.pi_b[1]!, ['0', '0']] }), /not affine/],
  ])('refuses %s', (_name, edit, problem) => {
    expect(proofPointsProblem(edit(wellFormed()))).toMatch(problem);
  });
});

describe('PenaltyBox', () => {
  test('refuses a client with max strikes in the window, and only until the window has passed', () => {
    const clock = new Clock();
    const box = new PenaltyBox({ max: 2, timeWindowMs: 1_000 }, clock.fn);
    box.strike('a');
    clock.advance(400);
    box.strike('a');
    expect(() => box.check('a')).toThrow(expect.objectContaining({ code: 'RATE_LIMITED', details: { retryAfterMs: 600 } }));
    expect(() => box.check('b')).not.toThrow();
    clock.advance(601);
    expect(() => box.check('a')).not.toThrow();
  });
});
