import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ExternalBackend } from '../../prover/backends/external.js';
import { releaseSnarkjsCurve } from '../../prover/backends/snarkjs.js';
import { buildCircuit } from '../../proving-kit/build-circuit.js';
import { sampleBatchInput } from '../../proving-kit/sample-input.js';
import { circuitConfig } from '../../core/circuits.js';
import { snarkjs, type VerificationKey } from '../../proving-kit/ffjs.js';
import { ROOT } from '../fixtures/root.js';
import { buildToyCircuit, toyInput, type ToyCircuit } from '../fixtures/toy-circuit.js';

/**
 * The external prover's command line contract, `prover <zkey> <wtns> <proof.json> <public.json>`, held
 * by prover/bin/snarkjs-prover.mjs and, when MODULO_PROVER_BIN names one (rapidsnark, a GPU prover),
 * by that binary too, on the real `test` circuit.
 */
const SNARKJS_PROVER = join(ROOT, 'prover', 'bin', 'snarkjs-prover.mjs');
const BIN = process.env.MODULO_PROVER_BIN;
const PROVERS = [SNARKJS_PROVER, ...(BIN ? [BIN] : [])];

let tmp: string;
let toy: ToyCircuit;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'modulo-prover-bin-'));
  toy = await buildToyCircuit(join(tmp, 'circuits'));
});

afterAll(async () => {
  await releaseSnarkjsCurve();
  rmSync(tmp, { recursive: true, force: true });
});

function runProver(bin: string, args: string[]) {
  const [command, argv] = bin.endsWith('.mjs') ? [process.execPath, [bin, ...args]] : [bin, args];
  return spawnSync(command, argv, { encoding: 'utf8', timeout: 120_000 });
}

describe('the rapidsnark command line', () => {
  test.each(PROVERS)('%s writes proof.json and public.json that verify, and exits 0', async (bin) => {
    const wtns = join(tmp, 'toy.wtns');
    await snarkjs.wtns.calculate(toyInput(42n), toy.wasm, wtns);
    const [proofPath, publicPath] = [join(tmp, `proof-${PROVERS.indexOf(bin)}.json`), join(tmp, `public-${PROVERS.indexOf(bin)}.json`)];
    const run = runProver(bin, [toy.zkey, wtns, proofPath, publicPath]);
    expect(run.status, run.stderr).toBe(0);
    const proof = JSON.parse(readFileSync(proofPath, 'utf8')) as Record<string, unknown>;
    expect(proof).toMatchObject({ protocol: 'groth16' });
    expect(JSON.parse(readFileSync(publicPath, 'utf8'))).toEqual(['42']);
    const vkey = JSON.parse(readFileSync(toy.vkey, 'utf8')) as VerificationKey;
    expect(await snarkjs.groth16.verify(vkey, ['42'], { ...proof, curve: 'bn128' } as never)).toBe(true);
  });

  test('snarkjs-prover.mjs: wrong arguments print the usage and exit 2; a missing key exits 1 with the reason', () => {
    const usage = runProver(SNARKJS_PROVER, ['only-one']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^usage: snarkjs-prover\.mjs <circuit\.zkey> <witness\.wtns> <proof\.json> <public\.json>/);
    const missing = runProver(SNARKJS_PROVER, [join(tmp, 'none.zkey'), join(tmp, 'none.wtns'), join(tmp, 'p.json'), join(tmp, 'q.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^snarkjs-prover: /);
  });

  test.skipIf(!BIN)(`the external backend with MODULO_PROVER_BIN (${BIN ?? 'not set: skipped'}) proves the test circuit`, async () => {
    const built = await buildCircuit('test', { verifiersDir: join(tmp, 'verifiers'), log: () => {} });
    const input = sampleBatchInput(circuitConfig('test'));
    const vkey = JSON.parse(readFileSync(built.vkPath, 'utf8')) as VerificationKey;
    const backend = new ExternalBackend({ bin: BIN!, timeoutMs: 600_000 });
    const workDir = mkdtempSync(join(tmp, 'job-'));
    const circuit = { name: 'test', wasm: built.compiled.wasm, zkey: built.zkey, vkey, sha256: { wasm: '', zkey: '', vkey: '' }, keyMeta: built.meta };
    const result = await backend.prove({ jobId: 1, input, circuit, workDir, signal: new AbortController().signal });
    console.log(`MODULO_PROVER_BIN ${BIN}: witness ${(result.witnessMs / 1000).toFixed(2)} s, proof ${(result.proveMs / 1000).toFixed(2)} s`);
    expect(result.publicSignals).toEqual([input.publicInputHash]);
    expect(await snarkjs.groth16.verify(vkey, result.publicSignals, result.proof)).toBe(true);
  }, 600_000);
});
