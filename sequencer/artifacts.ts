import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactKind } from '../api/artifacts.js';
import { ModuloError } from '../core/errors.js';

/**
 * Which file of `build/circuits/<name>/` (searched recursively) is which artifact, first match wins:
 * proving-kit/build-circuit.ts writes main_js/main.wasm (or main.linked.bin, the witness bundle of a
 * linked circuit: proving-kit/witness-bundle.ts), circuit.zkey (ceremony) or circuit.dev.zkey (devnet)
 * and verification_key.json; the other patterns take snarkjs' usual names.
 */
const PATTERNS: Record<ArtifactKind, RegExp[]> = {
  wasm: [/\.wasm$/, /^main\.linked\.bin$/],
  zkey: [/^circuit\.zkey$/, /^circuit\.dev\.zkey$/, /final\.zkey$/, /(?<!_\d{4})\.zkey$/],
  vkey: [/^verification_key\.json$/, /vkey\.json$/, /verification.*\.json$/],
  meta: [/^circuit\.zkey\.meta\.json$/, /^circuit\.dev\.zkey\.meta\.json$/, /\.zkey\.meta\.json$/],
};

function files(dir: string, depth = 3): string[] {
  if (!existsSync(dir) || depth < 0) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), depth - 1) : [join(dir, e.name)],
  );
}

/**
 * The circuit artifacts prover workers download (GET /v1/circuits/:name/:kind) and the sequencer
 * verifies proofs with, found under `<root>/<name>/` as proving-kit/build-circuit.ts lays them out; each
 * file's sha256 is computed once per (size, mtime) and sent in a header, so workers can check and cache.
 */
export class CircuitArtifacts {
  readonly root: string;
  readonly #digests = new Map<string, { key: string; sha256: string }>();

  constructor(root: string) {
    this.root = root;
  }

  path(name: string, kind: ArtifactKind): string {
    if (!/^[a-zA-Z0-9_-]+$/.test(name)) throw new ModuloError('NOT_FOUND', `no circuit named ${name}`);
    const all = files(join(this.root, name));
    for (const pattern of PATTERNS[kind]) {
      const found = all.filter((f) => pattern.test(f.split('/').pop()!)).sort();
      if (found[0] !== undefined) return found[0];
    }
    throw new ModuloError('ARTIFACT_MISSING', `no ${kind} for circuit ${name} under ${join(this.root, name)} (run the circuit build)`, {
      circuit: name,
      kind,
    });
  }

  async sha256(path: string): Promise<string> {
    const { size, mtimeMs } = statSync(path);
    const key = `${size}:${mtimeMs}`;
    const cached = this.#digests.get(path);
    if (cached?.key === key) return cached.sha256;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    const sha256 = hash.digest('hex');
    this.#digests.set(path, { key, sha256 });
    return sha256;
  }
}
