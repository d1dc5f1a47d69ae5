import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { CircuitsFile } from '../../core/circuits.js';
import type { L2Tx, SignedL2Tx } from '../../core/tx.js';
import { queueL1 } from '../../devnet/seed-sequencer.js';
import { configFrom, type SequencerConfig } from '../../sequencer/config.js';
import { SequencerNode, type NodeOverrides } from '../../sequencer/node.js';
import type { Groth16Proof, ProofVerifier } from '../../sequencer/proof.js';
import type { StoredL1Tx } from '../../sequencer/store/l1-store.js';
import { txToBody, type TxBody } from '../../api/tx.js';
import { DOMAIN, depositNew, signed, user, type User } from '../fixtures/rollup.js';

export { DOMAIN, depositNew, queueL1, signed, user };
export type { User };

export const ETH = 0n;
export const TOKEN = 1n;
export const alice = user(11);
export const bob = user(12);
export const operator = user(13);
export const carol = user(14);

/** Two sizes at depth 8 (so "smallest that fits" has a choice) and one at another depth (never used). */
export const TEST_CIRCUITS = {
  widths: {},
  circuits: {
    small: { depth: 8, batchSize: 2, feeSlots: 1 },
    medium: { depth: 8, batchSize: 4, feeSlots: 2 },
    other: { depth: 16, batchSize: 4, feeSlots: 2 },
  },
} as unknown as CircuitsFile;

/** Fee account 3 (the operator, ETH) with a minimum fee of 10 wei. */
export const MIN_FEE = 10n;

export function testConfig(over: Partial<SequencerConfig> = {}): SequencerConfig {
  const base = configFrom({
    // In-process tests run the job API open unless they set a token (the devnet's rule).
    devnet: true,
    dataDir: ':memory:',
    domain: { chainId: DOMAIN.chainId.toString(), rollupAddress: `0x${DOMAIN.rollupAddress.toString(16)}` },
    deploymentCircuit: 'medium',
    fees: [{ tokenId: '0', idx: 3, minFee: MIN_FEE.toString() }],
    http: { rateLimit: null, logLevel: 'silent' },
    mempool: { verifyWorkers: 0 },
    batch: { maxWaitMs: 1_000, maxUnproven: 100, tickMs: 50 },
  });
  return { ...base, circuits: TEST_CIRCUITS, ...over };
}

/** A proof verifier that accepts proofs whose pi_a[0] is "1" (tests of the job flow, not of snarkjs). */
export const fakeProofVerifier: ProofVerifier = {
  async verify(_circuit, _hash, proof) {
    return proof.pi_a[0] === '1';
  },
};

export function fakeProof(valid: boolean): Groth16Proof {
  const f = valid ? '1' : '2';
  return { pi_a: [f, '2', '1'], pi_b: [['1', '2'], ['3', '4'], ['1', '0']], pi_c: ['5', '6', '1'], protocol: 'groth16', curve: 'bn128' };
}

export class Clock {
  now = 1_700_000_000_000;
  readonly fn = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export function makeNode(over: Partial<SequencerConfig> = {}, overrides: NodeOverrides = {}): SequencerNode {
  return new SequencerNode(testConfig(over), { logger: pino({ level: 'silent' }), proofVerifier: fakeProofVerifier, ...overrides });
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'modulo-seq-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** alice #1 (1 ETH), bob #2 (0.5 ETH), operator #3 (ETH fee account), carol #4 (1000 TOKEN), sealed in batch 1. */
export function fundedNode(over: Partial<SequencerConfig> = {}, overrides: NodeOverrides = {}): SequencerNode {
  const node = makeNode(over, overrides);
  queueL1(node, [
    depositNew(alice, 1, ETH, 10n ** 18n),
    depositNew(bob, 2, ETH, 5n * 10n ** 17n),
    depositNew(operator, 3, ETH, 0n),
    depositNew(carol, 4, TOKEN, 1000n),
  ]);
  node.batcher.seal();
  return node;
}

export function transfer(from: User, fromIdx: number, toIdx: number, amount: bigint, nonce: bigint, fee = MIN_FEE, tokenId = ETH): SignedL2Tx {
  const tx: L2Tx = { fromIdx, toIdx, amount, fee, nonce, tokenId };
  return signed(from, tx);
}

export function body(tx: SignedL2Tx): TxBody {
  return txToBody(tx);
}
