import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cachedKey } from './cache.js';
import type { CircuitEntry } from '../core/circuits.js';
import { compileBatch, type BatchCompile } from './compile-batch.js';
import { exportCircuitKeys } from './export.js';
import { sha256File } from './binfile.js';
import { ModuloError } from '../core/errors.js';
import { NETWORKS, readKeyMeta, type KeyMeta, type Network } from './key-meta.js';
import { withLock } from './lock.js';
import { setupDev } from './setup-dev.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * What `make circuits` leaves in build/circuits/<name>/, next to the compile's main.r1cs and its
 * witness calculator (main_js/main.wasm, or main.linked.bin for a linked circuit).
 */
export interface CircuitArtifacts {
  readonly name: string;
  readonly compiled: BatchCompile;
  readonly zkey: string;
  readonly meta: KeyMeta;
  readonly vkPath: string;
  readonly verifierPath: string;
  readonly contractName: string;
  /** False when the key came from the cache. */
  readonly setupRan: boolean;
}

export interface BuildOptions {
  /** devnet (default) makes or reuses a dev key; testnet and mainnet need an installed ceremony key. */
  readonly network?: Network;
  /** Run the dev setup even when a key for this circuit hash exists. */
  readonly force?: boolean;
  readonly log?: (line: string) => void;
  /** Where verifiers go (tests point this elsewhere); default contracts/verifiers. */
  readonly verifiersDir?: string;
  /** Sizes and form to build under `name` instead of circuits.json's entry (tests). */
  readonly config?: CircuitEntry;
  /** Compile with --simplification_substitution (the same r1cs; tests share such compiles with their oracles). */
  readonly substitutions?: boolean;
}

export const DEV_ZKEY = 'circuit.dev.zkey';
export const CEREMONY_ZKEY = 'circuit.zkey';

/**
 * Compile (cached by content hash), set up (cached by the same hash), export the verification key and
 * the Solidity verifier. Serialized per circuit across processes.
 */
export async function buildCircuit(name: string, opts: BuildOptions = {}): Promise<CircuitArtifacts> {
  const network = opts.network ?? 'devnet';
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const compiled = await compileBatch(name, { log, ...(opts.config ? { config: opts.config } : {}), ...(opts.substitutions ? { substitutions: true } : {}) });
  return withLock(join(compiled.dir, '..', `${name}.setup.lock`), (line) => log(`circuits: ${line}`), async () => {
    let setupRan = false;
    let zkey: string;
    let meta: KeyMeta | null;
    if (network === 'devnet') {
      zkey = join(compiled.dir, DEV_ZKEY);
      meta = opts.force ? null : cachedKey(zkey, compiled.hash, 'dev');
      if (!meta) {
        log(`circuits: dev setup of ${name} (${compiled.constraints} constraints${compiled.build ? `, ${compiled.form}` : ''})`);
        meta = await setupDev({ r1csPath: compiled.r1cs, zkeyPath: zkey, circuit: name, circuitHash: compiled.hash, ...(compiled.build ? { build: compiled.build } : {}), log });
        setupRan = true;
      }
    } else {
      zkey = join(compiled.dir, CEREMONY_ZKEY);
      meta = cachedKey(zkey, compiled.hash, 'ceremony') ?? sameR1cs(zkey, compiled.r1cs);
      if (!meta) {
        throw new ModuloError(
          'KEY_META_MISSING',
          `${network} needs a ceremony key for ${name} at ${relative(ROOT, zkey)} made for circuit hash ${compiled.hash}; run the ceremony (docs/setup.md)`,
          { circuit: name, network, circuitHash: compiled.hash },
        );
      }
    }
    const exported = await exportCircuitKeys({ circuit: name, zkeyPath: zkey, outDir: compiled.dir, network, verifiersDir: opts.verifiersDir });
    return { name, compiled, zkey, meta, setupRan, ...exported };
  });
}

/** A ceremony key stays valid across toolchain changes that leave the r1cs byte for byte the same. */
function sameR1cs(zkey: string, r1cs: string): KeyMeta | null {
  try {
    const meta = readKeyMeta(zkey);
    return meta.setup === 'ceremony' && meta.r1csSha256 === sha256File(r1cs) ? meta : null;
  } catch {
    return null;
  }
}
