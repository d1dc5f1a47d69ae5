import { existsSync, readFileSync } from 'node:fs';
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
