import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, beforeEach, expect } from 'vitest';
import hre from 'hardhat';
import { getAddress, type Contract, type Interface } from 'ethers';
import type { HardhatEthers, HardhatEthersSigner } from '@nomicfoundation/hardhat-ethers/types';
import { toBytesBE, toHex } from '../../core/bits.js';
import { buildBatch, type Batch, type CommitBatchArgs, type CircuitConfig } from '../../core/build-batch.js';
import { circuitInputToJson } from '../../core/circuit-input.js';
import { TxType } from '../../core/constants.js';
import { l1QueueHashes } from '../../core/l1-queue.js';
import { RollupState } from '../../core/rollup-state.js';
import { zeroHashes } from '../../core/state-tree.js';
import type { L1Tx, RollupDomain, SignedL2Tx } from '../../core/tx.js';
import { deployPoseidonLibraries, POSEIDON_LIBRARIES } from '../../l1/deploy.js';
import { findAccountCreation } from '../../l1/account-creation.js';
import { l1TxStruct } from '../../l1/l1-tx-struct.js';
import { decodeL1TxQueued } from '../../l1/rollup-events.js';
import { encodePackedBatches } from '../../l1/settlement-calldata.js';
import { withLock } from '../../proving-kit/lock.js';
import { TEST_CIRCUIT } from '../fixtures/rollup.js';

/**
 * Shared setup for contract tests: builds the contracts once (serialized across vitest workers), deploys the
 * Poseidon libraries at their canonical addresses, deploys a Rollup, and converts between the contract's
 * events and arguments and core's types. Expected values always come from core.
 */

export type PoseidonLibraries = Record<(typeof POSEIDON_LIBRARIES)[number], string>;

export { l1TxStruct, TEST_CIRCUIT };
export const ETH = 0;
export const DAY = 24 * 60 * 60;

const BUILD_LOCK = fileURLToPath(new URL('../../cache/.contracts-test-build.lock', import.meta.url));

/** `hardhat build`, once at a time across vitest workers. */
export async function buildContracts(): Promise<void> {
  await mkdir(dirname(BUILD_LOCK), { recursive: true });
  await withLock(BUILD_LOCK, () => {}, () => hre.tasks.getTask('build').run({ quiet: true, noTests: true }));
}

export async function connect(): Promise<HardhatEthers> {
  const { ethers } = await hre.network.connect();
  return ethers;
}

/**
 * Deploys PoseidonT4/T5/T6 through the deterministic deployment proxy, as on a real chain: their addresses are
 * the package's canonical ones, so a production deployment links to the libraries already on L1.
 */
export async function deployPoseidon(ethers: HardhatEthers): Promise<PoseidonLibraries> {
  const [funder] = await ethers.getSigners();
  return (await deployPoseidonLibraries(ethers.provider, funder!)) as PoseidonLibraries;
}

export interface CircuitArg {
  readonly verifier: string;
  readonly batchSize: number;
  readonly feeSlots: number;
}

export interface DeployOptions {
  readonly depth?: number;
  readonly forceDeadline?: number;
  readonly maxPendingL1Txs?: number;
  readonly adminDelay?: number;
  /** Defaults to the test circuit's sizes with a RejectingVerifier (commits work; no proof passes). */
  readonly circuits?: readonly CircuitArg[];
  readonly genesisStateRoot?: bigint;
}

export interface Deployment {
  readonly ethers: HardhatEthers;
  readonly rollup: Contract;
  readonly address: string;
  readonly domain: RollupDomain;
  readonly depth: number;
  readonly libraries: PoseidonLibraries;
  readonly signers: Record<'admin' | 'governance' | 'sequencer' | 'operator' | 'alice' | 'bob' | 'carol', HardhatEthersSigner>;
}

/** The empty tree's root for `depth` bits: Z[depth / 2] (docs/protocol.md §2). */
export function emptyRoot(depth: number): bigint {
  return zeroHashes(depth / 2)[depth / 2]!;
}

export async function deployRollup(ethers: HardhatEthers, options: DeployOptions = {}): Promise<Deployment> {
  const [admin, governance, sequencer, operator, alice, bob, carol] = await ethers.getSigners();
  const libraries = await deployPoseidon(ethers);
  const depth = options.depth ?? TEST_CIRCUIT.depth;
  const circuits = options.circuits ?? [
    { verifier: await (await ethers.deployContract('RejectingVerifier')).getAddress(), batchSize: TEST_CIRCUIT.batchSize, feeSlots: TEST_CIRCUIT.feeSlots },
  ];
  const config = {
    depth,
    genesisStateRoot: options.genesisStateRoot ?? emptyRoot(depth),
    forceDeadline: options.forceDeadline ?? DAY,
    maxPendingL1Txs: options.maxPendingL1Txs ?? 64,
    adminDelay: options.adminDelay ?? DAY,
    admin: admin!.address,
    governance: governance!.address,
    sequencer: sequencer!.address,
    operator: operator!.address,
  };
  const rollup = await ethers.deployContract('Rollup', [config, circuits], { libraries });
  const address = await rollup.getAddress();
  const { chainId } = await ethers.provider.getNetwork();
  return {
    ethers,
    rollup,
    address,
    domain: { chainId, rollupAddress: BigInt(address) },
    depth,
    libraries,
    signers: { admin: admin!, governance: governance!, sequencer: sequencer!, operator: operator!, alice: alice!, bob: bob!, carol: carol! },
  };
}

