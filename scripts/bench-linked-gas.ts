import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import hre from 'hardhat';
import type { CircuitConfig } from '../core/build-batch.js';
import { circuitInputToJson } from '../core/circuit-input.js';
import { ModuloError } from '../core/errors.js';
import { encodePackedBatches } from '../l1/settlement-calldata.js';
import { compileVerifier, verifierSource } from '../audit/verifier-code.js';
import type { LinkedCircuit } from '../proving-kit/compile-linked.js';
import { exportVerificationKey } from '../proving-kit/export.js';
import { writeLinkedWtns } from '../proving-kit/link-witness.js';
import { BENCH_KEYS, DEPOSIT, transferBatches } from './bench-linked-batch.js';
import { deploy, gasOf, type GasRow } from './bench-gas.js';

/**
 * L1 gas of settling a full linked batch from real receipts (Hardhat network, as bench-gas.ts): the
 * verifier generated from the linked dev key, a Rollup at the circuit's depth with that circuit, the
 * accounts deposited on L1 and settled by batch 1 (its own proof; also turns the fresh deployment's
 * counters non-zero), then batch 2 of `batchSize` transfers by commitAndProveBatches, one proof. Both
 * proofs by the external prover from linked witnesses; the contract checks each with the pairing, and
 * each settlement must leave the contract's finalized batch and state root at core's.
 * Opt-in (BENCH_LINKED_GAS=1); its 128-slot figures are in docs/benchmarks.md (the linked section).
 */
export async function settleLinkedBatch(linked: LinkedCircuit, zkey: string, bin: string, workDir: string): Promise<GasRow[]> {
  const config: CircuitConfig = linked.config;
  await hre.tasks.getTask('build').run({ quiet: true, noTests: true });
  const { ethers } = await hre.network.connect();
  const vk = await exportVerificationKey(zkey);
  const verifierAddress = '0x00000000000000000000000000000000001b4c28';
  await ethers.provider.send('hardhat_setCode', [verifierAddress, compileVerifier(verifierSource(vk, 'LinkedBatchVerifier', 'the linked dev key'), 'LinkedBatchVerifier')]);
  const rollup = await deploy(ethers, config.depth, [{ verifier: verifierAddress, batchSize: config.batchSize, feeSlots: config.feeSlots }]);
  const [admin] = await ethers.getSigners();
  for (const { ax, ay } of BENCH_KEYS) await gasOf(rollup.connect(admin!).getFunction('deposit')(0, DEPOSIT, ax, ay, { value: DEPOSIT }));
  const domain = { chainId: (await ethers.provider.getNetwork()).chainId, rollupAddress: BigInt(await rollup.getAddress()) };
  const { first, second } = transferBatches(config, domain, BigInt(admin!.address));
  const rows: GasRow[] = [];
  for (const [batch, what] of [[first, `${BENCH_KEYS.length} deposits`], [second, `${config.batchSize} transfers`]] as const) {
    const wtns = join(workDir, `gas-${batch.statement.batchNumber}.wtns`);
    await writeLinkedWtns(linked.plan, linked.parts, circuitInputToJson(batch.circuitInput), wtns);
    const [proofPath, publicPath] = [`${wtns}.proof.json`, `${wtns}.public.json`];
    const run = spawnSync('nice', ['-n', '10', bin, zkey, wtns, proofPath, publicPath], { stdio: 'inherit' });
    if (run.status !== 0) throw new ModuloError('BACKEND_FAILED', `${bin} exited ${run.status}`);
    if (JSON.parse(readFileSync(publicPath, 'utf8'))[0] !== batch.publicInputHash.toString()) throw new ModuloError('BENCH_FAILED', 'public signal is not core\'s public input hash');
    const p = JSON.parse(readFileSync(proofPath, 'utf8')) as { pi_a: string[]; pi_b: string[][]; pi_c: string[] };
    const proof = { a: [p.pi_a[0], p.pi_a[1]], b: [[p.pi_b[0]![1], p.pi_b[0]![0]], [p.pi_b[1]![1], p.pi_b[1]![0]]], c: [p.pi_c[0], p.pi_c[1]] };
    const c = batch.commit;
    const packed = encodePackedBatches([{ circuitId: 0, newStateRoot: c.newStateRoot, l1TxCount: c.l1TxCount, feeIdx: c.feeIdx, txData: c.txData, withdrawals: c.withdrawals }]);
    const receipt = await gasOf(rollup.connect(admin!).getFunction('commitAndProveBatches')(c.batchNumber, packed, [proof]));
    const finalized = [await rollup.getFunction('lastFinalizedBatch')(), await rollup.getFunction('lastFinalizedStateRoot')()] as bigint[];
    if (receipt.status !== 1 || finalized[0] !== c.batchNumber || finalized[1] !== c.newStateRoot) {
      throw new ModuloError('BENCH_FAILED', `batch ${c.batchNumber} is not finalized at core's state root`, { finalized: finalized.map(String) });
    }
    rows.push({ name: `commitAndProveBatches, one ${config.batchSize}-slot batch (${what}), one proof verified and finalized`, value: Number(receipt.gasUsed), unit: 'gas' });
    if (batch !== second) continue;
    const tx = await ethers.provider.getTransaction(receipt.hash);
    rows.push({ name: `L1 gas per transfer, one full ${config.batchSize}-slot batch per settlement`, value: Math.round(Number(receipt.gasUsed) / config.batchSize), unit: 'gas/transfer' });
    rows.push({ name: `calldata of that settlement (${packed.length} bytes of packed batch)`, value: (tx!.data.length - 2) / 2, unit: 'bytes' });
  }
  return rows;
}
