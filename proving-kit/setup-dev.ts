import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { FIELD_MODULUS } from '../core/field.js';
import { sha256File } from './binfile.js';
import { ffjavascript, type Curve } from './ffjs.js';
import { FixedBasePool, POINT_BYTES, type Group } from './fixed-base.js';
import { DEV_KEY_WARNING, writeKeyMeta, type CircuitBuild, type DevKeyMeta } from './key-meta.js';
import { evaluateQap, type ToxicWaste } from './qap.js';
import { domainPower, readR1cs, type R1cs } from './r1cs-file.js';
import { coefficientSection, mpcSection, pointLem, writeZkey } from './zkey-file.js';
import { ModuloError } from '../core/errors.js';

export { assertKeyAllowed } from './key-meta.js';

/**
 * Dev setup: a Groth16 proving key from randomness this process draws and forgets, the way gnark's and
 * arkworks' test setups work, in O(constraints) instead of a ceremony. The .zkey it writes is a standard
 * snarkjs 0.7 key (snarkjs and rapidsnark prove with it) whose sections are exactly those `snarkjs zkey
 * new` + one `zkey contribute` would produce for the same τ, α, β, δ (γ is random too, where snarkjs
 * keeps γ = 1; test/circuits/setup-dev.test.ts checks the match byte for byte with γ = 1).
 * INSECURE by construction: the key is marked dev and refused outside devnet (assertKeyAllowed).
 */
export interface SetupDevOptions {
  readonly r1csPath: string;
  /** Where the key goes: `*.dev.zkey`, so the name says what it is. The sidecar `<zkey>.meta.json` goes next to it. */
  readonly zkeyPath: string;
  readonly circuit: string;
  readonly circuitHash?: string;
  /** How the r1cs was built, for the sidecar (a linked circuit's parts). */
  readonly build?: CircuitBuild;
  readonly threads?: number;
  readonly log?: (line: string) => void;
}

export async function setupDev(opts: SetupDevOptions): Promise<DevKeyMeta> {
  if (!opts.zkeyPath.endsWith('.dev.zkey')) throw new ModuloError('USAGE', `${opts.zkeyPath}: a dev key's file name must end in .dev.zkey`, { zkeyPath: opts.zkeyPath });
  const started = Date.now();
  const toxic = randomToxicWaste(FIELD_MODULUS);
  let r1cs: R1cs;
  try {
    r1cs = await writeZkeyFromToxicWaste(opts.r1csPath, `${opts.zkeyPath}.partial`, toxic, opts);
  } finally {
    for (const secret of Object.values(toxic)) secret.fill(0);
  }
  renameSync(`${opts.zkeyPath}.partial`, opts.zkeyPath);
  const meta: DevKeyMeta = {
    insecure: true,
    setup: 'dev',
    warning: DEV_KEY_WARNING,
    ...(opts.build ? { build: opts.build } : {}),
    circuit: opts.circuit,
    circuitHash: opts.circuitHash ?? '',
    r1csSha256: sha256File(opts.r1csPath),
    zkeySha256: sha256File(opts.zkeyPath),
    nConstraints: r1cs.nConstraints,
    nVars: r1cs.nVars,
    nPublic: r1cs.nPublic,
    domainSize: 2 ** domainPower(r1cs),
    createdAt: new Date().toISOString(),
  };
  writeKeyMeta(opts.zkeyPath, meta);
  opts.log?.(`setup-dev: ${opts.circuit} done in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${opts.zkeyPath}`);
  return meta;
}

/** Five independent uniform non-zero scalars with γ ≠ δ (a key with γ = δ is forgeable). */
export function randomToxicWaste(r: bigint): ToxicWaste {
  const draw = () => {
    for (;;) {
      const v = bytesToNumberLE(randomBytes(64)) % r;
      if (v !== 0n) return numberToBytesLE(v, 32);
    }
  };
  const toxic = { tau: draw(), alpha: draw(), beta: draw(), gamma: draw(), delta: draw() };
  if (Buffer.compare(toxic.gamma, toxic.delta) === 0) return randomToxicWaste(r);
  return toxic;
}