/** Every L1 tx the contract queued, in queue order, as core's L1Tx (from the L1TxQueued events). */
export async function queuedL1Txs(rollup: Contract): Promise<L1Tx[]> {
  const events = await rollup.queryFilter(rollup.filters.L1TxQueued!());
  return events.map(decodeL1TxQueued).sort((a, b) => a.queueIndex - b.queueIndex).map((e) => e.tx);
}

/** forcedExit's arguments for account `idx`: the idx and the deposit that created it (l1/account-creation.ts). */
export async function forcedExitArgs(rollup: Contract, idx: number): Promise<unknown[]> {
  const { queueIndex, tx } = await findAccountCreation(rollup, idx);
  return [idx, queueIndex, l1TxStruct(tx)];
}

/** An ethAddr field as a checksummed address. */
export function addressOf(value: bigint): string {
  return getAddress(toHex(toBytesBE(value, 20)));
}

/** core's CommitBatchArgs as commitBatch's argument list. */
export function commitArgs(circuitId: number, commit: CommitBatchArgs): unknown[] {
  return [circuitId, commit.batchNumber, commit.newStateRoot, commit.l1TxCount, [...commit.feeIdx], toHex(commit.txData), toHex(commit.withdrawals)];
}

/** commitAndProveBatches' arguments for this one batch (of circuit `circuitId`) and its proof. */
export function commitAndProveArgs(circuitId: number, commit: CommitBatchArgs, proof: unknown): unknown[] {
  const packed = encodePackedBatches([{
    circuitId, newStateRoot: commit.newStateRoot, l1TxCount: Number(commit.l1TxCount), feeIdx: [...commit.feeIdx].map(Number), txData: commit.txData, withdrawals: commit.withdrawals,
  }]);
  return [commit.batchNumber, toHex(packed), [proof]];
}

/** A deposit's L1Tx as the contract will queue it for `signer` (to compare with the event). */
export function depositL1Tx(ethAddr: string, idx: number, tokenId: number, amount: bigint, ax = 0n, ay = 0n): L1Tx {
  return { txType: TxType.DEPOSIT, idx, tokenId: BigInt(tokenId), amount, ethAddr: BigInt(ethAddr), ax, ay };
}

