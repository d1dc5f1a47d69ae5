import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import hre from 'hardhat';
import type { Contract, TransactionReceipt } from 'ethers';
import type { HardhatEthers } from '@nomicfoundation/hardhat-ethers/types';
import { concatBytes, toHex } from '../core/bits.js';
import { buildBatch, type Batch } from '../core/build-batch.js';
import { circuitConfig } from '../core/circuits.js';
import { signL2Tx } from '../core/l2-tx-hash.js';
import { derivePublicKey } from '../core/eddsa.js';
import { AMOUNT_FLOAT, encodeFloat, FEE_FLOAT } from '../core/float.js';
import { RollupState } from '../core/rollup-state.js';
import { zeroHashes } from '../core/state-tree.js';
import { encodeTxData } from '../core/tx-data.js';
import type { L1Tx } from '../core/tx.js';
import { ModuloError } from '../core/errors.js';
import { publicInputHash } from '../core/public-input.js';
import { encodePackedBatches } from '../l1/settlement-calldata.js';
import { compileVerifier, verifierSource } from '../audit/verifier-code.js';
import { trapdoorKey } from '../proving-kit/trapdoor-key.js';

/**
 * L1 gas of the rollup contract on the in-process Hardhat network (hardfork prague, so calldata is priced with
 * the EIP-7623 floor): user operations, commit and prove of a real `test`-circuit batch, and the cost of a
 * batch as a function of its transfers, fitted from commits of k transfers and projected to 2,048; and the
 * L1 gas per transfer of full 24-slot (`prod`-size) batches settled k at a time (benchSettlements).
 *
 *   npx tsx scripts/bench-gas.ts
 */

export interface GasRow {
  name: string;
  value: number;
  unit: string;
}

const require = createRequire(import.meta.url);
const poseidon = require('poseidon-solidity') as Record<string, { address: string; data: string }> & {
  proxy: { from: string; gas: string; tx: string; address: string };
};

const TEST = circuitConfig('test');
const BIG_BATCH = 2048;
const KS = [1, 16, 64, 128, 256, 512, 1024, 1536, 2048];
const ONE = 10n ** 18n;

/** Calldata of the commit under EIP-7623: tokens = zero bytes + 4 * non-zero bytes; floor = 21,000 + 10 * tokens. */
function calldataTokens(data: string): number {
  let tokens = 0;
  for (let i = 2; i < data.length; i += 2) tokens += data.slice(i, i + 2) === '00' ? 1 : 4;
  return tokens;
}

function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Well-formed transfer slots (the contract does not read them; the calldata price depends on their bytes). */
function transferData(k: number, idxBits: number, seed: number): Uint8Array {
  const next = prng(seed);
  const idx = () => 1 + Math.floor(next() * (2 ** idxBits - 1));
  const slots: Uint8Array[] = [];
  for (let i = 0; i < k; i++) {
    const amount = BigInt(1 + Math.floor(next() * 524_287)) * 10n ** BigInt(10 + Math.floor(next() * 8));
    const fee = BigInt(1 + Math.floor(next() * 7)) * 10n ** BigInt(12 + Math.floor(next() * 3));
    slots.push(encodeTxData({ fromIdx: idx(), toIdx: idx(), amountFloat: encodeFloat(amount, AMOUNT_FLOAT), feeFloat: encodeFloat(fee, FEE_FLOAT) }));
  }
  return concatBytes(slots);
}

async function deployPoseidon(ethers: HardhatEthers): Promise<Record<string, string>> {
  const [funder] = await ethers.getSigners();
  if ((await ethers.provider.getCode(poseidon.proxy.address)) === '0x') {
    await (await funder!.sendTransaction({ to: poseidon.proxy.from, value: BigInt(poseidon.proxy.gas) })).wait();
    await (await ethers.provider.broadcastTransaction(poseidon.proxy.tx)).wait();
  }
  const out: Record<string, string> = {};
  for (const name of ['PoseidonT4', 'PoseidonT5', 'PoseidonT6']) {
    const lib = poseidon[name]!;
    if ((await ethers.provider.getCode(lib.address)) === '0x') {
      await (await funder!.sendTransaction({ to: poseidon.proxy.address, data: lib.data })).wait();
    }
    out[name] = lib.address;
  }
  return out;
}

