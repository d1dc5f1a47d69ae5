/**
 * Typed door to the two untyped libraries the setup tooling uses: snarkjs 0.7.6 and ffjavascript 0.3.1
 * (the one snarkjs itself runs on). Only the members used here are declared. The specifiers are kept in
 * variables so TypeScript does not look for declaration files the packages do not ship.
 */

/** A curve element in ffjavascript's internal form (Montgomery limbs; Jacobian unless noted). */
export type Elem = Uint8Array;

export interface WasmGroup {
  readonly g: Elem;
  readonly F: { readonly n8: number };
  timesScalar(base: Elem, scalarLe: Uint8Array): Elem;
  toAffine(p: Elem): Elem;
  fromRng(rng: ChaChaRng): Elem;
  eq(a: Elem, b: Elem): boolean;
  isZero(p: Elem): boolean;
  toObject(p: Elem): unknown;
  /** Affine, Montgomery, little-endian: the form .zkey files store. */
  toRprLEM(buff: Uint8Array, offset: number, p: Elem): void;
  fromRprLEM(buff: Uint8Array, offset: number): Elem;
  /** Affine, plain, big-endian: the form snarkjs hashes. */
  toRprUncompressed(buff: Uint8Array, offset: number, p: Elem): void;
}

export interface WasmFr {
  readonly n8: number;
  /** w[k]: the primitive 2^k-th root of unity snarkjs' FFTs use (Montgomery form). */
  readonly w: readonly Elem[];
  readonly s: number;
  fromRng(rng: ChaChaRng): Elem;
  toObject(a: Elem): bigint;
  e(value: bigint | number | string): Elem;
}

export interface ThreadManager {
  readonly instance: { readonly exports: Record<string, unknown> };
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  u8: Uint8Array;
  u32: Uint32Array;
  readonly pG1gen: number;
  readonly pG2gen: number;
  /** The compiled WebAssembly (single-thread curves only). */
  readonly code: Uint8Array;
}

export interface Curve {
  readonly r: bigint;
  readonly q: bigint;
  readonly Fr: WasmFr;
  readonly G1: WasmGroup;
  readonly G2: WasmGroup;
  readonly tm: ThreadManager;
  terminate(): Promise<void>;
}

export interface ChaChaRng {
  nextU32(): number;
}

interface Ffjavascript {
  buildBn128(singleThread?: boolean): Promise<Curve>;
  ChaCha: new (seed: number[]) => ChaChaRng;
}

const FFJAVASCRIPT = 'ffjavascript';
export const ffjavascript = (await import(FFJAVASCRIPT)) as Ffjavascript;

/** A field-element (`"123"`) or point (`["x", "y", "1"]`) as snarkjs' JSON writes it. */
export type JsonPoint = string[];
export type JsonG2 = string[][];

export interface VerificationKey {
  protocol: 'groth16';
  curve: string;
  nPublic: number;
  vk_alpha_1: JsonPoint;
  vk_beta_2: JsonG2;
  vk_gamma_2: JsonG2;
  vk_delta_2: JsonG2;
  IC: JsonPoint[];
  [key: string]: unknown;
}

export interface Groth16Proof {
  pi_a: JsonPoint;
  pi_b: JsonG2;
  pi_c: JsonPoint;
  protocol: string;
  curve: string;
}

export type Logger = {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
};

type Input = Record<string, unknown>;

interface Snarkjs {
  groth16: {
    fullProve(input: Input, wasm: string, zkey: string): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    prove(zkey: string, wtns: string): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(vk: VerificationKey, publicSignals: string[], proof: Groth16Proof): Promise<boolean>;
  };
  wtns: { calculate(input: Input, wasm: string, wtns: string): Promise<void> };
  powersOfTau: {
    newAccumulator(curve: Curve, power: number, out: string, logger?: Logger): Promise<unknown>;
    contribute(from: string, to: string, name: string, entropy: string, logger?: Logger): Promise<Uint8Array>;
    beacon(from: string, to: string, name: string, beaconHashHex: string, iterationsExp: number, logger?: Logger): Promise<Uint8Array | false>;
    preparePhase2(from: string, to: string, logger?: Logger): Promise<void>;
    verify(ptau: string, logger?: Logger): Promise<boolean>;
  };
  zKey: {
    newZKey(r1cs: string, ptau: string, out: string, logger?: Logger): Promise<Uint8Array | -1>;
    contribute(from: string, to: string, name: string, entropy: string, logger?: Logger): Promise<Uint8Array>;
    beacon(from: string, to: string, name: string, beaconHashHex: string, iterationsExp: number, logger?: Logger): Promise<Uint8Array | false>;
    verifyFromR1cs(r1cs: string, ptau: string, zkey: string, logger?: Logger): Promise<boolean>;
    exportVerificationKey(zkey: string): Promise<VerificationKey>;
    exportSolidityVerifier(zkey: string, templates: { groth16: string }): Promise<string>;
  };
  curves: { getCurveFromName(name: string): Promise<Curve> };
}

const SNARKJS = 'snarkjs';
export const snarkjs = (await import(SNARKJS)) as Snarkjs;
