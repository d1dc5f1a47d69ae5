import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { verifySetup } from '../../audit/verify-setup.js';
import { circuitInputToJson } from '../../core/circuit-input.js';
import { publicInputHash } from '../../core/public-input.js';
import { ExternalBackend } from '../../prover/backends/external.js';
import { SnarkjsBackend } from '../../prover/backends/snarkjs.js';
import { computeWitness } from '../../prover/backends/witness.js';
import type { ProveRequest } from '../../prover/backends/backend.js';
import { sha256File } from '../../proving-kit/binfile.js';
import { buildCircuit, type CircuitArtifacts } from '../../proving-kit/build-circuit.js';
import { compileCircuit } from '../../proving-kit/compile.js';
import { compileLinked, PART_KINDS } from '../../proving-kit/compile-linked.js';
import { metaPathFor, readKeyMeta } from '../../proving-kit/key-meta.js';
import { snarkjs } from '../../proving-kit/ffjs.js';
import { makeLinkPlan, type PartKind, type PartLayout } from '../../proving-kit/link-plan.js';
import { linkedWitness } from '../../proving-kit/link-witness.js';
import { readWitnessBundle, writeWitnessBundle } from '../../proving-kit/witness-bundle.js';
import { CircuitArtifacts as SequencerArtifacts } from '../../sequencer/artifacts.js';
import { CONFIG, failure, fundedState } from './helpers.js';
import { baseBatch, cases, trace, type Input } from './rejection-cases.js';

/**
 * The linked form of the `test` configuration (4 slots, the smallest) built as `make circuits` builds a
 * circuits.json entry with `"form": "linked"` (prod128's form) and proven as a worker proves it: the
 * dev key made from the linked r1cs, the witness computed by the worker's witness step from the witness
 * bundle (main.linked.bin, the circuit's `wasm` artifact), proofs by snarkjs and, when
 * MODULO_PROVER_BIN names one, the external prover, verified with core's public input hash. False
 * statements of the whole compile's tests have no linked witness either (a sample of
 * test/circuits/rejection-cases.ts; its cheating witnesses: linked.test.ts). `modulo verify-setup
 * --circuit` rebuilds the parts and checks the key against them.
 */

// The parts are compiled with --simplification_substitution (the same r1cs), as linked.test.ts compiles
// them: the two files share the compiles. linked.test.ts links the same parts under these names.
const NAME = 'linked-test-4';
const LINKED = { ...CONFIG, form: 'linked' as const };
const LINKED_8 = { ...LINKED, batchSize: 8 };
const SUB = { substitutions: true } as const;
const silentLog = () => {};
const silent = { info() {}, warn() {}, error() {}, debug() {} };
const fullSnarkjs = (await import('snarkjs' as string)) as {
  wtns: { check(r1cs: string, wtns: string, logger: unknown): Promise<boolean>; exportJson(wtns: string): Promise<bigint[]> };
};
let built: CircuitArtifacts;
const dir = mkdtempSync(join(tmpdir(), 'modulo-linked-'));
beforeAll(async () => {
  built = await buildCircuit(NAME, { config: LINKED, ...SUB, verifiersDir: join(dir, 'verifiers'), log: silentLog });
}, 1_800_000);

const bundleParts = (path = built.compiled.wasm) => {
  const bundle = readWitnessBundle(path);
  const layouts = Object.fromEntries(PART_KINDS.map((kind) => [kind, bundle.parts[kind].layout])) as Record<PartKind, PartLayout>;
  return { plan: makeLinkPlan(layouts, bundle.config.batchSize), parts: bundle.parts, config: bundle.config };
};

function request(jobId: number, wasm = built.compiled.wasm): ProveRequest {
  const workDir = mkdtempSync(join(dir, `job-${jobId}-`));
  const vkey = JSON.parse(readFileSync(built.vkPath, 'utf8'));
  const circuit = { name: NAME, wasm, zkey: built.zkey, vkey, sha256: { wasm: '', zkey: '', vkey: '' }, keyMeta: built.meta };
  return { jobId, input: circuitInputToJson(baseBatch().circuitInput) as Record<string, unknown>, circuit, workDir, signal: new AbortController().signal };
}

