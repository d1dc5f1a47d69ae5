import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Contract } from 'ethers';
import type { HardhatEthers } from '@nomicfoundation/hardhat-ethers/types';
import { compileVerifier, verifierSource } from '../../audit/verifier-code.js';
import { toHex } from '../../core/bits.js';
import { buildBatch, type Batch, type CircuitConfig } from '../../core/build-batch.js';
import { RollupState } from '../../core/rollup-state.js';
import type { SignedL2Tx } from '../../core/tx.js';
import { signed, user } from '../fixtures/rollup.js';
import { trapdoorKey, type TrapdoorKey } from '../../proving-kit/trapdoor-key.js';
import { encodePackedBatches, type PackedBatch } from '../../l1/settlement-calldata.js';
import {
  deployRollup, ETH, proveWithSnarkjs, queuedL1Txs, snapshot, TEST_ARTIFACTS, TEST_CIRCUIT, type Deployment,
  type SolidityProof,
} from './helpers.js';

/**
 * One chain for the settlement tests, built and proven once: a Rollup with two circuits, circuit 0 the real
 * `test` circuit (its generated verifier) and circuit 1 a 24-slot circuit whose verifier is generated the same
 * way from a trapdoor key (proving-kit/trapdoor-key.ts), so that a settlement can mix two circuit sizes, two
 * verification keys and two verifier contracts. Three deposits are queued; `main` is five `test` batches on
 * genesis, `mixed` is main's first two, then a 24-slot batch, then a `test` batch. Real proofs are cached on disk
 * by verification key and public input (a cached proof is still checked by the contract like any other).
 */

export const WIDE_CIRCUIT: CircuitConfig = { depth: TEST_CIRCUIT.depth, batchSize: 24, feeSlots: 4 };
const WIDE_VERIFIER_ADDRESS = '0x00000000000000000000000000000000000b47c4';
const PROOF_CACHE = new URL('../../cache/settlement-proofs/', import.meta.url);
const ONE = 10n ** 18n;
const alice = user(1);
const bob = user(2);
const carol = user(3);

export interface ProvenBatch {
  readonly batch: Batch;
  readonly circuitId: number;
  readonly proof: SolidityProof;
}

export interface Settlement {
  readonly d: Deployment;
  readonly rollup: Contract;
  readonly verifier: Contract;
  readonly wideVerifier: Contract;
  readonly wideKey: TrapdoorKey;
  readonly main: readonly ProvenBatch[];
  readonly mixed: readonly ProvenBatch[];
  /** Back to the deposits queued, nothing committed. */
  readonly restore: () => Promise<void>;
}

/** A batch as commitAndProveBatches takes it, packed with the others (l1/settlement-calldata.ts). */
export function batchCommit(p: ProvenBatch): PackedBatch {
  const c = p.batch.commit;
  return { circuitId: p.circuitId, newStateRoot: c.newStateRoot, l1TxCount: c.l1TxCount, feeIdx: [...c.feeIdx], txData: c.txData, withdrawals: c.withdrawals };
}

/** commitAndProveBatches' `batches` argument for these batches. */
export function packed(batches: readonly ProvenBatch[]): string {
  return toHex(encodePackedBatches(batches.map(batchCommit)));
}

/** A proof as verifyProofs takes it: 8 words. */
export function proofWords(p: SolidityProof): bigint[] {
  return [...p.a, ...p.b[0], ...p.b[1], ...p.c];
}

