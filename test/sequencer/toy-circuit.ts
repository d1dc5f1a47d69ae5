import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIELD_MODULUS } from '../../core/field.js';

/**
 * A real Groth16 setup for a toy circuit with the batch circuit's public interface (one public input,
 * publicInputHash), laid out as the circuit build lays out build/circuits/<name>/. Lets the tests run
 * snarkjs verification for real while the batch circuit is being written. Takes ~2 s.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');

const SOURCE = `pragma circom 2.1.0;
template Toy() {
  signal input publicInputHash;
  signal input inverse;
  inverse * publicInputHash === 1;
}
component main {public [publicInputHash]} = Toy();
`;

export interface ToyCircuit {
  readonly wasm: string;
  readonly zkey: string;
  readonly vkey: string;
}

/** Builds the toy circuit's artifacts under `<artifactsRoot>/<name>/`. */
export function buildToyCircuit(artifactsRoot: string, name: string): ToyCircuit {
  const dir = join(artifactsRoot, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'toy.circom'), SOURCE);
  const run = (bin: string, args: string[]) => execFileSync(join(BIN, bin), args, { cwd: dir, stdio: 'pipe' });
  run('circom2', ['toy.circom', '--r1cs', '--wasm', '-o', '.']);
  run('snarkjs', ['powersoftau', 'new', 'bn128', '4', 'pot.ptau']);
  run('snarkjs', ['powersoftau', 'prepare', 'phase2', 'pot.ptau', 'pot_final.ptau']);
  run('snarkjs', ['groth16', 'setup', 'toy.r1cs', 'pot_final.ptau', 'toy_0000.zkey']);
  run('snarkjs', ['zkey', 'contribute', 'toy_0000.zkey', 'toy_final.zkey', '-e=modulo sequencer test']);
  run('snarkjs', ['zkey', 'export', 'verificationkey', 'toy_final.zkey', 'verification_key.json']);
  return { wasm: join(dir, 'toy_js', 'toy.wasm'), zkey: join(dir, 'toy_final.zkey'), vkey: join(dir, 'verification_key.json') };
}

interface Snarkjs {
  groth16: { fullProve(input: object, wasm: string, zkey: string): Promise<{ proof: Record<string, unknown>; publicSignals: string[] }> };
}

const SNARKJS = 'snarkjs';

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

export async function proveToy(circuit: ToyCircuit, publicInputHash: bigint) {
  const snarkjs = (await import(SNARKJS)) as Snarkjs;
  // The witness: publicInputHash^-1 mod r (the one constraint binds the public input; a circuit whose
  // public input is in no constraint would verify for any input).
  const inverse = modPow(publicInputHash, FIELD_MODULUS - 2n, FIELD_MODULUS);
  return snarkjs.groth16.fullProve({ publicInputHash: publicInputHash.toString(), inverse: inverse.toString() }, circuit.wasm, circuit.zkey);
}

/** snarkjs keeps a bn128 curve with worker threads in a global; end them so the test process can exit. */
export async function releaseSnarkjs(): Promise<void> {
  const curve = (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128;
  if (curve) await curve.terminate();
}
