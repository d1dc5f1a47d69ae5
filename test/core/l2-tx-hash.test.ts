// @ts-expect-error circomlibjs ships no type declarations; it is only the test oracle here
import { buildEddsa, buildPoseidon } from 'circomlibjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { PublicKey, Signature } from '../../core/eddsa.js';
import { l2TxHash, packL2Tx, signL2Tx, verifyL2TxSignature } from '../../core/l2-tx-hash.js';
import type { L2Tx, RollupDomain } from '../../core/tx.js';
import { DOMAIN, prng, user } from '../fixtures/rollup.js';
import { randomBits } from '../fixtures/random.js';
import { thrownCode } from '../fixtures/errors.js';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** docs/protocol.md §4 by its definition: the smallest exponent whose mantissa is exact and fits. */
function referenceFloat(value: bigint, mantissaBits: number): number {
  for (let e = 0; e < 32; e++) {
    const scale = 10n ** BigInt(e);
    if (value % scale === 0n && value / scale < 1n << BigInt(mantissaBits)) return e * 2 ** mantissaBits + Number(value / scale);
  }
  throw new Error(`${value} is not representable`);
}

/** A random L2 tx with representable amount and fee. */
function randomL2Tx(rand: () => number): L2Tx {
  return {
    fromIdx: 1 + Math.floor(rand() * (2 ** 32 - 1)),
    toIdx: rand() < 0.2 ? 0 : Math.floor(rand() * 2 ** 32),
    amount: BigInt(Math.floor(rand() * 524_288)) * 10n ** BigInt(Math.floor(rand() * 32)),
    fee: BigInt(Math.floor(rand() * 8)) * 10n ** BigInt(Math.floor(rand() * 32)),
    nonce: randomBits(rand, 40),
    tokenId: randomBits(rand, 32),
  };
}

let oracle: (inputs: bigint[]) => bigint;
/** circomlibjs' verifyPoseidon, taking core's bigint message, signature and key. */
let oracleVerify: (message: bigint, signature: Signature, key: PublicKey) => boolean;
beforeAll(async () => {
  const p = await buildPoseidon();
  oracle = (inputs) => p.F.toObject(p(inputs)) as bigint;
  const eddsa = await buildEddsa();
  const F = eddsa.babyJub.F;
  oracleVerify = (message, { r8x, r8y, s }, { ax, ay }) =>
    eddsa.verifyPoseidon(F.e(message), { R8: [F.e(r8x), F.e(r8y)], S: s }, [F.e(ax), F.e(ay)]) as boolean;
});

const base: L2Tx = {
  fromIdx: 5,
  toIdx: 7,
  amount: 1_234_560_000_000_000_000n,
  fee: 200_000_000_000_000n,
  nonce: 3n,
  tokenId: 0n,
};

describe('packL2Tx', () => {
  test('is fromIdx(4 bytes) | toIdx(4) | amountFloat(3) | feeFloat(1) | nonce(5) | tokenId(4), least significant first', () => {
    const tx = {
      fromIdx: 0x01020304,
      toIdx: 0x11121314,
      amount: 123_456n * 10n ** 13n,
      fee: 2n * 10n ** 14n,
      nonce: 0x2122232425n,
      tokenId: 0x31323334n,
    };
    // amountFloat = 13 << 19 | 123456 = 0x69e240, feeFloat = 14 << 3 | 2 = 0x72.
    expect(packL2Tx(tx)).toBe(BigInt('0x' + '31323334' + '2122232425' + '72' + '69e240' + '11121314' + '01020304'));
  });

  test('the largest fields fill exactly 168 bits', () => {
    const tx = {
      fromIdx: 2 ** 32 - 1,
      toIdx: 2 ** 32 - 1,
      amount: 524_287n * 10n ** 31n,
      fee: 7n * 10n ** 31n,
      nonce: 2n ** 40n - 1n,
      tokenId: 2n ** 32n - 1n,
    };
    expect(packL2Tx(tx)).toBe(2n ** 168n - 1n);
  });

  test('random txs pack to the formula with their float encodings', () => {
    const rand = prng(0x12a4);
    for (let i = 0; i < 300; i++) {
      const tx = randomL2Tx(rand);
      const amountFloat = referenceFloat(tx.amount, 19);
      const feeFloat = referenceFloat(tx.fee, 3);
      const expected =
        BigInt(tx.fromIdx) |
        (BigInt(tx.toIdx) << 32n) |
        (BigInt(amountFloat) << 64n) |
        (BigInt(feeFloat) << 88n) |
        (tx.nonce << 96n) |
        (tx.tokenId << 136n);
      expect(packL2Tx(tx)).toBe(expected);
    }
  });

  test.each([
    { what: 'fromIdx 0', tx: { ...base, fromIdx: 0 }, code: 'MALFORMED' },
    { what: 'fromIdx 2^32', tx: { ...base, fromIdx: 2 ** 32 }, code: 'OUT_OF_RANGE' },
    { what: 'toIdx -1', tx: { ...base, toIdx: -1 }, code: 'OUT_OF_RANGE' },
    { what: 'nonce 2^40', tx: { ...base, nonce: 2n ** 40n }, code: 'OUT_OF_RANGE' },
    { what: 'tokenId 2^32', tx: { ...base, tokenId: 2n ** 32n }, code: 'OUT_OF_RANGE' },
    { what: 'a negative amount', tx: { ...base, amount: -1n }, code: 'OUT_OF_RANGE' },
    { what: 'an amount of 2^128', tx: { ...base, amount: 2n ** 128n }, code: 'OUT_OF_RANGE' },
    { what: 'an unrepresentable amount', tx: { ...base, amount: 1_234_567n }, code: 'NOT_REPRESENTABLE' },
    { what: 'an unrepresentable fee', tx: { ...base, fee: 250_000_000_000_000n }, code: 'NOT_REPRESENTABLE' },
  ])('rejects $what as $code', ({ tx, code }) => {
    expect(thrownCode(() => packL2Tx(tx))).toBe(code);
    expect(thrownCode(() => l2TxHash(tx, DOMAIN))).toBe(code);
  });
});