export async function setUpSettlement(ethers: HardhatEthers): Promise<Settlement> {
  const verifier = await ethers.deployContract('TestBatchVerifier');
  const wideKey = trapdoorKey('modulo settlement tests: 24-slot circuit');
  const code = compileVerifier(verifierSource(wideKey.vk, 'WideBatchVerifier', 'a trapdoor key'), 'WideBatchVerifier');
  await ethers.provider.send('hardhat_setCode', [WIDE_VERIFIER_ADDRESS, code]);
  const wideVerifier = await ethers.getContractAt('TestBatchVerifier', WIDE_VERIFIER_ADDRESS);
  const d = await deployRollup(ethers, {
    circuits: [
      { verifier: await verifier.getAddress(), batchSize: TEST_CIRCUIT.batchSize, feeSlots: TEST_CIRCUIT.feeSlots },
      { verifier: WIDE_VERIFIER_ADDRESS, batchSize: WIDE_CIRCUIT.batchSize, feeSlots: WIDE_CIRCUIT.feeSlots },
    ],
  });
  const rollup = d.rollup;
  await (await rollup.connect(d.signers.alice).getFunction('deposit')(ETH, ONE, alice.ax, alice.ay, { value: ONE })).wait();
  await (await rollup.connect(d.signers.bob).getFunction('deposit')(ETH, ONE / 2n, bob.ax, bob.ay, { value: ONE / 2n })).wait();
  await (await rollup.connect(d.signers.carol).getFunction('deposit')(ETH, 0n, carol.ax, carol.ay)).wait();
  const queued = await queuedL1Txs(rollup);
  const pay = (from: typeof alice, fromIdx: number, toIdx: number, amount: bigint, nonce: bigint) =>
    signed(from, { fromIdx, toIdx, amount, fee: 0n, nonce, tokenId: 0n }, d.domain);

  const build = (steps: ReadonlyArray<{ circuitId: number; l1: number; l2: SignedL2Tx[] }>): Array<{ batch: Batch; circuitId: number }> => {
    const state = new RollupState(d.depth);
    let consumed = 0;
    let l1QueueStartHash = 0n;
    return steps.map((step, i) => {
      const batch = buildBatch(state, {
        circuit: step.circuitId === 0 ? TEST_CIRCUIT : WIDE_CIRCUIT, domain: d.domain, batchNumber: BigInt(i + 1), l1QueueStartHash,
        l1Txs: queued.slice(consumed, consumed + step.l1), l2Txs: step.l2, feeIdx: [],
      });
      batch.state.merge();
      consumed += step.l1;
      l1QueueStartHash = batch.l1QueueEndHash;
      return { batch, circuitId: step.circuitId };
    });
  };
  const first = [
    { circuitId: 0, l1: 3, l2: [] },
    { circuitId: 0, l1: 0, l2: [pay(alice, 1, 2, ONE / 10n, 0n)] },
  ];
  const main = build([
    ...first,
    { circuitId: 0, l1: 0, l2: [pay(bob, 2, 1, ONE / 100n, 0n)] },
    { circuitId: 0, l1: 0, l2: [pay(bob, 2, 0, ONE / 20n, 1n)] },
    { circuitId: 0, l1: 0, l2: [pay(alice, 1, 3, ONE / 100n, 1n), pay(alice, 1, 2, 1n, 2n)] },
  ]);
  const mixed = build([
    ...first,
    { circuitId: 1, l1: 0, l2: [pay(alice, 1, 2, ONE / 50n, 1n), pay(alice, 1, 3, 5n, 2n)] },
    { circuitId: 0, l1: 0, l2: [pay(bob, 2, 1, ONE / 100n, 0n)] },
  ]);
  const prove = async ({ batch, circuitId }: { batch: Batch; circuitId: number }): Promise<ProvenBatch> => ({
    batch, circuitId, proof: circuitId === 0 ? await cachedProof(batch) : wideKey.prove(batch.publicInputHash),
  });
  const provenMain: ProvenBatch[] = [];
  for (const b of main) provenMain.push(await prove(b));
  const provenMixed: ProvenBatch[] = [...provenMain.slice(0, 2)];
  for (const b of mixed.slice(2)) provenMixed.push(await prove(b));
  return { d, rollup, verifier, wideVerifier, wideKey, main: provenMain, mixed: provenMixed, restore: await snapshot(ethers) };
}

/** A real `test`-circuit proof of `batch`, from the disk cache when one was made for this key and input. */
async function cachedProof(batch: Batch): Promise<SolidityProof> {
  const vkHash = createHash('sha256').update(readFileSync(TEST_ARTIFACTS.verificationKey)).digest('hex').slice(0, 16);
  const file = new URL(`${vkHash}-${batch.publicInputHash.toString(16)}.json`, PROOF_CACHE);
  if (existsSync(file)) {
    const words = (JSON.parse(readFileSync(file, 'utf8')) as string[]).map((w) => BigInt(w));
    return { a: [words[0]!, words[1]!], b: [[words[2]!, words[3]!], [words[4]!, words[5]!]], c: [words[6]!, words[7]!] };
  }
  const { proof } = await proveWithSnarkjs(batch);
  mkdirSync(PROOF_CACHE, { recursive: true });
  writeFileSync(file, JSON.stringify(proofWords(proof).map(String)));
  return proof;
}
