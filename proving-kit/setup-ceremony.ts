import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bytesToHex } from '@noble/hashes/utils.js';
import { readOneSection, sha256File } from './binfile.js';
import { ffjavascript, snarkjs, type Logger } from './ffjs.js';
import { ModuloError } from '../core/errors.js';
import { writeKeyMeta, type CeremonyKeyMeta, type CircuitBuild } from './key-meta.js';
import { domainPower, readR1cs } from './r1cs-file.js';

/**
 * Production setup: Groth16 phase 2 over a public powers-of-tau file (phase 1), step by step as
 * docs/setup.md tells operators and contributors. State lives in one directory:
 *   ceremony.json            what was done, by whom, with which hashes
 *   circuit_0000.zkey        `zkey new` (γ = δ: forgeable, never exported)
 *   circuit_000N.zkey        after contribution N
 *   circuit_final.zkey       after the random beacon
 * The key is safe if one contributor destroyed their randomness; `verify` re-derives it from the r1cs
 * and the ptau and checks every contribution, and `install` refuses a key that does not verify.
 */
export interface CeremonyState {
  readonly circuit: string;
  readonly circuitHash: string;
  /** How a linked r1cs was built (its parts); absent for a circuit compiled whole. */
  readonly build?: CircuitBuild;
  readonly r1cs: string;
  readonly r1csSha256: string;
  readonly ptau: { readonly file: string; readonly sha256: string; readonly power: number };
  readonly zkeys: string[];
  readonly contributions: Array<{ name: string; hash: string }>;
  beacon?: { hash: string; iterationsExp: number };
}

type Log = (line: string) => void;

const STATE = 'ceremony.json';

export function readCeremony(dir: string): CeremonyState {
  return JSON.parse(readFileSync(join(dir, STATE), 'utf8')) as CeremonyState;
}

function saveCeremony(dir: string, state: CeremonyState): void {
  writeFileSync(join(dir, STATE), `${JSON.stringify(state, null, 2)}\n`);
}

function latest(dir: string, state: CeremonyState): string {
  return join(dir, state.zkeys[state.zkeys.length - 1]!);
}

/** snarkjs reports through a logger; progress (debug) is dropped, the rest goes to `log`. */
function snarkLogger(log: Log): Logger {
  return { debug: () => {}, info: (m) => log(`  ${m}`), warn: (m) => log(`  warning: ${m}`), error: (m) => log(`  error: ${m}`) };
}

/** log2 of the largest domain a prepared ptau serves (its header: n8, q, power, ceremony power). */
export function ptauPower(ptauPath: string): number {
  const head = readOneSection(ptauPath, 'ptau', 1);
  return head.readUInt32LE(4 + head.readUInt32LE(0));
}

/** Step 1 (operator): the initial key from the r1cs and a prepared phase-1 file. */
export async function ceremonyNew(opts: { circuit: string; circuitHash?: string; build?: CircuitBuild; r1csPath: string; ptauPath: string; dir: string; log?: Log }): Promise<CeremonyState> {
  const log = opts.log ?? console.log;
  const power = ptauPower(opts.ptauPath);
  const needed = domainPower(readR1cs(opts.r1csPath));
  if (needed > power) {
    throw new ModuloError('CIRCUIT_TOO_LARGE', `${opts.circuit} needs a 2^${needed} powers of tau, ${opts.ptauPath} has 2^${power}`, { needed, power });
  }
  mkdirSync(opts.dir, { recursive: true });
  const first = 'circuit_0000.zkey';
  log(`ceremony: zkey new ${opts.circuit} (2^${needed} domain) from ${basename(opts.ptauPath)}`);
  const hash = await snarkjs.zKey.newZKey(opts.r1csPath, opts.ptauPath, join(opts.dir, first), snarkLogger(log));
  if (hash === -1) throw new ModuloError('CEREMONY_STEP_FAILED', 'snarkjs zkey new failed (see the log above)');
  const state: CeremonyState = {
    circuit: opts.circuit,
    circuitHash: opts.circuitHash ?? '',
    ...(opts.build ? { build: opts.build } : {}),
    r1cs: resolve(opts.r1csPath),
    r1csSha256: sha256File(opts.r1csPath),
    ptau: { file: resolve(opts.ptauPath), sha256: sha256File(opts.ptauPath), power },
    zkeys: [first],
    contributions: [],
  };
  saveCeremony(opts.dir, state);
  return state;
}