export async function deploy(ethers: HardhatEthers, depth: number, circuits: Array<{ verifier: string; batchSize: number; feeSlots: number }>): Promise<Contract> {
  const [admin] = await ethers.getSigners();
  const a = admin!.address;
  const config = { depth, genesisStateRoot: zeroHashes(depth / 2)[depth / 2]!, forceDeadline: 86_400, maxPendingL1Txs: 1 << 20, adminDelay: 86_400, admin: a, governance: a, sequencer: a, operator: a };
  return ethers.deployContract('Rollup', [config, circuits], { libraries: await deployPoseidon(ethers) });
}

export async function gasOf(tx: Promise<{ wait(): Promise<TransactionReceipt | null> }>): Promise<TransactionReceipt> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new ModuloError('L1_FAILED', 'no receipt');
  return receipt;
}

/** Least squares y = a + b x. */
function fit(points: Array<[number, number]>): { fixed: number; marginal: number } {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const marginal = sxy / sxx;
  return { fixed: my - marginal * mx, marginal };
}

/** Paths of the `test` circuit's proving artifacts, if the circuit pipeline has produced them. */
export function testCircuitArtifacts(root = new URL('../', import.meta.url)): { wasm: string; zkey: string } | null {
  const dir = new URL('build/circuits/test/', root);
  const wasm = new URL('main_js/main.wasm', dir);
  const verifier = new URL('contracts/verifiers/TestBatchVerifier.sol', root);
  if (!existsSync(wasm) || !existsSync(verifier) || !existsSync(dir)) return null;
  const zkey = readdirSync(dir).find((f) => f.endsWith('.zkey'));
  return zkey ? { wasm: wasm.pathname, zkey: new URL(zkey, dir).pathname } : null;
}

/** What a proof costs on top of a commit when both are in one transaction. */
interface ProveCost {
  /** proveBatches of one proof as its own transaction. */
  readonly gas: number;
  /** Its execution gas: gas - 21,000 - 4 * calldata tokens (the standard price; the floor does not bind). */
  readonly execution: number;
  /** Calldata tokens of the proof argument (8 words). */
  readonly proofTokens: number;
}

