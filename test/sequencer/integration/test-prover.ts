import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHA256_HEADER } from '../../../api/artifacts.js';
import type { Lease } from '../../../api/jobs.js';
import { ROOT } from '../../fixtures/root.js';

const VERIFIER_ARTIFACT = 'artifacts/contracts/verifiers/TestBatchVerifier.sol/TestBatchVerifier.json';

/**
 * The test circuit's artifacts as `make circuits` leaves them (proving-kit/build-circuit.ts), and a
 * compiled verifier made from the same key (its bytecode holds the key's alpha): while the circuit is
 * being rebuilt the two can disagree for a while, and no proof could pass on L1.
 */
export function testCircuitBuilt(): boolean {
  const dir = join(ROOT, 'build', 'circuits', 'test');
  const files = ['main_js/main.wasm', 'circuit.dev.zkey', 'verification_key.json'].map((f) => join(dir, f));
  if (![...files, join(ROOT, VERIFIER_ARTIFACT)].every((f) => existsSync(f))) return false;
  try {
    const vk = JSON.parse(readFileSync(files[2]!, 'utf8')) as { vk_alpha_1: string[] };
    const bytecode = (JSON.parse(readFileSync(join(ROOT, VERIFIER_ARTIFACT), 'utf8')) as { bytecode: string }).bytecode;
    // solc pushes the constant with its leading zero bytes dropped (PUSH31 and less): no padding.
    return vk.vk_alpha_1.slice(0, 2).every((c) => bytecode.includes(BigInt(c).toString(16)));
  } catch {
    return false;
  }
}

interface Snarkjs {
  groth16: { fullProve(input: unknown, wasm: string, zkey: string): Promise<{ proof: unknown; publicSignals: string[] }> };
}
const SNARKJS = 'snarkjs';

/**
 * A prover worker reduced to its HTTP contract: downloads the circuit's wasm and zkey from the
 * sequencer (checking the sha256 header), claims a job, proves it with snarkjs and hands the proof in.
 * The real worker (prover/) does the same with heartbeats and a faster backend.
 */
export class TestProver {
  readonly #base: string;
  readonly #dir = mkdtempSync(join(tmpdir(), 'modulo-prover-'));
  readonly #files = new Map<string, string>();

  constructor(baseUrl: string) {
    this.#base = baseUrl;
  }

  /** Claims and proves one job; returns its batch number, or null when there was none. */
  async proveOne(): Promise<number | null> {
    const claim = await fetch(`${this.#base}/v1/jobs/claim`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"worker":"test-prover"}' });
    if (claim.status === 204) return null;
    if (claim.status !== 200) throw new Error(`claim: ${claim.status} ${await claim.text()}`);
    const job = (await claim.json()) as Lease;
    const wasm = await this.#artifact(job.circuit.name, 'wasm');
    const zkey = await this.#artifact(job.circuit.name, 'zkey');
    const snarkjs = (await import(SNARKJS)) as Snarkjs;
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(job.input, wasm, zkey);
    const res = await fetch(`${this.#base}/v1/jobs/${job.jobId}/proof`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leaseId: job.leaseId, proof, publicSignals }),
    });
    if (res.status !== 200) throw new Error(`proof of batch ${job.batchNumber}: ${res.status} ${await res.text()}`);
    return job.batchNumber;
  }

  async #artifact(name: string, kind: 'wasm' | 'zkey'): Promise<string> {
    const key = `${name}.${kind}`;
    const cached = this.#files.get(key);
    if (cached) return cached;
    const res = await fetch(`${this.#base}/v1/circuits/${name}/${kind}`);
    if (res.status !== 200) throw new Error(`${key}: ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (createHash('sha256').update(bytes).digest('hex') !== res.headers.get(SHA256_HEADER)) throw new Error(`${key}: sha256 mismatch`);
    const path = join(this.#dir, key);
    writeFileSync(path, bytes);
    this.#files.set(key, path);
    return path;
  }
}