/** The revert data of a failed call or transaction, wherever ethers and the provider put it. */
function revertData(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.data === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(e.data) && e.data.length >= 10) return e.data;
  for (const key of ['data', 'error', 'info', 'cause']) {
    const found = revertData(e[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Awaits `action` and asserts it reverted with the custom error `name` of `iface` (and, if given, exactly
 * `args`). Returns the decoded arguments.
 */
export async function expectRevert(
  action: Promise<unknown>,
  iface: Interface | Contract,
  name: string,
  args?: readonly unknown[],
): Promise<unknown[]> {
  const abi = 'interface' in iface ? iface.interface : iface;
  let failure: unknown;
  try {
    await action;
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) throw new Error(`expected a revert with ${name}, but the call succeeded`);
  const data = revertData(failure);
  if (!data) throw new Error(`expected a revert with ${name}, got ${String(failure)}`);
  const parsed = abi.parseError(data);
  expect(parsed?.name, `revert data ${data}`).toBe(name);
  const decoded = [...parsed!.args];
  if (args) expect(decoded).toEqual([...args]);
  return decoded;
}

/** Advances the in-process chain's clock by `seconds` and mines a block. */
export async function increaseTime(ethers: HardhatEthers, seconds: number): Promise<void> {
  await ethers.provider.send('evm_increaseTime', [seconds]);
  await ethers.provider.send('evm_mine', []);
}

/** Snapshots the chain; the returned function restores it (and can be called again). */
export async function snapshot(ethers: HardhatEthers): Promise<() => Promise<void>> {
  let id = (await ethers.provider.send('evm_snapshot', [])) as string;
  return async () => {
    await ethers.provider.send('evm_revert', [id]);
    id = (await ethers.provider.send('evm_snapshot', [])) as string;
  };
}

/**
 * A suite's hooks on one chain: before all its tests, builds the contracts, deploys a Rollup with `options` and
 * runs `prepare` on it (which keeps what the tests need); before each test, the chain goes back to the state
 * `prepare` left, so every test starts from it.
 */
export function freshRollupEachTest(options: DeployOptions, prepare: (d: Deployment) => Promise<void>): void {
  let restore: () => Promise<void>;
  beforeAll(async () => {
    await buildContracts();
    const d = await deployRollup(await connect(), options);
    await prepare(d);
    restore = await snapshot(d.ethers);
  });
  beforeEach(async () => {
    await restore();
  });
}

/**
 * core's view of the chain, kept in step with the commits a test makes: the state the next batch starts from,
 * how much of the L1 queue is consumed and the last batch number.
 */
export class CoreMirror {
  state: RollupState;
  consumed = 0;
  batchNumber = 0n;

  constructor(readonly d: Deployment, readonly circuit: CircuitConfig = TEST_CIRCUIT) {
    this.state = new RollupState(d.depth);
  }

  /** Builds the next batch with core: `l1TxCount` queued txs (default: all pending), then `l2Txs`. */
  async next(options: { l1TxCount?: number; l2Txs?: SignedL2Tx[]; feeIdx?: number[] } = {}): Promise<Batch> {
    const queued = await queuedL1Txs(this.d.rollup);
    const count = options.l1TxCount ?? queued.length - this.consumed;
    const l1Txs = queued.slice(this.consumed, this.consumed + count);
    return buildBatch(this.state, {
      circuit: this.circuit,
      domain: this.d.domain,
      batchNumber: this.batchNumber + 1n,
      l1QueueStartHash: this.consumed === 0 ? 0n : l1QueueHashes(queued.slice(0, this.consumed)).at(-1)!,
      l1Txs,
      l2Txs: options.l2Txs ?? [],
      feeIdx: options.feeIdx ?? [],
    });
  }

  /** Makes `batch` the base of the next one (after the contract accepted its commit). */
  accept(batch: Batch): void {
    batch.state.merge();
    this.consumed += batch.commit.l1TxCount;
    this.batchNumber = batch.commit.batchNumber;
  }

  /** Builds the next batch, commits it as the sequencer and accepts it. */
  async commitNext(options: Parameters<CoreMirror['next']>[0] = {}, circuitId = 0): Promise<Batch> {
    const batch = await this.next(options);
    await (await this.d.rollup.connect(this.d.signers.sequencer).getFunction('commitBatch')(...commitArgs(circuitId, batch.commit))).wait();
    this.accept(batch);
    return batch;
  }
}

/** What the circuit pipeline (proving-kit/build-circuit.ts test) leaves for the `test` circuit. */
export const TEST_ARTIFACTS = {
  wasm: new URL('../../build/circuits/test/main_js/main.wasm', import.meta.url).pathname,
  zkey: new URL('../../build/circuits/test/circuit.dev.zkey', import.meta.url).pathname,
  verificationKey: new URL('../../build/circuits/test/verification_key.json', import.meta.url).pathname,
  verifier: new URL('../../contracts/verifiers/TestBatchVerifier.sol', import.meta.url).pathname,
} as const;

export const testArtifactsExist = Object.values(TEST_ARTIFACTS).every((path) => existsSync(path));

/** A Groth16 proof as proveBatches takes it (snarkjs order, B's coordinates swapped as the verifier expects). */
export interface SolidityProof {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
}

interface SnarkjsProof {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
}
interface Snarkjs {
  groth16: {
    fullProve(input: unknown, wasm: string, zkey: string): Promise<{ proof: SnarkjsProof; publicSignals: string[] }>;
  };
}

/** Proves `batch` with snarkjs on the `test` circuit's wasm and dev key: the witness is core's circuit input. */
export async function proveWithSnarkjs(batch: Batch): Promise<{ proof: SolidityProof; publicSignals: bigint[] }> {
  const specifier = 'snarkjs';
  const snarkjs = (await import(specifier)) as Snarkjs;
  const { proof, publicSignals } = await snarkjs.groth16.fullProve(circuitInputToJson(batch.circuitInput), TEST_ARTIFACTS.wasm, TEST_ARTIFACTS.zkey);
  const n = (v: string | undefined) => BigInt(v!);
  return {
    proof: {
      a: [n(proof.pi_a[0]), n(proof.pi_a[1])],
      b: [[n(proof.pi_b[0]![1]), n(proof.pi_b[0]![0])], [n(proof.pi_b[1]![1]), n(proof.pi_b[1]![0])]],
      c: [n(proof.pi_c[0]), n(proof.pi_c[1])],
    },
    publicSignals: publicSignals.map((v) => BigInt(v)),
  };
}
