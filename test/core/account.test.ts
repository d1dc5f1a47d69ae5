// @ts-expect-error circomlibjs ships no type declarations; it is only the test oracle here
import { buildPoseidon } from 'circomlibjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { accountLeafHash, assertAccount, EMPTY_ACCOUNT, EMPTY_LEAF, packAccount, type AccountLeaf } from '../../core/account.js';
import { prng, randomBits } from '../fixtures/random.js';
import { thrown } from '../fixtures/errors.js';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

function randomAccount(rand: () => number): AccountLeaf {
  return {
    tokenId: randomBits(rand, 32),
    nonce: randomBits(rand, 40),
    balance: randomBits(rand, 128),
    ax: randomBits(rand, 256) % R,
    ay: randomBits(rand, 256) % R,
    ethAddr: randomBits(rand, 160),
  };
}

let oracle: (inputs: bigint[]) => bigint;
beforeAll(async () => {
  const p = await buildPoseidon();
  oracle = (inputs) => p.F.toObject(p(inputs)) as bigint;
});

const base: AccountLeaf = { tokenId: 1n, nonce: 2n, balance: 3n, ax: 4n, ay: 5n, ethAddr: 6n };

describe('packAccount', () => {
  test('is tokenId(4 bytes) | nonce(5) | balance(16), least significant first', () => {
    const account = { ...base, tokenId: 0x01020304n, nonce: 0x1112131415n, balance: 0x2122232425262728292a2b2c2d2e2f30n };
    expect(packAccount(account)).toBe(BigInt('0x' + '2122232425262728292a2b2c2d2e2f30' + '1112131415' + '01020304'));
  });

  test('the largest fields fill exactly 200 bits', () => {
    const account = { ...base, tokenId: 2n ** 32n - 1n, nonce: 2n ** 40n - 1n, balance: 2n ** 128n - 1n };
    expect(packAccount(account)).toBe(2n ** 200n - 1n);
  });

  test('random accounts unpack to their fields', () => {
    const rand = prng(0xacc7);
    for (let i = 0; i < 300; i++) {
      const a = randomAccount(rand);
      const packed = packAccount(a);
      expect({ tokenId: packed & (2n ** 32n - 1n), nonce: (packed >> 32n) & (2n ** 40n - 1n), balance: packed >> 72n }).toEqual({
        tokenId: a.tokenId,
        nonce: a.nonce,
        balance: a.balance,
      });
    }
  });

  test('does not depend on the key or ethAddr', () => {
    expect(packAccount({ ...base, ax: 7n, ay: 8n, ethAddr: 9n })).toBe(packAccount(base));
  });
});

describe('accountLeafHash', () => {
  test('is Poseidon(packedAccount, ax, ay, ethAddr), checked with circomlibjs', () => {
    const rand = prng(0x1eaf);
    for (let i = 0; i < 30; i++) {
      const a = randomAccount(rand);
      expect(accountLeafHash(a)).toBe(oracle([a.tokenId | (a.nonce << 32n) | (a.balance << 72n), a.ax, a.ay, a.ethAddr]));
    }
  });

  test('the empty leaf is 0, not the hash of the empty account', () => {
    expect(EMPTY_LEAF).toBe(0n);
    expect(EMPTY_ACCOUNT).toEqual({ tokenId: 0n, nonce: 0n, balance: 0n, ax: 0n, ay: 0n, ethAddr: 0n });
    expect(accountLeafHash(EMPTY_ACCOUNT)).toBe(oracle([0n, 0n, 0n, 0n]));
    expect(accountLeafHash(EMPTY_ACCOUNT)).not.toBe(EMPTY_LEAF);
  });

  test('every field changes the hash', () => {
    const reference = accountLeafHash(base);
    const fields = ['tokenId', 'nonce', 'balance', 'ax', 'ay', 'ethAddr'] as const;
    for (const field of fields) expect(accountLeafHash({ ...base, [field]: base[field] + 100n })).not.toBe(reference);
  });
});

describe('rejected accounts', () => {
  test.each([
    { field: 'tokenId', value: 2n ** 32n },
    { field: 'tokenId', value: -1n },
    { field: 'nonce', value: 2n ** 40n },
    { field: 'nonce', value: -1n },
    { field: 'balance', value: 2n ** 128n },
    { field: 'balance', value: -1n },
    { field: 'ethAddr', value: 2n ** 160n },
    { field: 'ethAddr', value: -1n },
  ])('rejects $field = $value as OUT_OF_RANGE, naming the field', ({ field, value }) => {
    const account = { ...base, [field]: value };
    for (const fn of [() => assertAccount(account), () => packAccount(account), () => accountLeafHash(account)]) {
      const error = thrown(fn);
      expect(error?.code).toBe('OUT_OF_RANGE');
      expect(error?.details).toMatchObject({ field, value: String(value) });
    }
  });

  test.each([
    { field: 'ax', value: R },
    { field: 'ax', value: -1n },
    { field: 'ay', value: R + 5n },
    { field: 'ay', value: 2n ** 256n },
  ])('accountLeafHash rejects $field = $value (not in the field) as NOT_IN_FIELD', ({ field, value }) => {
    expect(thrown(() => accountLeafHash({ ...base, [field]: value }))?.code).toBe('NOT_IN_FIELD');
  });

  test('accepts the largest values of every field', () => {
    const largest = {
      tokenId: 2n ** 32n - 1n,
      nonce: 2n ** 40n - 1n,
      balance: 2n ** 128n - 1n,
      ax: R - 1n,
      ay: R - 1n,
      ethAddr: 2n ** 160n - 1n,
    };
    expect(accountLeafHash(largest)).toBe(oracle([2n ** 200n - 1n, R - 1n, R - 1n, 2n ** 160n - 1n]));
  });
});
