import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { verifySetup } from '../../audit/verify-setup.js';
import { snarkjs } from '../../proving-kit/ffjs.js';
import { compileFixture, TEST_BUILD, type Fixture } from '../fixtures/fixture-circuits.js';
import { tinyPtau } from '../fixtures/ptau.js';

/** `modulo verify-setup` on keys of the circuits tests' 2^6 fixtures, made here with plain snarkjs. */
const OUT = join(TEST_BUILD, 'verify-setup');
let multiplier: Fixture;
let ptau: string;
let fresh: string;
let contributed: string;

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  multiplier = await compileFixture('multiplier');
  ptau = await tinyPtau(6, 'ceremony');
  fresh = join(OUT, 'fresh.zkey');
  contributed = join(OUT, 'contributed.zkey');
  await snarkjs.zKey.newZKey(multiplier.r1cs, ptau, fresh);
  await snarkjs.zKey.contribute(fresh, contributed, 'alice', 'entropy');
}, 120_000);

describe('verifySetup', () => {
  test('a key with a contribution passes zkey verify against its r1cs and ptau', async () => {
    expect(await verifySetup({ zkey: contributed, r1cs: multiplier.r1cs, ptau })).toMatchObject({ gammaDeltaDistinct: true, zkeyVerified: true, ok: true, meta: null });
  });

  test('a key without a phase-2 contribution has gamma2 = delta2: forgeable, refused', async () => {
    expect(await verifySetup({ zkey: fresh })).toMatchObject({ gammaDeltaDistinct: false, zkeyVerified: null, ok: false });
  });

  test('a key checked against another ptau fails zkey verify', async () => {
    const other = await tinyPtau(6, 'beacon');
    expect(await verifySetup({ zkey: contributed, r1cs: multiplier.r1cs, ptau: other })).toMatchObject({ zkeyVerified: false, ok: false });
  });

  test('needs both the r1cs and the ptau, and existing files', async () => {
    await expect(verifySetup({ zkey: contributed, r1cs: multiplier.r1cs })).rejects.toThrow(expect.objectContaining({ code: 'USAGE' }));
    await expect(verifySetup({ zkey: join(OUT, 'none.zkey') })).rejects.toThrow(expect.objectContaining({ code: 'FILE_NOT_FOUND' }));
  });
});
