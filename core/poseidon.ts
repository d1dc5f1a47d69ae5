import { fromBytesBE } from './bits.js';
import { ModuloError } from './errors.js';
import { assertField, FIELD_MODULUS } from './field.js';
import { POSEIDON_CONSTANTS, type PackedPoseidonConstants } from './generated/poseidon-constants.js';

/**
 * Poseidon over the BN254 scalar field, exactly circomlib's `Poseidon(n)` template and circomlibjs'
 * `buildPoseidon` (x^5 S-box, 8 full rounds, width t = n + 1, initial state [0, ...inputs], output
 * state[0]). It runs the optimized schedule of circomlibjs `poseidon_opt.js`: the partial rounds use
 * sparse matrices, so each costs one S-box and O(t) products instead of a full t x t mix.
 *
 * Speed comes from reducing mod r as rarely as BigInt allows: a `%` costs far more than a product,
 * so dot products are summed unreduced and reduced once, and in the partial rounds the lanes
 * 1..t-1 only accumulate products (a few bits of growth per round) until the last full rounds.
 */

const MIN_INPUTS = 1;
const MAX_INPUTS = POSEIDON_CONSTANTS.length;
const HALF_FULL_ROUNDS = 4;

interface Constants {
  readonly t: number;
  readonly roundsP: number;
  readonly c: readonly bigint[];
  readonly s: readonly bigint[];
  /** MDS matrix transposed to output-major: mT[i * t + j] multiplies state[j] into output i. */
  readonly mT: readonly bigint[];
  /** Pre-sparse matrix, output-major like mT. */
  readonly pT: readonly bigint[];
}

const unpacked: (Constants | undefined)[] = [];

/** Decodes concatenated base64 of 32-byte big-endian words. */
function unpackWords(lines: readonly string[]): bigint[] {
  const bytes = Uint8Array.from(atob(lines.join('')), (c) => c.charCodeAt(0));
  const words: bigint[] = [];
  for (let i = 0; i < bytes.length; i += 32) words.push(fromBytesBE(bytes.subarray(i, i + 32)));
  return words;
}

function transpose(rowMajor: readonly bigint[], t: number): bigint[] {
  const out = new Array<bigint>(t * t);
  for (let j = 0; j < t; j++) for (let i = 0; i < t; i++) out[i * t + j] = rowMajor[j * t + i]!;
  return out;
}

function constantsFor(inputCount: number): Constants {
  const cached = unpacked[inputCount];
  if (cached) return cached;
  const packed: PackedPoseidonConstants = POSEIDON_CONSTANTS[inputCount - 1]!;
  const { t, roundsP } = packed;
  const k: Constants = {
    t,
    roundsP,
    c: unpackWords(packed.c),
    s: unpackWords(packed.s),
    mT: transpose(unpackWords(packed.m), t),
    pT: transpose(unpackWords(packed.p), t),
  };
  unpacked[inputCount] = k;
  return k;
}

/**
 * x^5 mod r for 0 <= x < 2^256. Two reductions measured fastest: reducing x^4 too costs one more `%`,
 * and leaving x^5 unreduced makes every later reduction slower than the one it saves.
 */
function pow5(x: bigint): bigint {
  const x2 = (x * x) % FIELD_MODULUS;
  return (x2 * x2 * x) % FIELD_MODULUS;
}

/** One full round on `state` (each lane < 2r): S-box, add round constants, mix with `matT`. */
function fullRound(state: bigint[], t: number, c: readonly bigint[], ci: number, matT: readonly bigint[]): void {
  const sboxed = new Array<bigint>(t);
  for (let j = 0; j < t; j++) sboxed[j] = pow5(state[j]!) + c[ci + j]!;
  for (let i = 0; i < t; i++) {
    let acc = 0n;
    for (let j = 0; j < t; j++) acc += matT[i * t + j]! * sboxed[j]!;
    state[i] = acc % FIELD_MODULUS;
  }
}

/**
 * Partial rounds with the sparse vectors s: lane 0 goes through the S-box and becomes a dot product;
 * lanes 1..t-1 gain a multiple of the old lane 0. Lanes 1..t-1 are left unreduced (< 2^520 after
 * 70 rounds) and reduced once at the end.
 */
function partialRounds(state: bigint[], k: Constants, ci: number): void {
  const { t, roundsP, c, s } = k;
  let si = 0;
  for (let r = 0; r < roundsP; r++) {
    const s0 = pow5(state[0]!) + c[ci + r]!;
    let acc = s0 * s[si++]!;
    for (let j = 1; j < t; j++) acc += s[si++]! * state[j]!;
    for (let j = 1; j < t; j++) state[j]! += s0 * s[si++]!;
    state[0] = acc % FIELD_MODULUS;
  }
  for (let j = 1; j < t; j++) state[j] = state[j]! % FIELD_MODULUS;
}

function permute(inputs: readonly bigint[], k: Constants): bigint {
  const { t, roundsP, c, mT, pT } = k;
  const state = new Array<bigint>(t);
  state[0] = c[0]!;
  for (let i = 1; i < t; i++) state[i] = inputs[i - 1]! + c[i]!;
  let ci = t;
  for (let r = 0; r < HALF_FULL_ROUNDS; r++, ci += t) {
    fullRound(state, t, c, ci, r === HALF_FULL_ROUNDS - 1 ? pT : mT);
  }
  partialRounds(state, k, ci);
  ci += roundsP;
  for (let r = 0; r < HALF_FULL_ROUNDS - 1; r++, ci += t) fullRound(state, t, c, ci, mT);
  // Last round has no round constants and only output lane 0 is needed.
  let out = 0n;
  for (let j = 0; j < t; j++) out += mT[j]! * pow5(state[j]!);
  return out % FIELD_MODULUS;
}

/**
 * Poseidon hash of 1..6 field elements, equal to circomlib `Poseidon(inputs.length)`.
 * Throws NOT_IN_FIELD for an input outside [0, r) (circomlibjs would silently reduce it; core never
 * hashes a value the circuit could not see) and OUT_OF_RANGE for an unsupported input count.
 */
export function poseidon(inputs: readonly bigint[]): bigint {
  const n = inputs.length;
  if (n < MIN_INPUTS || n > MAX_INPUTS) {
    throw new ModuloError('OUT_OF_RANGE', `poseidon takes ${MIN_INPUTS}..${MAX_INPUTS} inputs, got ${n}`, {
      inputs: n,
    });
  }
  for (let i = 0; i < n; i++) assertField(inputs[i]!, `poseidon input ${i}`);
  return permute(inputs, constantsFor(n));
}
