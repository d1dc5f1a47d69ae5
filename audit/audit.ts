import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JsonRpcProvider } from 'ethers';
import { loadCircuits } from '../core/circuits.js';
import { snarkjs, type VerificationKey } from '../proving-kit/ffjs.js';
import { proofCalldata } from './calldata.js';
import { ModuloError } from '../core/errors.js';
import { readHistory, type RegisteredCircuit, type RollupHistory } from './l1-history.js';
import { checkQueue, replayHistory, type Finding, type ReplayedBatchReport } from './replay-history.js';
import { checkVerifier, type VerifierCheck } from './verifier-code.js';

export interface AuditOptions {
  readonly rpcUrl: string;
  readonly rollup: string;
  /** Default: found by bisection over eth_getCode. */
  readonly fromBlock?: number;
  /** Verification key per circuit id; otherwise `<vkeysDir>/<name>/verification_key.json` for the circuit of
   *  circuits/circuits.json with the registered sizes. */
  readonly vkeys?: Readonly<Record<number, string>>;
  readonly vkeysDir: string;
  readonly log?: (line: string) => void;
}

export interface CircuitAudit extends RegisteredCircuit {
  readonly name: string;
  readonly vkeyPath: string;
  readonly verifierCheck: VerifierCheck;
}

export interface AuditReport {
  readonly chainId: bigint;
  readonly rollup: string;
  readonly deployBlock: number;
  readonly head: number;
  readonly depth: number;
  readonly circuits: readonly CircuitAudit[];
  readonly l1QueueLength: number;
  readonly batches: ReadonlyArray<ReplayedBatchReport & { readonly proof: 'verified' | 'not proven yet' }>;
  readonly lastCommitted: number;
  readonly lastFinalized: number;
  readonly stateRoot: bigint;
  readonly findings: readonly Finding[];
  /** The first batch with a finding (null: none, or only deployment-level findings). */
  readonly firstBadBatch: number | null;
  readonly ok: boolean;
}

/** eth_chainId with a timeout (ethers would retry an absent node forever). */
async function chainIdOf(rpcUrl: string): Promise<bigint> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }), signal: AbortSignal.timeout(10_000),
    });
    return BigInt(((await res.json()) as { result: string }).result);
  } catch (error) {
    throw new ModuloError('L1_UNREACHABLE', `the L1 node at ${rpcUrl} does not answer (${(error as Error).message})`, {}, { cause: error });
  }
}

function vkeyFor(o: AuditOptions, c: RegisteredCircuit, depth: number): { name: string; path: string } {
  const given = o.vkeys?.[c.id];
  const named = Object.entries(loadCircuits().circuits).find(([, s]) => s.depth === depth && s.batchSize === c.batchSize && s.feeSlots === c.feeSlots);
  const name = named?.[0] ?? `circuit${c.id}`;
  const path = given ?? join(o.vkeysDir, name, 'verification_key.json');
  if (!existsSync(path)) {
    throw new ModuloError('VKEY_MISSING', `no verification key for circuit ${c.id} (depth ${depth}, ${c.batchSize} slots, ${c.feeSlots} fee slots) at ${path}: pass --vkey ${c.id}=FILE`);
  }
  return { name, path };
}

/**
 * `modulo verify`: audits a rollup from L1 alone. Trusts the L1 node, nothing else: every verifier must be
 * the one its verification key generates; the queue's hash chain and every batch's root, withdrawals and
 * public input are recomputed with core from L1 data; every proof on L1 is verified again with snarkjs.
 */
export async function auditRollup(o: AuditOptions): Promise<AuditReport> {
  const log = o.log ?? (() => undefined);
  const provider = new JsonRpcProvider(o.rpcUrl, await chainIdOf(o.rpcUrl), { staticNetwork: true, cacheTimeout: -1 });
  try {
    const h: RollupHistory = await readHistory(provider, o.rollup, o.fromBlock);
    log(`read L1 up to block ${h.head}: rollup deployed in block ${h.deployBlock}, depth ${h.depth}, ${h.circuits.length} circuit(s), ${h.queue.length} L1 txs, ${h.commits.size} batches committed`);
    const circuits: CircuitAudit[] = [];
    const vks = new Map<number, VerificationKey>();
    for (const c of h.circuits) {
      const { name, path } = vkeyFor(o, c, h.depth);
      log(`circuit ${c.id} (${name}): regenerating and compiling its verifier from ${path}`);
      const vk = JSON.parse(readFileSync(path, 'utf8')) as VerificationKey;
      vks.set(c.id, vk);
      const verifierCheck = await checkVerifier(provider, c.verifier, vk, name, h.head);
      circuits.push({ ...c, name, vkeyPath: path, verifierCheck });
    }
    const findings: Finding[] = circuits.filter((c) => !c.verifierCheck.matches).map((c) => ({
      batchNumber: null, check: 'verifier', message: `circuit ${c.id}: the code at ${c.verifier} is not the verifier of ${c.vkeyPath}`,
    }));
    findings.push(...checkQueue(h));
    log(`replaying ${h.commits.size} batches from genesis and verifying ${h.finalized.size} proofs`);
    const replay = await replayHistory(provider, h);
    findings.push(...replay.findings);
    const batches: Array<ReplayedBatchReport & { proof: 'verified' | 'not proven yet' }> = [];
    for (const b of replay.batches) {
      let proof: 'verified' | 'not proven yet' = 'not proven yet';
      const fin = h.finalized.get(b.batchNumber);
      if (fin !== undefined) {
        const ok = await snarkjs.groth16.verify(vks.get(b.circuitId)!, [b.publicInputHash.toString()], await proofCalldata(provider, h.address, fin.txHash, b.batchNumber));
        if (!ok) findings.push({ batchNumber: b.batchNumber, check: 'proof', message: `the proof in tx ${fin.txHash} does not verify against the circuit's verification key` });
        proof = 'verified';
      }
      batches.push({ ...b, proof });
    }
    const replayedAll = replay.findings.length === 0;
    if (replayedAll && replay.stateRoot !== h.onChain.lastCommittedStateRoot) {
      findings.push({ batchNumber: h.onChain.lastCommitted, check: 'on-chain root', message: `lastCommittedStateRoot is ${h.onChain.lastCommittedStateRoot}, replay gives ${replay.stateRoot}` });
    }
    if (replayedAll && replay.finalizedRoot !== h.onChain.lastFinalizedStateRoot) {
      findings.push({ batchNumber: h.onChain.lastFinalized, check: 'on-chain root', message: `lastFinalizedStateRoot is ${h.onChain.lastFinalizedStateRoot}, replay gives ${replay.finalizedRoot}` });
    }
    const bad = findings.map((f) => f.batchNumber).filter((n): n is number => n !== null && n > 0);
    return {
      chainId: h.chainId, rollup: h.address, deployBlock: h.deployBlock, head: h.head, depth: h.depth, circuits,
      l1QueueLength: h.queue.length, batches, lastCommitted: h.onChain.lastCommitted, lastFinalized: h.onChain.lastFinalized,
      stateRoot: replay.stateRoot, findings, firstBadBatch: bad.length > 0 ? Math.min(...bad) : null, ok: findings.length === 0,
    };
  } finally {
    provider.destroy();
  }
}
