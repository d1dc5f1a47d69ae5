import { describe, expect, test } from 'vitest';
import { describeError, ERROR_CODES, isRetryable, ModuloError, type ModuloErrorCode } from '../../core/errors.js';

const ALL: readonly string[] = Object.values(ERROR_CODES).flat();

describe('ERROR_CODES', () => {
  test('every code is declared once, in one namespace', () => {
    const seen = new Map<string, string[]>();
    for (const [namespace, codes] of Object.entries(ERROR_CODES)) {
      for (const code of codes) seen.set(code, [...(seen.get(code) ?? []), namespace]);
    }
    expect([...seen].filter(([, namespaces]) => namespaces.length > 1)).toEqual([]);
    expect(seen.size).toBe(ALL.length);
  });

  test('codes are UPPER_SNAKE (the CLI and the sequencer pass on only such codes)', () => {
    for (const code of ALL) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  });

  test('the duplicates are merged: one USAGE, L1_UNREACHABLE, BAD_RESPONSE; no UNREACHABLE or BAD_OPTIONS', () => {
    expect(ERROR_CODES.usage).toEqual(['USAGE']);
    expect(ERROR_CODES.network).toEqual(expect.arrayContaining(['L1_UNREACHABLE', 'SEQUENCER_UNREACHABLE', 'BAD_RESPONSE']));
    expect(ALL).not.toContain('UNREACHABLE');
    expect(ALL).not.toContain('BAD_OPTIONS');
  });
});

describe('ModuloError', () => {
  test('carries its code, message and offending values; not retryable unless told', () => {
    const error = new ModuloError('WRONG_NONCE', 'nonce 3, expected 4', { nonce: 3n });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ModuloError', code: 'WRONG_NONCE', message: 'nonce 3, expected 4', details: { nonce: 3n }, retryable: false });
    expect(error.cause).toBeUndefined();
    expect(new ModuloError('INTERNAL', 'x').details).toEqual({});
  });

  test('keeps the error it explains as `cause`', () => {
    const original = new TypeError('fetch failed');
    const error = new ModuloError('SEQUENCER_UNREACHABLE', 'the sequencer does not answer', {}, { cause: original, retryable: true });
    expect(error.cause).toBe(original);
    expect(error.retryable).toBe(true);
    const rethrown = new ModuloError('START_FAILED', error.message, {}, { cause: error });
    expect((rethrown.cause as ModuloError).cause).toBe(original);
  });
});

describe('describeError and isRetryable', () => {
  test.each([
    [new ModuloError('JOB_DONE', 'proven by another worker'), 'JOB_DONE: proven by another worker'],
    [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED: refused'],
    [new Error('plain'), 'plain'],
    ['a string', 'a string'],
  ])('describeError(%s)', (error, line) => {
    expect(describeError(error)).toBe(line);
  });

  test('only a ModuloError marked retryable is retryable', () => {
    const code: ModuloErrorCode = 'SEQUENCER_UNREACHABLE';
    expect(isRetryable(new ModuloError(code, 'm', {}, { retryable: true }))).toBe(true);
    expect(isRetryable(new ModuloError(code, 'm'))).toBe(false);
    expect(isRetryable(Object.assign(new Error('m'), { retryable: true }))).toBe(false);
  });
});
