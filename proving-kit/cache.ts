import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { metaPathFor, type KeyMeta } from './key-meta.js';

/**
 * Setup outputs are cached next to the compiled circuit (build/circuits/<name>/) and keyed by the
 * circuit's content hash: a key is reused while its sidecar names the same hash and setup, and made
 * again (or refused, for ceremony keys) when the circuit changed.
 */
export function cachedKey(zkeyPath: string, circuitHash: string, setup: KeyMeta['setup']): KeyMeta | null {
  if (!existsSync(zkeyPath) || !existsSync(metaPathFor(zkeyPath))) return null;
  try {
    const meta = JSON.parse(readFileSync(metaPathFor(zkeyPath), 'utf8')) as KeyMeta;
    return meta.setup === setup && meta.circuitHash === circuitHash ? meta : null;
  } catch {
    return null;
  }
}

/**
 * Runs `body` holding a lock directory (owner pid inside), so parallel test workers and `make` never
 * set up the same circuit twice or read a key while another process replaces it. A lock whose owner
 * died is taken over.
 */
export async function withLock<T>(lock: string, log: (line: string) => void, body: () => Promise<T>): Promise<T> {
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (ownerGone(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!told) log(`circuits: waiting for ${lock}`);
      told = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  try {
    return await body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function ownerGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // No pid yet: just created, or its owner died before writing it.
    try {
      return Date.now() - statSync(lock).mtimeMs > 60_000;
    } catch {
      return true;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