/** Commit and prove of a real `test` batch: two deposits, a transfer and a withdrawal; then commitAndProveBatches of one. */
async function benchTestBatch(ethers: HardhatEthers, rows: GasRow[]): Promise<ProveCost | null> {
  const artifacts = testCircuitArtifacts();
  const verifier = artifacts
    ? await ethers.deployContract('TestBatchVerifier')
    : await ethers.deployContract('RejectingVerifier');
  const rollup = await deploy(ethers, TEST.depth, [{ verifier: await verifier.getAddress(), batchSize: TEST.batchSize, feeSlots: TEST.feeSlots }]);
  const [admin, alice, bob] = await ethers.getSigners();
  const keys = [1, 2].map((seed) => ({ privateKey: new Uint8Array(32).fill(seed), ...derivePublicKey(new Uint8Array(32).fill(seed)) }));
  const r = (s: typeof alice) => rollup.connect(s!);
  rows.push({ name: 'deposit ETH, new account', value: Number((await gasOf(r(alice).getFunction('deposit')(0, ONE, keys[0]!.ax, keys[0]!.ay, { value: ONE }))).gasUsed), unit: 'gas' });
  rows.push({ name: 'deposit ETH, new account (second)', value: Number((await gasOf(r(bob).getFunction('deposit')(0, ONE, keys[1]!.ax, keys[1]!.ay, { value: ONE }))).gasUsed), unit: 'gas' });
  const domain = { chainId: (await ethers.provider.getNetwork()).chainId, rollupAddress: BigInt(await rollup.getAddress()) };
  const l1Txs: L1Tx[] = [alice, bob].map((s, i) => ({ txType: 1, idx: i + 1, tokenId: 0n, amount: ONE, ethAddr: BigInt(s!.address), ax: keys[i]!.ax, ay: keys[i]!.ay }));
  const state = new RollupState(TEST.depth);
  const batch: Batch = buildBatch(state, {
    circuit: TEST, domain, batchNumber: 1n, l1QueueStartHash: 0n, l1Txs, feeIdx: [],
    l2Txs: [
      signL2Tx(keys[0]!.privateKey, { fromIdx: 1, toIdx: 2, amount: ONE / 10n, fee: 0n, nonce: 0n, tokenId: 0n }, domain),
      signL2Tx(keys[1]!.privateKey, { fromIdx: 2, toIdx: 0, amount: ONE / 20n, fee: 0n, nonce: 0n, tokenId: 0n }, domain),
    ],
  });
  const c = batch.commit;
  const commit = await gasOf(r(admin).getFunction('commitBatch')(0, c.batchNumber, c.newStateRoot, c.l1TxCount, [...c.feeIdx], toHex(c.txData), toHex(c.withdrawals)));
  rows.push({ name: `commitBatch, test circuit (${TEST.batchSize} slots: 2 deposits, transfer, withdrawal)`, value: Number(commit.gasUsed), unit: 'gas' });
  if (!artifacts) return null;
  const snarkjsModule = 'snarkjs';
  const snarkjs = (await import(snarkjsModule)) as { groth16: { fullProve(i: unknown, w: string, z: string): Promise<{ proof: { pi_a: string[]; pi_b: string[][]; pi_c: string[] } }> } };
  const { circuitInputToJson } = await import('../core/circuit-input.js');
  const { proof } = await snarkjs.groth16.fullProve(circuitInputToJson(batch.circuitInput), artifacts.wasm, artifacts.zkey);
  const solidityProof = {
    a: [proof.pi_a[0], proof.pi_a[1]],
    b: [[proof.pi_b[0]![1], proof.pi_b[0]![0]], [proof.pi_b[1]![1], proof.pi_b[1]![0]]],
    c: [proof.pi_c[0], proof.pi_c[1]],
  };
  const prove = await gasOf(r(admin).getFunction('proveBatches')(1n, [solidityProof], [toHex(c.withdrawals)]));
  rows.push({ name: 'proveBatches, one proof, test circuit (verify + finalize + 1 withdrawal credited)', value: Number(prove.gasUsed), unit: 'gas' });
  rows.push({ name: 'claim ETH', value: Number((await gasOf(r(bob).getFunction('claim')(0))).gasUsed), unit: 'gas' });
  const proveTx = await ethers.provider.getTransaction(prove.hash);
  const proofTokens = calldataTokens(ethers.AbiCoder.defaultAbiCoder().encode(['(uint256[2],uint256[2][2],uint256[2])[]'], [[[solidityProof.a, solidityProof.b, solidityProof.c]]]));
  const execution = Number(prove.gasUsed) - 21_000 - 4 * calldataTokens(proveTx!.data);

  batch.state.merge();
  const next = buildBatch(state, {
    circuit: TEST, domain, batchNumber: 2n, l1QueueStartHash: batch.l1QueueEndHash, l1Txs: [], feeIdx: [],
    l2Txs: [signL2Tx(keys[0]!.privateKey, { fromIdx: 1, toIdx: 2, amount: ONE / 10n, fee: 0n, nonce: 1n, tokenId: 0n }, domain)],
  });
  const p2 = (await snarkjs.groth16.fullProve(circuitInputToJson(next.circuitInput), artifacts.wasm, artifacts.zkey)).proof;
  const proof2 = { a: [p2.pi_a[0], p2.pi_a[1]], b: [[p2.pi_b[0]![1], p2.pi_b[0]![0]], [p2.pi_b[1]![1], p2.pi_b[1]![0]]], c: [p2.pi_c[0], p2.pi_c[1]] };
  const n = next.commit;
  const packed = encodePackedBatches([{ circuitId: 0, newStateRoot: n.newStateRoot, l1TxCount: n.l1TxCount, feeIdx: n.feeIdx, txData: n.txData, withdrawals: n.withdrawals }]);
  const both = await gasOf(r(admin).getFunction('commitAndProveBatches')(n.batchNumber, packed, [proof2]));
  rows.push({ name: 'commitAndProveBatches of one batch, test circuit (1 transfer)', value: Number(both.gasUsed), unit: 'gas' });
  return { gas: Number(prove.gasUsed), execution, proofTokens };
}

/**
 * Commits of k transfers into a 2,048-slot circuit at depth 32, for four idx distributions. Under EIP-7623 a
 * transaction pays max(21,000 + 4 * tokens + execution, 21,000 + 10 * tokens): small commits pay the
 * standard price (fitted from the commits the floor does not bind), large ones the calldata floor, which is
 * exactly 10 gas a token, so the marginal cost of a transfer there is 10 * its calldata tokens.
 */
