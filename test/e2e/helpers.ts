import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/modulo.js';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `modulo <argv>` in this process, its output captured. */
export async function modulo(argv: readonly string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

/** `modulo <argv> --json` that must succeed: its JSON result. */
export async function moduloJson<T = Record<string, unknown>>(argv: readonly string[]): Promise<T> {
  const r = await modulo([...argv, '--json']);
  if (r.code !== 0) throw new Error(`modulo ${argv.join(' ')} exited ${r.code}:\n${r.err}`);
  return JSON.parse(r.out) as T;
}
