import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { circuitInputToJson } from '../../core/circuit-input.js';
import { publicInputHash } from '../../core/public-input.js';
import { sha256File } from '../../proving-kit/binfile.js';
import { compileLinked, linkedBuild, PART_KINDS, type LinkedCircuit } from '../../proving-kit/compile-linked.js';
import { readKeyMeta } from '../../proving-kit/key-meta.js';
import { snarkjs } from '../../proving-kit/ffjs.js';
import { linkedWitness, writeLinkedWtns } from '../../proving-kit/link-witness.js';
import { setupDev } from '../../proving-kit/setup-dev.js';
import { CONFIG, failure, fundedState } from './helpers.js';
import { baseBatch, cases, trace, type Input } from './rejection-cases.js';

/**
 * The linked form of the `test` configuration (4 slots, the smallest) as a prover uses it: its witness,
 * computed part by part into a .wtns, proves with a dev key made from the linked r1cs (snarkjs; the
 * external prover too when MODULO_PROVER_BIN names one), and the proof verifies with public signal
 * core's public input hash. False statements of the whole compile's tests have no linked witness
 * either (a sample of test/circuits/rejection-cases.ts; its cheating witnesses: linked.test.ts).
 */

let linked: LinkedCircuit;
beforeAll(async () => {
  linked = await compileLinked('linked-test-4', CONFIG, { substitutions: true, log: () => {} });
}, 1_800_000);

describe('a proof of the linked batch circuit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modulo-linked-'));
  const batch = baseBatch();
  const hash = publicInputHash(batch.statement);
  const wtns = join(dir, 'witness.wtns');
  const zkey = join(dir, 'linked.dev.zkey');

  beforeAll(async () => {
    await writeLinkedWtns(linked.plan, linked.parts, circuitInputToJson(batch.circuitInput), wtns);
    await setupDev({ r1csPath: linked.r1cs, zkeyPath: zkey, circuit: 'linked-test-4', circuitHash: linked.hash, build: linkedBuild(linked), log: () => {} });
  }, 600_000);

  test('the key\'s sidecar names how the circuit was built: linked, from these parts', () => {
    const meta = readKeyMeta(zkey);
    expect(meta.build?.form).toBe('linked');
    expect(meta.build?.batchSize).toBe(CONFIG.batchSize);
    expect(Object.fromEntries(Object.entries(meta.build!.parts).map(([kind, part]) => [kind, part.circuitHash])))
      .toEqual(Object.fromEntries(PART_KINDS.map((kind) => [kind, linked.parts[kind].hash])));
    expect(meta.build?.parts.slot?.main).toBe(`SlotPart(${CONFIG.depth}, ${CONFIG.feeSlots}, 0)`);
    expect(meta.r1csSha256).toBe(sha256File(linked.r1cs));
  });

  test('snarkjs wtns check accepts the witness written part by part', async () => {
    const silent = { info() {}, warn() {}, error() {}, debug() {} };
    const full = (await import('snarkjs' as string)) as { wtns: { check(r1cs: string, wtns: string, logger: unknown): Promise<boolean> } };
    expect(await full.wtns.check(linked.r1cs, wtns, silent)).toBe(true);
  });

  test('snarkjs proves it with a dev key from the linked r1cs; the proof verifies with core\'s public input hash', async () => {
    const { proof, publicSignals } = await snarkjs.groth16.prove(zkey, wtns);
    expect(publicSignals).toEqual([hash.toString()]);
    const vk = await snarkjs.zKey.exportVerificationKey(zkey);
    expect(await snarkjs.groth16.verify(vk, publicSignals, proof)).toBe(true);
    expect(await snarkjs.groth16.verify(vk, [(hash + 1n).toString()], proof)).toBe(false);
  }, 300_000);

  const bin = process.env.MODULO_PROVER_BIN;
  test.skipIf(!bin || !existsSync(bin))('the external prover (MODULO_PROVER_BIN) proves the same witness', async () => {
    const [proofPath, publicPath] = [join(dir, 'proof.json'), join(dir, 'public.json')];
    execFileSync(bin!, [zkey, wtns, proofPath, publicPath]);
    const publicSignals = JSON.parse(readFileSync(publicPath, 'utf8')) as string[];
    expect(publicSignals).toEqual([hash.toString()]);
    const vk = await snarkjs.zKey.exportVerificationKey(zkey);
    expect(await snarkjs.groth16.verify(vk, publicSignals, JSON.parse(readFileSync(proofPath, 'utf8')))).toBe(true);
  }, 300_000);
});

const SAMPLE = [
  'an overdraft: amount + fee above the sender balance',
  'a signature by another key',
  'a wrong oldStateRoot',
  'a public input that is not the statement\'s hash',
  'an L1 tx count above the batch size',
  'a fee in a token no active fee slot holds',
  'two active fee slots of one token',
  'a non-owner\'s forced exit presented with the owner\'s ethAddr in the leaf',
];

describe('the linked form refuses what the whole compile refuses', () => {
  test.each(cases.filter(([name]) => SAMPLE.includes(name)))('no witness for %s', async (_name, edit, templates) => {
    const input = structuredClone(baseBatch().circuitInput) as Input;
    edit(input, fundedState());
    const message = await failure(() => linkedWitness(linked.plan, linked.parts, circuitInputToJson(input as never)));
    expect(message, 'the linked witness was computed').not.toBeNull();
    expect(trace(message!).slice(0, templates.length)).toEqual(templates);
  });

  test('the sample covers the head, a slot and the tail', () => {
    expect(cases.filter(([name]) => SAMPLE.includes(name))).toHaveLength(SAMPLE.length);
  });
});