describe('a linked circuit built, served and proven like any circuit', () => {
  const hash = publicInputHash(baseBatch().statement);

  test('the key\'s sidecar names how the circuit was built: linked, from these parts', async () => {
    const linked = await compileLinked(NAME, CONFIG, { ...SUB, log: silentLog });
    const meta = readKeyMeta(built.zkey);
    expect(built.compiled.form).toBe('linked');
    expect(meta.setup).toBe('dev');
    expect(meta.build?.form).toBe('linked');
    expect(meta.build?.batchSize).toBe(CONFIG.batchSize);
    expect(Object.fromEntries(Object.entries(meta.build!.parts).map(([kind, part]) => [kind, part.circuitHash])))
      .toEqual(Object.fromEntries(PART_KINDS.map((kind) => [kind, linked.parts[kind].hash])));
    expect(meta.build?.parts.slot?.main).toBe(`SlotPart(${CONFIG.depth}, ${CONFIG.feeSlots}, 0)`);
    expect(meta.r1csSha256).toBe(sha256File(linked.r1cs));
    expect(meta.circuitHash).toBe(linked.hash);
  });

  test('the sequencer serves the witness bundle as the circuit\'s wasm', () => {
    expect(new SequencerArtifacts(join(built.compiled.dir, '..')).path(NAME, 'wasm')).toBe(built.compiled.wasm);
  });

  test('the worker\'s witness step computes from the bundle the witness the compiled parts give; snarkjs wtns check accepts it', async () => {
    const linked = await compileLinked(NAME, CONFIG, { ...SUB, log: silentLog });
    const { wtns } = await computeWitness(request(1));
    const fromParts = await linkedWitness(linked.plan, linked.parts, circuitInputToJson(baseBatch().circuitInput));
    expect(await fullSnarkjs.wtns.exportJson(wtns)).toEqual(fromParts);
    expect(await fullSnarkjs.wtns.check(built.compiled.r1cs, wtns, silent)).toBe(true);
  });

  test('a bundle for another batch size is refused against the key before any proving', async () => {
    const other = await compileLinked('linked-test-8', LINKED_8, { ...SUB, log: silentLog });
    await expect(computeWitness(request(2, other.wasm))).rejects.toThrow(/links \d+ wires, its key has/);
  });

  test('a bundle whose layout swaps two inputs of slot 0 yields no witness the linked r1cs accepts', async () => {
    const { parts, config } = bundleParts();
    // Slot 0's chainId and stateRoot (the batch's oldStateRoot): values that differ in every batch.
    const inputs = [...parts.first.layout.inputs];
    const [a, b] = [inputs.findIndex((i) => i.name === 'chainId'), inputs.findIndex((i) => i.name === 'stateRoot')];
    inputs[a] = { ...inputs[a]!, wire: inputs[b]!.wire };
    inputs[b] = { ...inputs[b]!, wire: parts.first.layout.inputs[a]!.wire };
    const swapped = join(dir, 'swapped.linked.bin');
    writeWitnessBundle(swapped, { config, parts: { ...parts, first: { ...parts.first, layout: { ...parts.first.layout, inputs } } } });
    const message = await failure(async () => {
      const { wtns } = await computeWitness(request(3, swapped));
      if (!(await fullSnarkjs.wtns.check(built.compiled.r1cs, wtns, silent))) throw new Error('the witness does not satisfy the linked r1cs');
    });
    expect(message).toMatch(/disagrees with the instance that made it|does not satisfy/);
  });

  test('the snarkjs backend proves it; the proof verifies with core\'s public input hash', async () => {
    const backend = new SnarkjsBackend();
    const { proof, publicSignals } = await backend.prove(request(4));
    expect(publicSignals).toEqual([hash.toString()]);
    const vk = JSON.parse(readFileSync(built.vkPath, 'utf8'));
    expect(await snarkjs.groth16.verify(vk, publicSignals, proof as never)).toBe(true);
    expect(await snarkjs.groth16.verify(vk, [(hash + 1n).toString()], proof as never)).toBe(false);
  }, 300_000);

  const bin = process.env.MODULO_PROVER_BIN;
  test.skipIf(!bin || !existsSync(bin))('the external backend (MODULO_PROVER_BIN) proves it too', async () => {
    const backend = new ExternalBackend({ bin: bin!, timeoutMs: 300_000 });
    const { proof, publicSignals } = await backend.prove(request(5));
    expect(publicSignals).toEqual([hash.toString()]);
    const vk = JSON.parse(readFileSync(built.vkPath, 'utf8'));
    expect(await snarkjs.groth16.verify(vk, publicSignals, proof as never)).toBe(true);
  }, 300_000);

  test('verify-setup --circuit rebuilds the parts and finds the key theirs', async () => {
    const r = await verifySetup({ zkey: built.zkey, circuit: NAME, config: LINKED, ...SUB });
    expect(r.circuitCheck).toMatchObject({ form: 'linked', keyShapeMatches: true, sidecarMatches: true, differences: [] });
    expect(r.ok).toBe(true);
  });

  test('verify-setup --circuit refuses a sidecar that names another part, a key of another size, and the whole compile\'s key', async () => {
    const zkey = join(dir, 'tampered.dev.zkey');
    copyFileSync(built.zkey, zkey);
    const meta = readKeyMeta(built.zkey);
    const build = { ...meta.build!, parts: { ...meta.build!.parts, slot: { ...meta.build!.parts.slot!, circuitHash: '0'.repeat(16) } } };
    writeFileSync(metaPathFor(zkey), JSON.stringify({ ...meta, build }));
    const tampered = await verifySetup({ zkey, circuit: NAME, config: LINKED, ...SUB });
    expect(tampered.circuitCheck?.sidecarMatches).toBe(false);
    expect(tampered.circuitCheck?.differences.join('\n')).toMatch(/slot part is circuit 0{16}/);
    expect(tampered.ok).toBe(false);
    const bigger = await verifySetup({ zkey: built.zkey, circuit: 'linked-test-8', config: LINKED_8, ...SUB });
    expect(bigger.circuitCheck?.keyShapeMatches).toBe(false);
    expect(bigger.ok).toBe(false);
    // The whole compile of the same sizes has the same shape (the linked system is its rows, renumbered),
    // but its key's sidecar names another r1cs, built whole.
    const whole = await buildCircuit('test', { verifiersDir: join(dir, 'verifiers'), log: silentLog });
    // The same compile (and so the same key) `make circuits` made, not a second one under its name.
    expect(whole.compiled.hash).toBe((await compileCircuit('test', { log: silentLog })).hash);
    const wholeKey = await verifySetup({ zkey: whole.zkey, circuit: NAME, config: LINKED, ...SUB });
    expect(wholeKey.circuitCheck?.keyShapeMatches).toBe(true);
    expect(wholeKey.circuitCheck?.differences.join('\n')).toMatch(/built whole, linked-test-4 is linked/);
    expect(wholeKey.ok).toBe(false);
  }, 600_000);
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
    const { plan, parts } = bundleParts();
    const message = await failure(() => linkedWitness(plan, parts, circuitInputToJson(input as never)));
    expect(message, 'the linked witness was computed').not.toBeNull();
    expect(trace(message!).slice(0, templates.length)).toEqual(templates);
  });

  test('the sample covers the head, a slot and the tail', () => {
    expect(cases.filter(([name]) => SAMPLE.includes(name))).toHaveLength(SAMPLE.length);
  });
});
