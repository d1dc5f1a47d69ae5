import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/modulo.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

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

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
