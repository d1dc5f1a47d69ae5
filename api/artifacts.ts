import Type, { type Static } from 'typebox';
import { stringEnum } from './scalars.js';

/**
 * GET (or HEAD) /v1/circuits/:name/:kind: the files a prover worker needs. `wasm` computes the witness:
 * circom's WebAssembly, or for a linked circuit its witness bundle (application/octet-stream; docs/setup.md,
 * "Linked circuits"). `meta` is the key's sidecar (insecure dev key or ceremony key, and the key's sha256).
 */
export const ArtifactKind = stringEnum(['wasm', 'zkey', 'vkey', 'meta']);
export type ArtifactKind = Static<typeof ArtifactKind>;

export const CircuitParams = Type.Object(
  { name: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,64}$' }), kind: ArtifactKind },
  { additionalProperties: false },
);
export type CircuitParams = Static<typeof CircuitParams>;

/** The header carrying an artifact's sha256 (hex), so a worker can verify and cache what it downloads. */
export const SHA256_HEADER = 'x-content-sha256';

export const ARTIFACT_CONTENT_TYPES: Record<ArtifactKind, string> = {
  wasm: 'application/wasm',
  zkey: 'application/octet-stream',
  vkey: 'application/json',
  meta: 'application/json',
};