async function benchCommitScaling(ethers: HardhatEthers, rows: GasRow[], prove: ProveCost | null): Promise<void> {
  const verifier = await ethers.deployContract('RejectingVerifier');
  const rollup = await deploy(ethers, 32, [{ verifier: await verifier.getAddress(), batchSize: BIG_BATCH, feeSlots: 4 }]);
  const [admin] = await ethers.getSigners();
  let batchNumber = 0n;
  const commit = async (txData: Uint8Array) => {
    batchNumber += 1n;
    const receipt = await gasOf(rollup.connect(admin!).getFunction('commitBatch')(0, batchNumber, batchNumber, 0, [0, 0, 0, 0], toHex(txData), '0x'));
    const tx = await ethers.provider.getTransaction(receipt.hash);
    return { gas: Number(receipt.gasUsed), floor: 21_000 + 10 * calldataTokens(tx!.data) };
  };
  await commit(new Uint8Array(0));
  rows.push({ name: `commitBatch, ${BIG_BATCH}-slot circuit, no L2 tx (steady state)`, value: (await commit(new Uint8Array(0))).gas, unit: 'gas' });
  for (const [label, bits] of [['idx < 2^8', 8], ['idx < 2^16', 16], ['idx < 2^24', 24], ['idx < 2^32', 32]] as const) {
    const standard: Array<[number, number]> = [];
    let at2048 = { gas: 0, floor: 0 };
    let tokens = 0;
    for (const k of KS) {
      const txData = transferData(k, bits, k * 7919 + bits);
      const measured = await commit(txData);
      if (measured.gas > measured.floor) standard.push([k, measured.gas]);
      if (k === BIG_BATCH) {
        at2048 = measured;
        tokens = calldataTokens(toHex(txData)) / k;
      }
    }
    rows.push({ name: `[${label}] calldata tokens per transfer (zero bytes + 4 x non-zero)`, value: Math.round(tokens * 100) / 100, unit: 'tokens' });
    let standardAt2048 = 0;
    if (standard.length >= 2) {
      const { fixed, marginal } = fit(standard);
      standardAt2048 = fixed + marginal * BIG_BATCH;
      rows.push({ name: `[${label}] below the floor (k = ${standard.map(([k]) => k).join(', ')}): fixed per commit`, value: Math.round(fixed), unit: 'gas' });
      rows.push({ name: `[${label}] below the floor: marginal per transfer`, value: Math.round(marginal * 10) / 10, unit: 'gas/transfer' });
    }
    rows.push({ name: `[${label}] at the floor: marginal per transfer (10 x tokens)`, value: Math.round(tokens * 100) / 10, unit: 'gas/transfer' });
    rows.push({ name: `[${label}] commitBatch with ${BIG_BATCH} transfers`, value: at2048.gas, unit: 'gas' });
    rows.push({ name: `[${label}]   its EIP-7623 floor`, value: at2048.floor, unit: 'gas' });
    if (prove === null) {
      rows.push({ name: `[${label}] projection at ${BIG_BATCH}: commit / ${BIG_BATCH} (no proof measured)`, value: Math.round(at2048.gas / BIG_BATCH), unit: 'gas/transfer' });
      continue;
    }
    rows.push({ name: `[${label}] projection at ${BIG_BATCH}: (commitBatch + proveBatches) / ${BIG_BATCH}`, value: Math.round((at2048.gas + prove.gas) / BIG_BATCH), unit: 'gas/transfer' });
    // One transaction pays max(standard, floor) once: the proof's execution hides under the calldata floor.
    const combined = Math.max(standardAt2048 + prove.execution + 4 * prove.proofTokens, at2048.floor + 10 * prove.proofTokens);
    rows.push({ name: `[${label}] projection at ${BIG_BATCH}: commit and prove in one tx / ${BIG_BATCH}`, value: Math.round(combined / BIG_BATCH), unit: 'gas/transfer' });
  }
}

const PROD = circuitConfig('prod');
const SETTLEMENT_KS = [1, 4, 16, 32];

/**
 * Full `prod`-size batches (24 transfers, 4 fee slots, depth 32) settled k at a time by commitAndProveBatches,
 * from receipts. The prod circuit cannot be proven here, so its verifier is generated (same template, same code,
 * other constants) from a trapdoor key whose proofs can be made for any public input
 * (proving-kit/trapdoor-key.ts): the contract computes every public input from 24-slot calldata and checks
 * every proof with the real pairing precompile calls, so the gas is what a prod verifier costs. Transfer slots
 * are well-formed random ones (the contract does not read them; their bytes price the calldata). One settlement
 * of one batch goes first, unmeasured: it turns the fresh deployment's zero batch counters non-zero, which every
 * later settlement on a live rollup finds done.
 */
