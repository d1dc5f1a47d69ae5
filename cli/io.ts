import type { ModuloErrorCode } from '../core/errors.js';
import { toHex } from '../core/bits.js';

/**
 * Printing for every command: human lines on stdout, `code: message` on stderr for errors, and with --json
 * one JSON document on stdout (bigints as decimal strings) instead of the lines.
 */
export interface Io {
  readonly json: boolean;
  /** A human line (dropped with --json). */
  line(text?: string): void;
  /** The command's result: printed as JSON with --json. */
  result(value: unknown): void;
  /** Progress and notes on stderr (kept with --json, so stdout stays one JSON document). */
  note(text: string): void;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? toHex(v) : v), 2);
}

export function makeIo(json: boolean, out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Io {
  return {
    json,
    line: (text = '') => {
      if (!json) out(`${text}\n`);
    },
    result: (value) => {
      if (json) out(`${toJson(value)}\n`);
    },
    note: (text) => err(`${text}\n`),
  };
}

/**
 * THE place error codes become exit statuses: 2 when the command line is wrong (the same command cannot
 * work), 3 when it is too early (the same command works later: exodus not due yet, so a script can wait
 * and retry), 1 for every other failure. 0 is success; a command that runs to the end decides its own status.
 */
const EXIT_STATUS: Partial<Record<ModuloErrorCode, number>> = {
  USAGE: 2,
  EXODUS_NOT_DUE: 3,
};
const FAILED = 1;

export function exitStatusOf(code: string): number {
  return Object.hasOwn(EXIT_STATUS, code) ? EXIT_STATUS[code as ModuloErrorCode]! : FAILED;
}

interface CodedError {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

function coded(error: unknown): CodedError | null {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(error.code)) {
    return { code: error.code, message: error.message, details: (error as { details?: unknown }).details };
  }
  return null;
}

/** Prints an error as `code: message` on stderr (and as JSON with --json); returns the exit status (2 for usage). */
export function printError(io: Io, error: unknown): number {
  const c = coded(error) ?? { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
  io.note(`${c.code}: ${c.message}`);
  if (c.code === 'INTERNAL' && process.env.MODULO_DEBUG && error instanceof Error) io.note(`${error.stack}`);
  if (io.json) io.result({ error: { code: c.code, message: c.message, ...(c.details !== undefined ? { details: c.details } : {}) } });
  return exitStatusOf(c.code);
}

/** `0xabcdef…1234` for a long hex string. */
export function short(hex: string, keep = 10): string {
  return hex.length <= keep * 2 + 1 ? hex : `${hex.slice(0, keep)}…${hex.slice(-4)}`;
}
