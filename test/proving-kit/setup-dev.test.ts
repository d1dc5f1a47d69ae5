import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { readBinFile, type BinFile } from '../../proving-kit/binfile.js';
import { ffjavascript, snarkjs, type Curve } from '../../proving-kit/ffjs.js';
import { FixedBasePool, POINT_BYTES } from '../../proving-kit/fixed-base.js';
import { metaPathFor, type DevKeyMeta } from '../../proving-kit/key-meta.js';
import { assertKeyAllowed, randomToxicWaste, setupDev, writeZkeyFromToxicWaste } from '../../proving-kit/setup-dev.js';
import { ZKEY_SECTION } from '../../proving-kit/zkey-file.js';
import { compileFixture, FIXTURE_INPUT, TEST_BUILD, type Fixture } from '../fixtures/fixture-circuits.js';
import { BEACON_ITERATIONS, ZKEY_BEACON, beaconSecrets, tinyPtau } from '../fixtures/ptau.js';

const OUT = join(TEST_BUILD, 'setup-dev');

/** Section 2 of a Groth16 zkey: the fields before the six points. */
function grothHeader(zkey: BinFile) {
  const h = zkey.sections.get(ZKEY_SECTION.header)!;
  const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
  return { n8q: v.getUint32(0, true), q: bytesToNumberLE(h.subarray(4, 36)), n8r: v.getUint32(36, true), r: bytesToNumberLE(h.subarray(40, 72)), nVars: v.getUint32(72, true), nPublic: v.getUint32(76, true), domainSize: v.getUint32(80, true) };
}

function sectionSizes(zkey: BinFile): Record<number, number> {
  return Object.fromEntries([...zkey.sections].filter(([id]) => id !== ZKEY_SECTION.mpc).map(([id, b]) => [id, b.byteLength]));
}

describe('setupDev', () => {
  let poseidon: Fixture;
  let multiplier: Fixture;
  let snarkKey: string;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    [poseidon, multiplier] = await Promise.all([compileFixture('poseidon-hash'), compileFixture('multiplier')]);
    // The reference: snarkjs' own setup of the multiplier (zkey new over a beacon-only ptau, then a zkey beacon).
    const ptau = await tinyPtau(6, 'beacon');
    const initial = join(OUT, 'multiplier.snarkjs-0.zkey');
    snarkKey = join(OUT, 'multiplier.snarkjs.zkey');
    await snarkjs.zKey.newZKey(multiplier.r1cs, ptau, initial);
    await snarkjs.zKey.beacon(initial, snarkKey, 'reference', ZKEY_BEACON, BEACON_ITERATIONS);
  });

  test('writes a key snarkjs proves with, whose proofs verify with the exported verification key', async () => {
    const zkey = join(OUT, 'poseidon-hash.dev.zkey');
    await setupDev({ r1csPath: poseidon.r1cs, zkeyPath: zkey, circuit: 'poseidon-hash' });
    const vk = await snarkjs.zKey.exportVerificationKey(zkey);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(FIXTURE_INPUT['poseidon-hash'](), poseidon.wasm, zkey);
    expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
    const other = [(BigInt(publicSignals[0]!) + 1n).toString()];
    expect(await snarkjs.groth16.verify(vk, other, proof)).toBe(false);
  });

  test('writes exactly the sections of snarkjs zkey new + a contribution made with the same secrets', async () => {
    const zkey = join(OUT, 'multiplier.same-secrets.zkey');
    await writeZkeyFromToxicWaste(multiplier.r1cs, zkey, await beaconSecrets());
    const [ours, theirs] = [readBinFile(zkey, 'zkey'), readBinFile(snarkKey, 'zkey')];
    for (let id = ZKEY_SECTION.protocol; id <= ZKEY_SECTION.h; id++) {
      expect(Buffer.from(ours.sections.get(id)!).equals(theirs.sections.get(id)!), `section ${id}`).toBe(true);
    }
  });

  test('with fresh randomness, has the header fields, section sizes and coefficients of a snarkjs key', async () => {
    const zkey = join(OUT, 'multiplier.dev.zkey');
    await setupDev({ r1csPath: multiplier.r1cs, zkeyPath: zkey, circuit: 'multiplier' });
    const [ours, theirs] = [readBinFile(zkey, 'zkey'), readBinFile(snarkKey, 'zkey')];
    expect(grothHeader(ours)).toEqual(grothHeader(theirs));
    expect(sectionSizes(ours)).toEqual(sectionSizes(theirs));
    expect(ours.sections.get(ZKEY_SECTION.ic)!.byteLength / POINT_BYTES.G1).toBe(grothHeader(theirs).nPublic + 1);
    expect(Buffer.from(ours.sections.get(ZKEY_SECTION.coefs)!).equals(theirs.sections.get(ZKEY_SECTION.coefs)!)).toBe(true);
    // γ is random here, unlike snarkjs' γ = 1; the rest of the points differ with the randomness.
    expect(Buffer.from(ours.sections.get(ZKEY_SECTION.a)!).equals(theirs.sections.get(ZKEY_SECTION.a)!)).toBe(false);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(FIXTURE_INPUT.multiplier(), multiplier.wasm, zkey);
    expect(await snarkjs.groth16.verify(await snarkjs.zKey.exportVerificationKey(zkey), publicSignals, proof)).toBe(true);
  });

  test('only writes keys named *.dev.zkey', async () => {
    await expect(setupDev({ r1csPath: multiplier.r1cs, zkeyPath: join(OUT, 'multiplier.zkey'), circuit: 'multiplier' })).rejects.toThrow(/\.dev\.zkey/);
  });

  test('marks the key insecure in a sidecar, and assertKeyAllowed keeps it on devnet', () => {
    const meta = JSON.parse(readFileSync(metaPathFor(join(OUT, 'poseidon-hash.dev.zkey')), 'utf8')) as DevKeyMeta;
    expect(meta).toMatchObject({ insecure: true, setup: 'dev', circuit: 'poseidon-hash', nPublic: 1, domainSize: 512 });
    expect(() => assertKeyAllowed(meta, 'devnet')).not.toThrow();
    for (const network of ['testnet', 'mainnet'] as const) {
      expect(() => assertKeyAllowed(meta, network)).toThrow(expect.objectContaining({ code: 'DEV_KEY_NOT_ALLOWED' }));
    }
  });

  test('the meta sidecar holds no secret: only public sizes, hashes and labels', () => {
    const text = readFileSync(metaPathFor(join(OUT, 'poseidon-hash.dev.zkey')), 'utf8');
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(
      ['circuit', 'circuitHash', 'createdAt', 'domainSize', 'insecure', 'nConstraints', 'nPublic', 'nVars', 'r1csSha256', 'setup', 'warning', 'zkeySha256'].sort(),
    );
  });
});