export async function benchSettlements(ethers: HardhatEthers, rows: GasRow[]): Promise<void> {
  const key = trapdoorKey('modulo bench: prod-size batches');
  const verifierAddress = '0x00000000000000000000000000000000000b4c24';
  const code = compileVerifier(verifierSource(key.vk, 'BenchBatchVerifier', 'a trapdoor key'), 'BenchBatchVerifier');
  await ethers.provider.send('hardhat_setCode', [verifierAddress, code]);
  const rollup = await deploy(ethers, PROD.depth, [{ verifier: verifierAddress, batchSize: PROD.batchSize, feeSlots: PROD.feeSlots }]);
  const [admin] = await ethers.getSigners();
  const domain = { chainId: (await ethers.provider.getNetwork()).chainId, rollupAddress: BigInt(await rollup.getAddress()) };
  let batchNumber = 0n;
  let root = zeroHashes(PROD.depth / 2)[PROD.depth / 2]!;
  const feeIdx = [7, 0, 0, 0];
  const nextBatch = () => {
    batchNumber += 1n;
    const txData = transferData(PROD.batchSize, 32, Number(batchNumber) * 104_729);
    const padded = new Uint8Array(PROD.batchSize * 12);
    padded.set(txData);
    const newStateRoot = BigInt(`0x${Buffer.from(padded.subarray(0, 31)).toString('hex')}`) + batchNumber;
    const input = publicInputHash({ domain, batchNumber, oldStateRoot: root, newStateRoot, l1QueueStartHash: 0n, l1QueueEndHash: 0n, withdrawalsHash: 0n, feeIdx, txData: padded });
    root = newStateRoot;
    return { commit: { circuitId: 0, newStateRoot, l1TxCount: 0, feeIdx, txData, withdrawals: new Uint8Array(0) }, proof: key.prove(input) };
  };
  const warm = nextBatch();
  await gasOf(rollup.connect(admin!).getFunction('commitAndProveBatches')(batchNumber, encodePackedBatches([warm.commit]), [warm.proof]));
  const points: Array<[number, number]> = [];
  for (const k of SETTLEMENT_KS) {
    const first = batchNumber + 1n;
    const batches = Array.from({ length: k }, nextBatch);
    const receipt = await gasOf(rollup.connect(admin!).getFunction('commitAndProveBatches')(first, encodePackedBatches(batches.map((b) => b.commit)), batches.map((b) => b.proof)));
    const tx = await ethers.provider.getTransaction(receipt.hash);
    const floor = 21_000 + 10 * calldataTokens(tx!.data);
    const gas = Number(receipt.gasUsed);
    points.push([k, gas]);
    rows.push({ name: `commitAndProveBatches, ${k} x ${PROD.batchSize}-slot batches${gas === floor ? ' (at the EIP-7623 floor)' : ''}`, value: gas, unit: 'gas' });
    rows.push({ name: `L1 gas per transfer, ${PROD.batchSize}-slot batches, ${k} proof${k === 1 ? '' : 's'} per settlement`, value: Math.round(gas / (k * PROD.batchSize)), unit: 'gas/transfer' });
  }
  // k = 1 is left out of the fit: a lone proof's coefficient is 1, so its check skips two ecMul (12,200 gas).
  const fitted = points.filter(([k]) => k > 1);
  const { fixed, marginal } = fit(fitted);
  rows.push({ name: `commitAndProveBatches: fixed part per settlement (fitted over k = ${fitted.map(([k]) => k).join(', ')})`, value: Math.round(fixed), unit: 'gas' });
  rows.push({ name: `commitAndProveBatches: per ${PROD.batchSize}-slot batch (proof + commit), fitted`, value: Math.round(marginal), unit: 'gas' });
  rows.push({ name: `commitAndProveBatches: per transfer as k grows (per-batch part / ${PROD.batchSize})`, value: Math.round(marginal / PROD.batchSize), unit: 'gas/transfer' });
}

/** Exodus at production depth: a withdrawal by Merkle proof (17 PoseidonT5) and a deposit refund. */
/**
 * User operations under the forced-exit rules (docs/protocol.md §10) and the escape hatch. The genesis holds one
 * account (idx 77, built by core) so that withdrawExodus proves a leaf at depth 32 without a batch proof.
 */
