import { describe, expect, test } from 'vitest';
import { ERROR_CODES, ModuloError } from '../../core/errors.js';
import { exitStatusOf, makeIo, printError } from '../../cli/io.js';

function printed(error: unknown, json = false): { status: number; out: string; err: string } {
  let out = '';
  let err = '';
  const status = printError(makeIo(json, (s) => (out += s), (s) => (err += s)), error);
  return { status, out, err };
}

describe('exitStatusOf', () => {
  test('2 for USAGE, 3 for EXODUS_NOT_DUE (retry later), 1 for every other code, 1 for a code that is not ours', () => {
    const special: Record<string, number> = { USAGE: 2, EXODUS_NOT_DUE: 3 };
    for (const code of Object.values(ERROR_CODES).flat()) expect(exitStatusOf(code)).toBe(special[code] ?? 1);
    expect(exitStatusOf('ENOENT')).toBe(1);
    expect(exitStatusOf('toString')).toBe(1);
  });
});

describe('printError', () => {
  test('prints `code: message` and returns the status of the code', () => {
    expect(printed(new ModuloError('USAGE', 'usage: modulo x'))).toEqual({ status: 2, out: '', err: 'USAGE: usage: modulo x\n' });
    expect(printed(new ModuloError('L1_REVERTED', 'deposit reverted'))).toEqual({ status: 1, out: '', err: 'L1_REVERTED: deposit reverted\n' });
  });

  test('an error without a code is INTERNAL; with --json the error is also a JSON document on stdout', () => {
    const r = printed(new Error('boom'), true);
    expect(r).toMatchObject({ status: 1, err: 'INTERNAL: boom\n' });
    expect(JSON.parse(r.out)).toEqual({ error: { code: 'INTERNAL', message: 'boom' } });
  });
});
