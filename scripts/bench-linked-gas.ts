import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import hre from 'hardhat';
import type { Batch, CircuitConfig } from '../core/build-batch.js';
import { circuitInputToJson } from '../core/circuit-input.js';
import { ModuloError } from '../core/errors.js';
import { encodePackedBatches } from '../l1/settlement-calldata.js';
import { compileVerifier, verifierSource } from '../audit/verifier-code.js';
import type { LinkedCircuit } from '../proving-kit/compile-linked.js';
import { exportVerificationKey } from '../proving-kit/export.js';
import { writeLinkedWtns } from '../proving-kit/link-witness.js';
import { BENCH_KEYS, DEPOSIT, settlementSizes, transferBatches } from './bench-linked-batch.js';
import { deploy, gasOf, type GasRow } from './bench-gas.js';

/**
 * L1 gas of settling full linked batches from real receipts (Hardhat network, as bench-gas.ts): the
 * verifier generated from the linked dev key, a Rollup at the circuit's depth with that circuit, the
 * accounts deposited on L1 and settled by batch 1 (its own proof; also turns the fresh deployment's
 * counters non-zero), then for each k of BENCH_LINKED_SETTLE_BATCHES (settlementSizes), from that
 * same state (evm_snapshot / evm_revert), batches 2..k+1: k consecutive batches of `batchSize`
 * transfers built by core, settled by ONE commitAndProveBatches with k proofs. Every proof is the external prover's, of the batch's linked witness, one at a time; a proof
 * file an earlier run left in `workDir` is reused when its public signal is this batch's public input
 * hash (the contract's pairing checks it all the same). Each settlement must leave the contract's
 * finalized batch and state root at core's.
 * Opt-in (BENCH_LINKED_GAS=1); its 128-slot figures are in docs/benchmarks.md (the linked section).
 */