async function benchExodus(ethers: HardhatEthers, rows: GasRow[]): Promise<void> {
  const [admin, alice, bob] = await ethers.getSigners();
  const key = derivePublicKey(new Uint8Array(32).fill(9));
  const state = new RollupState(32);
  // Its ethAddr is the admin's, whose credit is never claimed here: no deposit backs it.
  state.setAccount(77, { tokenId: 0n, nonce: 5n, balance: ONE, ax: key.ax, ay: key.ay, ethAddr: BigInt(admin!.address) });
  const verifier = await ethers.deployContract('RejectingVerifier');
  const a = admin!.address;
  const config = { depth: 32, genesisStateRoot: state.root, forceDeadline: 60, maxPendingL1Txs: 16, adminDelay: 86_400, admin: a, governance: a, sequencer: a, operator: a };
  const rollup = await ethers.deployContract('Rollup', [config, [{ verifier: await verifier.getAddress(), batchSize: 4, feeSlots: 1 }]], { libraries: await deployPoseidon(ethers) });
  const as = (s: typeof alice) => rollup.connect(s!);
  const gas = async (name: string, tx: Promise<{ wait(): Promise<TransactionReceipt | null> }>) => {
    rows.push({ name, value: Number((await gasOf(tx)).gasUsed), unit: 'gas' });
  };
  await gas('deposit ETH, new account (the first ETH deposit: the bridge\'s count of ETH starts)', as(alice).getFunction('deposit')(0, ONE, key.ax, key.ay, { value: ONE }));
  await gas('deposit ETH, new account', as(bob).getFunction('deposit')(0, ONE, key.ax, key.ay, { value: ONE }));
  await gas('deposit ETH, new account, zero amount (the cheapest queue entry)', as(bob).getFunction('deposit')(0, 0n, key.ax, key.ay));
  await gas('deposit ETH, top-up', as(bob).getFunction('depositTo')(1, 0, 5n, { value: 5n }));
  const creation = { txType: 1, idx: 1, tokenId: 0, amount: ONE, ethAddr: alice!.address, ax: key.ax, ay: key.ay };
  await gas('forcedExit (owner proven by its creating deposit, the account\'s first)', as(alice).getFunction('forcedExit')(1, 0, creation));
  await ethers.provider.send('evm_increaseTime', [61]);
  await gas('activateExodus', rollup.getFunction('activateExodus')());
  const leaf = { ...state.getAccount(77), ethAddr: admin!.address };
  await gas('withdrawExodus, depth 32 (leaf + 16 levels of PoseidonT5)', rollup.getFunction('withdrawExodus')(77, leaf, state.prove(77).siblings));
  await gas('refundDeposit', rollup.getFunction('refundDeposit')(0, creation));
  await (await rollup.getFunction('refundDeposit')(1, { ...creation, idx: 2, ethAddr: bob!.address })).wait();
  await gas('claim ETH', as(alice).getFunction('claim')(0));
  await gas('claimTo ETH, to another address', as(bob).getFunction('claimTo')(0, a));
}

async function benchPart(part: 'exodus' | 'settlements'): Promise<GasRow[]> {
  await hre.tasks.getTask('build').run({ quiet: true, noTests: true });
  const { ethers } = await hre.network.connect();
  const rows: GasRow[] = [];
  if (part === 'settlements') await benchSettlements(ethers, rows);
  await benchExodus(ethers, rows);
  return rows;
}

export async function benchGas(): Promise<GasRow[]> {
  await hre.tasks.getTask('build').run({ quiet: true, noTests: true });
  const { ethers } = await hre.network.connect();
  const rows: GasRow[] = [];
  const prove = await benchTestBatch(ethers, rows);
  await benchSettlements(ethers, rows);
  await benchExodus(ethers, rows);
  await benchCommitScaling(ethers, rows, prove);
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `npx tsx scripts/bench-gas.ts exodus` runs only the user operations and the escape hatch; `settlements` runs
  // those and the prod-size settlements.
  const mode = process.argv[2];
  const rows = mode === 'exodus' || mode === 'settlements' ? await benchPart(mode) : await benchGas();
  for (const row of rows) console.log(`${row.name}: ${row.value.toLocaleString('en-US')} ${row.unit}`);
  // The in-process network and snarkjs' worker threads keep the event loop alive.
  process.exit(0);
}