/**
 * Step 2 (each contributor, in turn): a new key from the latest one with fresh randomness; snarkjs mixes
 * `entropy` with 64 random bytes of its own. Returns the contribution hash the contributor publishes.
 */
export async function ceremonyContribute(opts: { dir: string; name: string; entropy?: string; log?: Log }): Promise<string> {
  const log = opts.log ?? console.log;
  const state = readCeremony(opts.dir);
  if (state.beacon) throw new ModuloError('CEREMONY_STEP_FAILED', 'the beacon closed this ceremony; no more contributions');
  const next = `circuit_${String(state.zkeys.length).padStart(4, '0')}.zkey`;
  log(`ceremony: contribution ${state.zkeys.length} by ${opts.name}`);
  const entropy = opts.entropy ?? randomBytes(32).toString('hex');
  const hash = await snarkjs.zKey.contribute(latest(opts.dir, state), join(opts.dir, next), opts.name, entropy, snarkLogger(log));
  const hex = bytesToHex(hash);
  state.zkeys.push(next);
  state.contributions.push({ name: opts.name, hash: hex });
  saveCeremony(opts.dir, state);
  return hex;
}

/**
 * Step 2, remote variant (operator): takes a key a contributor made elsewhere with `snarkjs zkey
 * contribute`, checks that it extends this ceremony's latest key by exactly one contribution and that
 * the whole chain verifies against the r1cs and the ptau, then records it. Returns its contribution hash.
 */
export async function ceremonyAccept(opts: { dir: string; file: string; name: string; log?: Log }): Promise<string> {
  const state = readCeremony(opts.dir);
  if (state.beacon) throw new ModuloError('CEREMONY_STEP_FAILED', 'the beacon closed this ceremony; no more contributions');
  const hashes = await contributionHashes(opts.file);
  const known = state.contributions.map((c) => c.hash);
  if (hashes.length !== known.length + 1 || known.some((h, i) => hashes[i] !== h)) {
    throw new ModuloError('CEREMONY_STEP_FAILED', `${opts.file} does not extend ${state.zkeys[state.zkeys.length - 1]} by one contribution`, { hashes, known });
  }
  const next = `circuit_${String(state.zkeys.length).padStart(4, '0')}.zkey`;
  copyFileSync(opts.file, join(opts.dir, next));
  state.zkeys.push(next);
  try {
    await ceremonyVerifyFile(state, join(opts.dir, next), opts.log ?? console.log);
  } catch (err) {
    rmSync(join(opts.dir, next));
    throw err;
  }
  const hash = hashes[hashes.length - 1]!;
  state.contributions.push({ name: opts.name, hash });
  saveCeremony(opts.dir, state);
  return hash;
}

/**
 * The hash `snarkjs zkey contribute` prints for each contribution in a key, in order: blake2b-512 of
 * δ after it, its proof of knowledge (g1_s, g1_sx, g2_spx, uncompressed) and its transcript. Contributors
 * publish theirs; anyone can match them against the final key.
 */
export async function contributionHashes(zkeyPath: string): Promise<string[]> {
  const mpc = readOneSection(zkeyPath, 'zkey', 10);
  const curve = await ffjavascript.buildBn128(true);
  const uncompressed = (group: 'G1' | 'G2', at: number) => {
    const G = curve[group];
    const out = new Uint8Array(G.F.n8 * 2);
    G.toRprUncompressed(out, 0, G.fromRprLEM(mpc, at));
    return out;
  };
  const hashes: string[] = [];
  let pos = 68;
  for (let i = 0; i < mpc.readUInt32LE(64); i++) {
    const h = createHash('blake2b512');
    for (const [group, size] of [['G1', 64], ['G1', 64], ['G1', 64], ['G2', 128]] as const) {
      h.update(uncompressed(group, pos));
      pos += size;
    }
    h.update(mpc.subarray(pos, pos + 64));
    pos += 64 + 4; // transcript, type
    pos += 4 + mpc.readUInt32LE(pos); // parameters (name, beacon)
    hashes.push(h.digest('hex'));
  }
  return hashes;
}