/**
 * The whole construction for given secrets. Exported for tests, which derive the secrets of a snarkjs
 * key from its beacons; production code calls setupDev, which never lets the secrets leave memory.
 */
export async function writeZkeyFromToxicWaste(
  r1csPath: string,
  zkeyPath: string,
  toxic: ToxicWaste,
  opts: Pick<SetupDevOptions, 'threads' | 'log'> & { contributionName?: string } = {},
): Promise<R1cs> {
  const log = opts.log ?? (() => {});
  const step = timer(log);
  const curve = await ffjavascript.buildBn128(true);
  const r1cs = readR1cs(r1csPath);
  if (r1cs.prime !== curve.r) throw new ModuloError('MALFORMED', `${r1csPath}: not a BN254 circuit`, { r1csPath });
  step(`read r1cs: ${r1cs.nConstraints} constraints, ${r1cs.nVars} wires, ${r1cs.nPublic} public`);
  const q = evaluateQap(curve, r1cs, toxic);
  step(`QAP at τ over the 2^${q.power} domain`);
  const coefs = coefficientSection(curve, r1cs);
  step('coefficient section');

  const pool = await FixedBasePool.create(opts.threads);
  try {
    const g1 = await multiply(pool, 'G1', [q.ic, q.a, q.b, q.c, q.h], log);
    step(`G1 points on ${pool.threads} threads`);
    const [b2] = await multiply(pool, 'G2', [q.b], log);
    step('G2 points');
    const [ic, a, b1, c, h] = g1 as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    writeZkey(zkeyPath, {
      q: curve.q, r1cs, domainSize: q.domainSize, header: headerPoints(curve, toxic), coefs, ic, a, b1, b2: b2!, c, h,
      mpc: mpcSection(curve, toxic.delta, opts.contributionName ?? 'modulo dev setup: INSECURE, single party'),
    });
    step(`wrote ${zkeyPath}`);
  } finally {
    await pool.close();
  }
  return r1cs;
}

function headerPoints(curve: Curve, t: ToxicWaste) {
  const g1 = (s: Uint8Array) => pointLem(curve, 'G1', curve.G1.timesScalar(curve.G1.g, s));
  const g2 = (s: Uint8Array) => pointLem(curve, 'G2', curve.G2.timesScalar(curve.G2.g, s));
  return { alpha1: g1(t.alpha), beta1: g1(t.beta), beta2: g2(t.beta), gamma2: g2(t.gamma), delta1: g1(t.delta), delta2: g2(t.delta) };
}

/** One pool call for all sections of a group (the workers build their tables once), split back. */
async function multiply(pool: FixedBasePool, group: Group, parts: Uint8Array[], log: (l: string) => void): Promise<Uint8Array[]> {
  const all = Buffer.concat(parts);
  const progress = throttled(log, `${group} points`);
  const points = await pool.mul(group, all, progress);
  const size = POINT_BYTES[group];
  let at = 0;
  return parts.map((p) => {
    const n = p.byteLength / 32;
    const out = points.subarray(at * size, (at + n) * size);
    at += n;
    return out;
  });
}

function throttled(log: (l: string) => void, what: string) {
  const start = Date.now();
  let last = 0;
  return (done: number, total: number) => {
    const now = Date.now();
    if (done < total && now - last < 2000) return;
    last = now;
    const s = (now - start) / 1000;
    const eta = done < total ? `, ~${((s / done) * (total - done)).toFixed(0)} s left` : '';
    log(`  ${what}: ${done}/${total} (${Math.floor((100 * done) / total)}%) ${s.toFixed(1)} s${eta}`);
  };
}

function timer(log: (l: string) => void) {
  let last = Date.now();
  return (what: string) => {
    const now = Date.now();
    log(`setup-dev: ${what} (${((now - last) / 1000).toFixed(1)} s)`);
    last = now;
  };
}
