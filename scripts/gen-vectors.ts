/**
 * Writes test/vectors/poseidon.json and test/vectors/eddsa.json from circomlibjs, the reference that
 * circomlib's circuits are tested against. core must reproduce every vector exactly; the tests read
 * these files, so they pin compatibility even if circomlibjs is later removed or changes.
 * Inputs are fixed edge values plus sha256-derived values, so rerunning reproduces the files.
 *
 *   npx tsx scripts/gen-vectors.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
// @ts-expect-error circomlibjs ships no type declarations; it is only the reference oracle here
import { buildEddsa, buildPoseidon } from 'circomlibjs';

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const INPUT_COUNTS = [1, 2, 3, 4, 5, 6];
const SOURCE = `circomlibjs ${circomlibVersion()}`;

/** The parts of circomlibjs used here; field elements are opaque (Montgomery form inside). */
interface CircomlibField {
  e(x: bigint): unknown;
  toObject(x: unknown): bigint;
}
interface CircomlibPoseidon {
  (inputs: bigint[]): unknown;
  F: CircomlibField;
}
interface CircomlibEddsa {
  babyJub: { F: CircomlibField };
  prv2pub(prv: Uint8Array): [unknown, unknown];
  signPoseidon(prv: Uint8Array, msg: unknown): { R8: [unknown, unknown]; S: bigint };
  verifyPoseidon(msg: unknown, sig: { R8: [unknown, unknown]; S: bigint }, A: [unknown, unknown]): boolean;
}

function circomlibVersion(): string {
  const main = fileURLToPath(import.meta.resolve('circomlibjs'));
  const pkg = `${main.slice(0, main.lastIndexOf('/'))}/package.json`;
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** A deterministic field element named by `label`. */
function derived(label: string): bigint {
  return BigInt(`0x${bytesToHex(sha256(utf8ToBytes(label)))}`) % R;
}

function poseidonInputs(n: number): bigint[][] {
  const of = (f: (i: number) => bigint): bigint[] => Array.from({ length: n }, (_, i) => f(i));
  return [
    of(() => 0n),
    of(() => 1n),
    of(() => R - 1n),
    of((i) => BigInt(i + 1)),
    of((i) => [0n, R - 1n, 1n][i % 3]!),
    of((i) => derived(`modulo poseidon ${n} a ${i}`)),
    of((i) => derived(`modulo poseidon ${n} b ${i}`)),
  ];
}

async function poseidonVectors(): Promise<object> {
  const hash = (await buildPoseidon()) as CircomlibPoseidon;
  const cases = INPUT_COUNTS.flatMap((n) =>
    poseidonInputs(n).map((inputs) => ({
      inputs: inputs.map(String),
      hash: String(hash.F.toObject(hash(inputs))),
    })),
  );
  return {
    description: `Poseidon(n) cases computed by scripts/gen-vectors.ts from ${SOURCE} buildPoseidon, not from core. Integers are decimal strings.`,
    cases,
  };
}

const PRIVATE_KEYS: Uint8Array[] = [
  new Uint8Array(32),
  // The key of circomlibjs' own eddsa test, so its published values appear here too.
  hexToBytes('0001020304050607080900010203040506070809000102030405060708090001'),
  new Uint8Array(32).fill(0xff),
  sha256(utf8ToBytes('modulo eddsa key 3')),
  sha256(utf8ToBytes('modulo eddsa key 4')),
];

function messagesFor(keyIndex: number): bigint[] {
  return [0n, 1n, R - 1n, 1234n, derived(`modulo eddsa message ${keyIndex}`)];
}

async function eddsaVectors(): Promise<object> {
  const eddsa = (await buildEddsa()) as CircomlibEddsa;
  const F = eddsa.babyJub.F;
  const keys = PRIVATE_KEYS.map((privateKey, k) => {
    const A = eddsa.prv2pub(privateKey);
    const signatures = messagesFor(k).map((message) => {
      const sig = eddsa.signPoseidon(privateKey, F.e(message));
      if (!eddsa.verifyPoseidon(F.e(message), sig, A)) throw new Error('invariant: circomlibjs rejected its own signature');
      return {
        message: String(message),
        r8x: String(F.toObject(sig.R8[0])),
        r8y: String(F.toObject(sig.R8[1])),
        s: String(sig.S),
      };
    });
    return {
      privateKey: bytesToHex(privateKey),
      publicKey: { ax: String(F.toObject(A[0])), ay: String(F.toObject(A[1])) },
      signatures,
    };
  });
  return {
    description: `EdDSA-Poseidon cases computed by scripts/gen-vectors.ts from ${SOURCE} buildEddsa (prv2pub, signPoseidon), not from core. Integers are decimal strings, bytes are hex without 0x.`,
    keys,
  };
}

function write(name: string, value: object): void {
  const target = fileURLToPath(new URL(`../test/vectors/${name}`, import.meta.url));
  writeFileSync(target, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${target}`);
}

write('poseidon.json', await poseidonVectors());
write('eddsa.json', await eddsaVectors());
