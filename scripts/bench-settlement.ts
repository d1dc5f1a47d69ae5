import { readFileSync } from 'node:fs';
import { configFrom } from '../sequencer/config.js';
import type { BenchRow } from './bench-prover.js';
import { measureSettlementLatency } from './bench-settlement-latency.js';

/**
 * The extra latency a settlement group adds at the sequencer's default policy (sequencer/config.ts:
 * l1.settlementMode, l1.maxBatchesPerSettlement, l1.maxSettlementWaitMs): measured with the real submitter on a
 * hardhat node, proofs arriving at the `test` circuit's measured in-process proof time (the prover section of
 * this run, else the figure docs/benchmarks.md holds; bench-settlement-latency.ts), then the rows derived from
 * the policy, which say so: a group settles when it is full or when its oldest batch has waited
 * maxSettlementWaitMs, so the wait is the bound; whether a group fills depends on how fast proofs arrive.
 */
export async function benchSettlement(proverRows: readonly BenchRow[]): Promise<BenchRow[]> {
  const l1 = configFrom({ l1: { rpcUrl: 'http://unused' } }).l1!;
  const k = l1.maxBatchesPerSettlement;
  const waitS = l1.maxSettlementWaitMs / 1000;
  const proofS = proverRows.find((r) => r.name === 'test, snarkjs in-process: proof')?.value ?? documentedProofSeconds();
  // One worker hands in a proof every proofS: a group of k needs (k - 1) * proofS to fill.
  const perGroupOneWorker = proofS >= waitS ? 1 : Math.min(k, 1 + Math.floor(waitS / proofS));
  return [
    ...(await measureSettlementLatency(proofS)),
    { name: `derived: default policy, at most ${k} batches per settlement: the wait a lone batch's group takes (seen at the next poll, up to l1.pollMs later)`, value: waitS, unit: 's' },
    { name: `derived: one worker, test proofs (${proofS} s each): batches per settlement at the default wait`, value: perGroupOneWorker, unit: 'batches' },
    { name: 'derived: one worker, test proofs: extra latency per batch at the default policy (every batch waits the full wait; the poll comes on top)', value: waitS, unit: 's' },
    { name: `derived: one worker, test proofs: wait a group of ${k} needs to fill ((k - 1) × proof time)`, value: (k - 1) * proofS, unit: 's' },
    { name: `derived: test proofs, workers in parallel needed to fill a group of ${k} within the default wait`, value: Math.ceil(((k - 1) * proofS) / waitS), unit: 'workers' },
  ];
}

function documentedProofSeconds(): number {
  const doc = readFileSync(new URL('../docs/benchmarks.md', import.meta.url), 'utf8');
  const m = /\| test, snarkjs in-process: proof \| ([\d.]+) \| s \|/.exec(doc);
  if (m === null) throw new Error('bench: no measured test proof time (run the prover section)');
  return Number(m[1]);
}