describe('l2TxHash', () => {
  test('is Poseidon(chainId, rollupAddress, packedL2Tx), checked with circomlibjs', () => {
    const rand = prng(0x1234);
    for (let i = 0; i < 20; i++) {
      const tx = randomL2Tx(rand);
      const domain = { chainId: randomBits(rand, 64), rollupAddress: randomBits(rand, 160) };
      expect(l2TxHash(tx, domain)).toBe(oracle([domain.chainId, domain.rollupAddress, packL2Tx(tx)]));
    }
  });

  test('is a field element', () => {
    expect(l2TxHash(base, DOMAIN)).toBeLessThan(R);
  });

  test.each([
    { what: 'chainId', domain: { ...DOMAIN, chainId: DOMAIN.chainId + 1n } },
    { what: 'rollupAddress', domain: { ...DOMAIN, rollupAddress: DOMAIN.rollupAddress ^ 1n } },
  ])('changes with the $what', ({ domain }) => {
    expect(l2TxHash(base, domain)).not.toBe(l2TxHash(base, DOMAIN));
  });

  test.each([
    { what: 'chainId 2^64', domain: { ...DOMAIN, chainId: 2n ** 64n } },
    { what: 'chainId -1', domain: { ...DOMAIN, chainId: -1n } },
    { what: 'rollupAddress 2^160', domain: { ...DOMAIN, rollupAddress: 2n ** 160n } },
  ])('rejects a domain with $what as OUT_OF_RANGE', ({ domain }) => {
    expect(thrownCode(() => l2TxHash(base, domain))).toBe('OUT_OF_RANGE');
  });
});

describe('signL2Tx / verifyL2TxSignature', () => {
  const alice = user(1);
  const bob = user(2);
  const otherDomains: Array<[string, RollupDomain]> = [
    ['another chainId', { ...DOMAIN, chainId: 1n }],
    ['another rollupAddress', { ...DOMAIN, rollupAddress: DOMAIN.rollupAddress + 1n }],
  ];

  test('a signature verifies under the signer key for its domain', () => {
    const signed = signL2Tx(alice.privateKey, base, DOMAIN);
    expect(signed).toMatchObject(base);
    expect(verifyL2TxSignature(signed, DOMAIN, alice)).toBe(true);
  });

  test('a signature verifies with circomlibjs verifyPoseidon over l2TxHash', () => {
    const { signature } = signL2Tx(alice.privateKey, base, DOMAIN);
    expect(oracleVerify(l2TxHash(base, DOMAIN), signature, alice)).toBe(true);
    expect(oracleVerify(l2TxHash(base, DOMAIN), { ...signature, s: signature.s + 1n }, alice)).toBe(false);
  });

  test.each(otherDomains)('fails for %s', (_what, domain) => {
    expect(verifyL2TxSignature(signL2Tx(alice.privateKey, base, DOMAIN), domain, alice)).toBe(false);
  });

  test('fails under another key', () => {
    expect(verifyL2TxSignature(signL2Tx(alice.privateKey, base, DOMAIN), DOMAIN, bob)).toBe(false);
  });

  test.each([
    { what: 'fromIdx', change: { fromIdx: 6 } },
    { what: 'toIdx', change: { toIdx: 0 } },
    { what: 'amount', change: { amount: 1_234_570_000_000_000_000n } },
    { what: 'fee', change: { fee: 300_000_000_000_000n } },
    { what: 'nonce', change: { nonce: 4n } },
    { what: 'tokenId', change: { tokenId: 1n } },
  ])('fails for a tx with a tampered $what', ({ change }) => {
    const signed = signL2Tx(alice.privateKey, base, DOMAIN);
    expect(verifyL2TxSignature({ ...signed, ...change }, DOMAIN, alice)).toBe(false);
  });
});