describe('randomToxicWaste', () => {
  test('draws non-zero scalars below r with gamma != delta', async () => {
    const { r } = await ffjavascript.buildBn128(true);
    for (let i = 0; i < 20; i++) {
      const t = randomToxicWaste(r);
      for (const s of Object.values(t)) expect(bytesToNumberLE(s) > 0n && bytesToNumberLE(s) < r).toBe(true);
      expect(Buffer.from(t.gamma).equals(t.delta)).toBe(false);
    }
  });
});

describe('FixedBasePool', () => {
  let curve: Curve;
  let pool: FixedBasePool;
  beforeAll(async () => {
    curve = await ffjavascript.buildBn128(true);
    pool = await FixedBasePool.create(2);
    return () => pool.close();
  });

  // Window widths follow the batch size; these sizes exercise 4- to 9-bit windows and the signed digits' carries.
  test.each([1, 40, 700, 5000])('matches double-and-add for %i scalars, including 0, 1, r - 1 and 2^253', async (n) => {
    const special = [0n, 1n, curve.r - 1n, 1n << 253n];
    const scalars = Array.from({ length: n }, (_, i) => special[i] ?? (BigInt(i) * 0x9e3779b97f4a7c15f39cc0605cedc834n ** 3n) % curve.r);
    const bytes = Buffer.concat(scalars.map((s) => numberToBytesLE(s, 32)));
    for (const group of ['G1', 'G2'] as const) {
      const out = await pool.mul(group, bytes);
      const G = curve[group];
      const size = POINT_BYTES[group];
      for (const i of new Set([0, 1, 2, 3, n - 1, n >> 1].filter((k) => k < n))) {
        const expected = new Uint8Array(size);
        G.toRprLEM(expected, 0, G.timesScalar(G.g, numberToBytesLE(scalars[i]!, 32)));
        expect(Buffer.from(out.subarray(i * size, (i + 1) * size)).equals(expected), `${group} #${i}`).toBe(true);
      }
    }
  });
});