export async function settleLinkedBatch(linked: LinkedCircuit, zkey: string, bin: string, workDir: string): Promise<GasRow[]> {
  const config: CircuitConfig = linked.config;
  const sizes = settlementSizes();
  await hre.tasks.getTask('build').run({ quiet: true, noTests: true });
  const { ethers } = await hre.network.connect();
  const vk = await exportVerificationKey(zkey);
  const verifierAddress = '0x00000000000000000000000000000000001b4c28';
  await ethers.provider.send('hardhat_setCode', [verifierAddress, compileVerifier(verifierSource(vk, 'LinkedBatchVerifier', 'the linked dev key'), 'LinkedBatchVerifier')]);
  const rollup = await deploy(ethers, config.depth, [{ verifier: verifierAddress, batchSize: config.batchSize, feeSlots: config.feeSlots }]);
  const [admin] = await ethers.getSigners();
  for (const { ax, ay } of BENCH_KEYS) await gasOf(rollup.connect(admin!).getFunction('deposit')(0, DEPOSIT, ax, ay, { value: DEPOSIT }));
  const domain = { chainId: (await ethers.provider.getNetwork()).chainId, rollupAddress: BigInt(await rollup.getAddress()) };
  const { first, transfers } = transferBatches(config, domain, BigInt(admin!.address), Math.max(...sizes));

  const prove = async (batch: Batch) => {
    const wtns = join(workDir, `gas-${config.depth}-${config.batchSize}-${config.feeSlots}-${batch.statement.batchNumber}.wtns`);
    const [proofPath, publicPath] = [`${wtns}.proof.json`, `${wtns}.public.json`];
    const expected = batch.publicInputHash.toString();
    const kept = existsSync(proofPath) && existsSync(publicPath) && JSON.parse(readFileSync(publicPath, 'utf8'))[0] === expected;
    process.stderr.write(`bench-linked-gas: batch ${batch.statement.batchNumber}: ${kept ? 'the proof of an earlier run of this statement, reused' : 'witness and proof'}\n`);
    if (!kept) {
      await writeLinkedWtns(linked.plan, linked.parts, circuitInputToJson(batch.circuitInput), wtns);
      const run = spawnSync('nice', ['-n', '10', bin, zkey, wtns, proofPath, publicPath], { stdio: 'inherit' });
      if (run.status !== 0) throw new ModuloError('BACKEND_FAILED', `${bin} exited ${run.status}`);
      if (JSON.parse(readFileSync(publicPath, 'utf8'))[0] !== expected) throw new ModuloError('BENCH_FAILED', 'public signal is not core\'s public input hash');
    }
    const p = JSON.parse(readFileSync(proofPath, 'utf8')) as { pi_a: string[]; pi_b: string[][]; pi_c: string[] };
    return { a: [p.pi_a[0], p.pi_a[1]], b: [[p.pi_b[0]![1], p.pi_b[0]![0]], [p.pi_b[1]![1], p.pi_b[1]![0]]], c: [p.pi_c[0], p.pi_c[1]] };
  };

  /** Settles `batches` (consecutive) in one commitAndProveBatches; checks the contract finalized the last at core's root. */
  const settle = async (batches: readonly Batch[]) => {
    const proofs = [];
    for (const batch of batches) proofs.push(await prove(batch));
    const packed = encodePackedBatches(batches.map(({ commit: c }) => ({ circuitId: 0, newStateRoot: c.newStateRoot, l1TxCount: c.l1TxCount, feeIdx: c.feeIdx, txData: c.txData, withdrawals: c.withdrawals })));
    const last = batches[batches.length - 1]!.commit;
    const receipt = await gasOf(rollup.connect(admin!).getFunction('commitAndProveBatches')(batches[0]!.commit.batchNumber, packed, proofs));
    const finalized = [await rollup.getFunction('lastFinalizedBatch')(), await rollup.getFunction('lastFinalizedStateRoot')()] as bigint[];
    if (receipt.status !== 1 || finalized[0] !== last.batchNumber || finalized[1] !== last.newStateRoot) {
      throw new ModuloError('BENCH_FAILED', `batch ${last.batchNumber} is not finalized at core's state root`, { finalized: finalized.map(String) });
    }
    const calldata = ((await ethers.provider.getTransaction(receipt.hash))!.data.length - 2) / 2;
    return { gas: Number(receipt.gasUsed), packedBytes: packed.length, calldata, lastBatch: last.batchNumber };
  };

  const rows: GasRow[] = [];
  const deposits = await settle([first]);
  rows.push({ name: `commitAndProveBatches, one ${config.batchSize}-slot batch (${BENCH_KEYS.length} deposits), one proof verified and finalized`, value: deposits.gas, unit: 'gas' });
  // Each settlement starts from the state the deposit batch left (a snapshot of the chain, reverted to after it):
  // k = 6 and k = 7 settle batches 2..7 and 2..8 of one chain of batches, so their proofs are shared.
  let snapshot: string = await ethers.provider.send('evm_snapshot', []);
  for (const k of sizes) {
    const batches = transfers.slice(0, k);
    const s = await settle(batches);
    if (!(await ethers.provider.send('evm_revert', [snapshot]))) throw new ModuloError('BENCH_FAILED', 'evm_revert to the state after the deposit batch failed');
    snapshot = await ethers.provider.send('evm_snapshot', []);
    const what = k === 1 ? `one full ${config.batchSize}-slot batch` : `${k} full ${config.batchSize}-slot batches`;
    const span = `batch${k === 1 ? '' : 'es'} ${batches[0]!.commit.batchNumber}${k === 1 ? '' : `..${s.lastBatch}`}`;
    process.stderr.write(`bench-linked-gas: k=${k} (${span}): ${s.gas} gas, ${s.calldata} bytes of calldata, finalized batch ${s.lastBatch} at core's root\n`);
    rows.push({ name: `commitAndProveBatches, ${what} (${k * config.batchSize} transfers, ${span}), ${k} proof${k === 1 ? '' : 's'} verified and finalized at core's root`, value: s.gas, unit: 'gas' });
    rows.push({ name: `L1 gas per transfer, ${k} batch${k === 1 ? '' : 'es'} of ${config.batchSize} per settlement (gas / ${k * config.batchSize})`, value: Math.round(s.gas / (k * config.batchSize)), unit: 'gas/transfer' });
    rows.push({ name: `calldata of that settlement (${s.packedBytes} bytes of packed batches)`, value: s.calldata, unit: 'bytes' });
  }
  return rows;
}
