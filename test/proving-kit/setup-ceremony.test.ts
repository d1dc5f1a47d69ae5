import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { exportCircuitKeys } from '../../proving-kit/export.js';
import { snarkjs } from '../../proving-kit/ffjs.js';
import { assertKeyAllowed, readKeyMeta } from '../../proving-kit/key-meta.js';
import {
  ceremonyAccept, ceremonyBeacon, ceremonyContribute, ceremonyInstall, ceremonyNew, ceremonyVerify, contributionHashes, readCeremony,
} from '../../proving-kit/setup-ceremony.js';
import { FIELD_MODULUS } from '../../core/field.js';
import { randomToxicWaste, writeZkeyFromToxicWaste } from '../../proving-kit/setup-dev.js';
import { compileFixture, FIXTURE_INPUT, TEST_BUILD, type Fixture } from '../fixtures/fixture-circuits.js';
import { tinyPtau } from '../fixtures/ptau.js';
import { sha256File } from '../../proving-kit/binfile.js';

const OUT = join(TEST_BUILD, 'setup-ceremony');
const quiet = () => {};

describe('ceremony (phase 2 over a powers-of-tau file)', () => {
  let multiplier: Fixture;
  let ptau: string;
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    multiplier = await compileFixture('multiplier');
    ptau = await tinyPtau(6, 'ceremony');
  });

  test('new, a local and a remote contribution, beacon, verify, install: a key that proves and is allowed on mainnet', async () => {
    const dir = join(OUT, 'multiplier');
    // How the r1cs was built travels from `new` to the installed key's sidecar (a linked circuit's parts;
    // this one names the multiplier itself as its one part, for the plumbing).
    const build = { form: 'linked' as const, batchSize: 1, parts: { slot: { main: 'Multiplier()', circuitHash: '', r1csSha256: sha256File(multiplier.r1cs) } } };
    await ceremonyNew({ circuit: 'multiplier', r1csPath: multiplier.r1cs, ptauPath: ptau, dir, build, log: quiet });
    const alice = await ceremonyContribute({ dir, name: 'alice', log: quiet });
    // bob contributes on his own machine with plain snarkjs and sends the file back.
    const bobs = join(OUT, 'from-bob.zkey');
    const bobSays = Buffer.from(await snarkjs.zKey.contribute(join(dir, 'circuit_0001.zkey'), bobs, 'bob', 'typed by bob')).toString('hex');
    const bob = await ceremonyAccept({ dir, file: bobs, name: 'bob', log: quiet });
    expect(bob).toBe(bobSays);
    await ceremonyBeacon({ dir, beaconHash: 'c3'.repeat(32), iterationsExp: 10, log: quiet });
    await ceremonyVerify({ dir, log: quiet });

    const zkey = join(OUT, 'multiplier.zkey');
    const meta = await ceremonyInstall({ dir, zkeyPath: zkey, log: quiet });
    expect(meta).toMatchObject({ insecure: false, setup: 'ceremony', build, contributions: [{ name: 'alice', hash: alice }, { name: 'bob', hash: bob }] });
    expect(readCeremony(dir).zkeys).toEqual(['circuit_0000.zkey', 'circuit_0001.zkey', 'circuit_0002.zkey', 'circuit_final.zkey']);
    expect(() => assertKeyAllowed(readKeyMeta(zkey), 'mainnet')).not.toThrow();
    expect((await contributionHashes(zkey)).slice(0, 2)).toEqual([alice, bob]);

    const { vkPath } = await exportCircuitKeys({ circuit: 'multiplier', zkeyPath: zkey, outDir: OUT, network: 'mainnet', verifiersDir: join(OUT, 'verifiers') });
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(FIXTURE_INPUT.multiplier(), multiplier.wasm, zkey);
    const vk = await snarkjs.zKey.exportVerificationKey(zkey);
    expect(vkPath).toMatch(/verification_key\.json$/);
    expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
  });

  test('refuses a remote contribution that does not extend the latest key', async () => {
    const dir = join(OUT, 'stale');
    await ceremonyNew({ circuit: 'multiplier', r1csPath: multiplier.r1cs, ptauPath: ptau, dir, log: quiet });
    await ceremonyContribute({ dir, name: 'alice', log: quiet });
    const stale = join(OUT, 'stale-from-carol.zkey');
    await snarkjs.zKey.contribute(join(dir, 'circuit_0000.zkey'), stale, 'carol', 'entropy');
    await expect(ceremonyAccept({ dir, file: stale, name: 'carol', log: quiet })).rejects.toThrow(
      expect.objectContaining({ code: 'CEREMONY_STEP_FAILED' }),
    );
    expect(readCeremony(dir).zkeys).toHaveLength(2);
  });

  test('a dev key does not pass zkey verify against the ptau', async () => {
    const dir = join(OUT, 'dev-as-ceremony');
    await ceremonyNew({ circuit: 'multiplier', r1csPath: multiplier.r1cs, ptauPath: ptau, dir, log: quiet });
    await ceremonyContribute({ dir, name: 'alice', log: quiet });
    // Swap the latest key for a dev key of the same circuit: same shape, no link to the ptau.
    await writeZkeyFromToxicWaste(multiplier.r1cs, join(dir, 'circuit_0001.zkey'), randomToxicWaste(FIELD_MODULUS));
    await expect(ceremonyVerify({ dir, log: quiet })).rejects.toThrow(expect.objectContaining({ code: 'CEREMONY_VERIFY_FAILED' }));
  });

  test('refuses a circuit larger than the ptau', async () => {
    const poseidon = await compileFixture('poseidon-hash');
    await expect(ceremonyNew({ circuit: 'poseidon-hash', r1csPath: poseidon.r1cs, ptauPath: ptau, dir: join(OUT, 'too-large'), log: quiet })).rejects.toThrow(
      expect.objectContaining({ code: 'CIRCUIT_TOO_LARGE', details: { needed: 9, power: 6 } }),
    );
  });

  test('refuses a beacon before any contribution, and an install before the beacon', async () => {
    const dir = join(OUT, 'early');
    await ceremonyNew({ circuit: 'multiplier', r1csPath: multiplier.r1cs, ptauPath: ptau, dir, log: quiet });
    await expect(ceremonyBeacon({ dir, beaconHash: 'c3'.repeat(32), iterationsExp: 10, log: quiet })).rejects.toThrow(
      expect.objectContaining({ code: 'CEREMONY_STEP_FAILED' }),
    );
    await expect(ceremonyInstall({ dir, zkeyPath: join(OUT, 'early.zkey'), log: quiet })).rejects.toThrow(
      expect.objectContaining({ code: 'CEREMONY_STEP_FAILED' }),
    );
  });
});
