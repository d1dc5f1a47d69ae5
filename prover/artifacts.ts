import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactKind } from '../api/artifacts.js';
import type { VerificationKey } from '../proving-kit/ffjs.js';
import { assertKeyAllowed, metaPathFor, type KeyMeta, type Network } from '../proving-kit/key-meta.js';
import { ModuloError } from '../core/errors.js';
import { sha256File } from './file-hash.js';
import type { SequencerClient } from './sequencer-client.js';

/** What proving one circuit needs, every file checked against the sha256 the sequencer announces. */
export interface CircuitFiles {
  readonly name: string;
  readonly wasm: string;
  readonly zkey: string;
  readonly vkey: VerificationKey;
  readonly sha256: { readonly wasm: string; readonly zkey: string; readonly vkey: string };
  /** The key's sidecar (setup, ceremony, hashes); null for a downloaded key the sequencer sent none for. */
  readonly keyMeta: KeyMeta | null;
}

type FileKind = 'wasm' | 'zkey' | 'vkey';
const KINDS: readonly FileKind[] = ['wasm', 'zkey', 'vkey'];

/**
 * Where `proving-kit/build-circuit.ts` puts each artifact under `<dir>/<name>/`, preferred first: a
 * ceremony key before a dev key, as the sequencer serves them (sequencer/artifacts.ts). The `wasm` of a
 * linked circuit is its witness bundle (proving-kit/witness-bundle.ts).
 */
const BUILD_LAYOUT: Record<FileKind, readonly string[]> = {
  wasm: ['main_js/main.wasm', 'main.linked.bin'],
  zkey: ['circuit.zkey', 'circuit.dev.zkey'],
  vkey: ['verification_key.json'],
};

export interface ArtifactStoreOptions {
  readonly client: SequencerClient;
  /**
   * `<dir>/<circuit>/`: a build output folder (files used when their sha256 is the sequencer's) and the
   * download cache (`<sha256>.<kind>`, content-addressed, shared safely by several workers).
   */
  readonly dir: string;
  readonly network: Network;
  readonly log?: (message: string, details?: Record<string, unknown>) => void;
}

/**
 * Finds a circuit's artifacts by name. For every job it asks the sequencer which sha256 each artifact
 * has now (three HEAD requests) and returns files with exactly those hashes: a build output in the
 * folder, else a cached download, else a fresh download (hash-checked while it streams). A proving key
 * then passes the network's key policy: dev keys only on devnet (proving-kit/key-meta.ts).
 */
export class ArtifactStore {
  readonly #o: ArtifactStoreOptions;
  readonly #resolved = new Map<string, Promise<CircuitFiles>>();

  constructor(o: ArtifactStoreOptions) {
    this.#o = o;
  }

  async forCircuit(name: string): Promise<CircuitFiles> {
    const hashes = await this.#announced(name);
    const key = `${name}:${hashes.wasm}:${hashes.zkey}:${hashes.vkey}:${hashes.meta ?? ''}`;
    let files = this.#resolved.get(key);
    if (files === undefined) {
      files = this.#resolve(name, hashes);
      files.catch(() => this.#resolved.delete(key));
      this.#resolved.set(key, files);
    }
    return files;
  }

  async #announced(name: string): Promise<Record<FileKind, string> & { meta: string | null }> {
    const [wasm, zkey, vkey, meta] = await Promise.all(
      (['wasm', 'zkey', 'vkey', 'meta'] as const).map((kind) => this.#o.client.artifactSha256(name, kind)),
    );
    for (const [kind, sha] of Object.entries({ wasm, zkey, vkey })) {
      if (sha === null) throw new ModuloError('ARTIFACT_MISSING', `the sequencer serves no ${kind} for circuit ${name}`, { circuit: name, kind }, { retryable: true });
    }
    return { wasm: wasm!, zkey: zkey!, vkey: vkey!, meta: meta ?? null };
  }

  async #resolve(name: string, hashes: Record<FileKind, string> & { meta: string | null }): Promise<CircuitFiles> {
    const paths = {} as Record<FileKind, string>;
    for (const kind of KINDS) paths[kind] = await this.#file(name, kind, hashes[kind]);
    const keyMeta = await this.#keyMeta(name, paths.zkey, hashes);
    this.#checkKey(name, keyMeta, hashes.zkey);
    const vkey = JSON.parse(readFileSync(paths.vkey, 'utf8')) as VerificationKey;
    this.#o.log?.('circuit artifacts ready', { circuit: name, ...paths, setup: keyMeta?.setup ?? 'unlabelled' });
    return { name, wasm: paths.wasm, zkey: paths.zkey, vkey, sha256: { wasm: hashes.wasm, zkey: hashes.zkey, vkey: hashes.vkey }, keyMeta };
  }

  /** A local file with the announced hash, else the cached download, else a new download. */
  async #file(name: string, kind: ArtifactKind, sha256: string): Promise<string> {
    const dir = join(this.#o.dir, name);
    for (const candidate of [...(BUILD_LAYOUT[kind as FileKind] ?? []), `${sha256}.${kind}`]) {
      const path = join(dir, candidate);
      if (!existsSync(path)) continue;
      const actual = await sha256File(path);
      if (actual === sha256) return path;
      this.#o.log?.('local artifact differs from the sequencer\'s; not used', { circuit: name, kind, path, actual, announced: sha256 });
    }
    const { path } = await this.#o.client.download(name, kind, dir);
    return path;
  }

  /** The key's sidecar: next to a local key, or served by the sequencer (kind `meta`) when it does. */
  async #keyMeta(name: string, zkeyPath: string, hashes: { meta: string | null }): Promise<KeyMeta | null> {
    if (existsSync(metaPathFor(zkeyPath))) return JSON.parse(readFileSync(metaPathFor(zkeyPath), 'utf8')) as KeyMeta;
    if (hashes.meta === null) return null;
    return JSON.parse(readFileSync(await this.#file(name, 'meta', hashes.meta), 'utf8')) as KeyMeta;
  }

  /**
   * A key without a sidecar is treated as a dev key (assertKeyAllowed's rule for unlabelled keys):
   * usable on devnet, refused elsewhere. A sidecar must describe this very key (its zkeySha256).
   */
  #checkKey(name: string, meta: KeyMeta | null, zkeySha256: string): void {
    if (meta === null) {
      if (this.#o.network !== 'devnet') {
        throw new ModuloError('KEY_META_MISSING', `the ${name} proving key came without its sidecar: refusing a key of unknown origin on ${this.#o.network}`, { circuit: name });
      }
      assertKeyAllowed({ setup: 'dev', insecure: true, circuit: name }, this.#o.network);
      return;
    }
    if (meta.zkeySha256 !== zkeySha256) {
      throw new ModuloError('HASH_MISMATCH', `the ${name} key's sidecar describes key ${meta.zkeySha256}, not ${zkeySha256}`, { circuit: name });
    }
    assertKeyAllowed(meta, this.#o.network);
  }
}
