import { describe, expect, test } from 'vitest';
import { exactFee, feeAtLeast, formatAmount, l2Amount, parseAmount } from '../../wallet/amounts.js';
import { ModuloError } from '../../core/errors.js';

describe('parseAmount', () => {
  test.each([
    ['1', 18, 10n ** 18n],
    ['1.5', 18, 15n * 10n ** 17n],
    ['0.000001', 18, 10n ** 12n],
    ['100', 6, 100_000_000n],
    ['0', 18, 0n],
  ])('reads %s with %i decimals', (text, decimals, expected) => {
    expect(parseAmount(text, decimals)).toBe(expected);
  });

  test.each(['-1', '1e18', '1.', '.5', '1,5', '', 'abc', '1.2.3'])('refuses "%s"', (text) => {
    expect(() => parseAmount(text, 18)).toThrow(ModuloError);
  });

  test('refuses more decimals than the token has', () => {
    expect(() => parseAmount('1.0000001', 6)).toThrow(/has 7 decimals; this token has 6/);
  });
});

describe('formatAmount', () => {
  test.each([
    [10n ** 18n, 18, '1'],
    [15n * 10n ** 17n, 18, '1.5'],
    [1n, 18, '0.000000000000000001'],
    [0n, 6, '0'],
  ])('writes %s with %i decimals as %s', (value, decimals, expected) => {
    expect(formatAmount(value, decimals)).toBe(expected);
  });
});

describe('l2Amount', () => {
  test('keeps a representable amount as it is', () => {
    expect(l2Amount(123456n * 10n ** 12n)).toEqual({ amount: 123456n * 10n ** 12n, requested: 123456n * 10n ** 12n, rounded: false });
  });

  test('rounds an amount with too many significant digits down, with core\'s floorToFloat', () => {
    const requested = 1234567n * 10n ** 11n; // 0.1234567 ETH: 7 significant digits
    expect(l2Amount(requested)).toEqual({ amount: 123456n * 10n ** 12n, requested, rounded: true });
  });
});

describe('fees', () => {
  test.each([
    [10n ** 12n, 10n ** 12n],
    [25n * 10n ** 13n, 3n * 10n ** 14n],
    [8n, 10n],
    [0n, 0n],
  ])('the smallest representable fee not below %s is %s', (minFee, expected) => {
    expect(feeAtLeast(minFee)).toBe(expected);
  });

  test('a fee the user gives must be exact, and the refusal names both neighbours', () => {
    expect(exactFee(2n * 10n ** 14n, 18)).toBe(2n * 10n ** 14n);
    expect(() => exactFee(25n * 10n ** 13n, 18)).toThrow(/0\.00025 is not: use 0\.0002 or 0\.0003/);
  });
});
