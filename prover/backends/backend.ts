import type { Groth16Proof } from '../../api/jobs.js';
import type { CircuitFiles } from '../artifacts.js';
import { ModuloError } from '../../core/errors.js';

export interface ProveRequest {
  readonly jobId: number;
  readonly input: Record<string, unknown>;
  readonly circuit: CircuitFiles;
  /** A fresh folder for this job's files; the caller removes it afterwards. */
  readonly workDir: string;
  /** Fires when the job is given up (shutdown, lease gone): stop and reject as soon as possible. */
  readonly signal: AbortSignal;
  /** Told when each phase starts (for logs: a test kills a worker "in the middle of a proof"). */
  readonly onPhase?: (phase: 'witness' | 'prove') => void;
}

export interface ProveResult {
  readonly proof: Groth16Proof;
  readonly publicSignals: string[];
  readonly witnessMs: number;
  readonly proveMs: number;
}

/**
 * A way to turn a circuit input into a Groth16 proof. Both backends compute the witness with the
 * circuit's WebAssembly (snarkjs.wtns.calculate) and differ in the proving step.
 */
export interface ProvingBackend {
  readonly name: string;
  prove(request: ProveRequest): Promise<ProveResult>;
  /** Frees what the backend holds (snarkjs' curve and its threads). */
  close(): Promise<void>;
}

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

function decimals(value: unknown, length: number, what: string): string[] {
  if (!Array.isArray(value) || value.length !== length || !value.every((v) => typeof v === 'string' && DECIMAL.test(v))) {
    throw new ModuloError('BACKEND_FAILED', `the proof's ${what} is not ${length} decimal strings`, { what });
  }
  return value as string[];
}

/**
 * A proof as the sequencer takes it, from snarkjs' or rapidsnark's JSON: the three points as decimal
 * strings (projective, z last), protocol groth16, curve bn128 (rapidsnark writes no `curve`), and
 * nothing else (the API refuses unknown fields).
 */
export function normalizeProof(raw: unknown): Groth16Proof {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (p.protocol !== undefined && p.protocol !== 'groth16') throw new ModuloError('BACKEND_FAILED', `not a Groth16 proof: protocol ${String(p.protocol)}`);
  if (p.curve !== undefined && p.curve !== 'bn128') throw new ModuloError('BACKEND_FAILED', `not a BN254 proof: curve ${String(p.curve)}`);
  const b = Array.isArray(p.pi_b) && p.pi_b.length === 3 ? p.pi_b : null;
  if (b === null) throw new ModuloError('BACKEND_FAILED', 'the proof has no pi_b of three pairs');
  return {
    pi_a: decimals(p.pi_a, 3, 'pi_a'),
    pi_b: b.map((pair, i) => decimals(pair, 2, `pi_b[${i}]`)),
    pi_c: decimals(p.pi_c, 3, 'pi_c'),
    protocol: 'groth16',
    curve: 'bn128',
  };
}

export function normalizePublicSignals(raw: unknown): string[] {
  if (!Array.isArray(raw)) throw new ModuloError('BACKEND_FAILED', 'the public signals are not an array');
  return decimals(raw, raw.length, 'public signals');
}