/** Step 3 (operator): the last contribution from a public random beacon announced in advance. */
export async function ceremonyBeacon(opts: { dir: string; beaconHash: string; iterationsExp: number; log?: Log }): Promise<void> {
  const log = opts.log ?? console.log;
  const state = readCeremony(opts.dir);
  if (state.contributions.length === 0) {
    throw new ModuloError('CEREMONY_STEP_FAILED', 'a beacon over a key without contributions leaves it public: contribute first');
  }
  log(`ceremony: beacon ${opts.beaconHash} (2^${opts.iterationsExp} iterations)`);
  const ok = await snarkjs.zKey.beacon(latest(opts.dir, state), join(opts.dir, 'circuit_final.zkey'), 'final beacon', opts.beaconHash, opts.iterationsExp, snarkLogger(log));
  if (ok === false) throw new ModuloError('CEREMONY_STEP_FAILED', 'snarkjs zkey beacon refused the parameters (hex hash, 10..63 iterations)');
  state.zkeys.push('circuit_final.zkey');
  state.beacon = { hash: opts.beaconHash, iterationsExp: opts.iterationsExp };
  saveCeremony(opts.dir, state);
}

/** Step 4 (anyone): re-derives the key from r1cs + ptau and checks every contribution in it. */
export async function ceremonyVerify(opts: { dir: string; log?: Log }): Promise<void> {
  const state = readCeremony(opts.dir);
  await ceremonyVerifyFile(state, latest(opts.dir, state), opts.log ?? console.log);
}

async function ceremonyVerifyFile(state: CeremonyState, zkey: string, log: Log): Promise<void> {
  log(`ceremony: zkey verify ${basename(zkey)} against ${basename(state.r1cs)} and ${basename(state.ptau.file)}`);
  const ok = await snarkjs.zKey.verifyFromR1cs(state.r1cs, state.ptau.file, zkey, snarkLogger(log));
  if (!ok) throw new ModuloError('CEREMONY_VERIFY_FAILED', `${zkey} does not verify against ${state.r1cs} and ${state.ptau.file}`, { zkey });
}

/** Step 5 (operator): verifies, then installs the final key where `make circuits` exports it from. */
export async function ceremonyInstall(opts: { dir: string; zkeyPath: string; log?: Log }): Promise<CeremonyKeyMeta> {
  const state = readCeremony(opts.dir);
  if (!state.beacon) throw new ModuloError('CEREMONY_STEP_FAILED', 'no beacon yet: run `beacon` before installing');
  if (!existsSync(state.r1cs) || sha256File(state.r1cs) !== state.r1csSha256) {
    throw new ModuloError('CEREMONY_VERIFY_FAILED', `${state.r1cs} changed since the ceremony began: the key is for another circuit`);
  }
  await ceremonyVerify({ dir: opts.dir, log: opts.log });
  const r1cs = readR1cs(state.r1cs);
  copyFileSync(latest(opts.dir, state), opts.zkeyPath);
  const meta: CeremonyKeyMeta = {
    insecure: false,
    setup: 'ceremony',
    ...(state.build ? { build: state.build } : {}),
    circuit: state.circuit,
    circuitHash: state.circuitHash,
    r1csSha256: state.r1csSha256,
    zkeySha256: sha256File(opts.zkeyPath),
    nConstraints: r1cs.nConstraints,
    nVars: r1cs.nVars,
    nPublic: r1cs.nPublic,
    domainSize: 2 ** domainPower(r1cs),
    createdAt: new Date().toISOString(),
    ptau: { file: basename(state.ptau.file), sha256: state.ptau.sha256 },
    contributions: state.contributions,
    beacon: state.beacon,
  };
  writeKeyMeta(opts.zkeyPath, meta);
  return meta;
}
