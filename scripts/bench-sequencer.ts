/**
 * Sequencer throughput on this machine:
 *  - ingest: valid signed transfers POSTed to the real HTTP server (listening on 127.0.0.1, keep-alive
 *    clients in this process), signatures pre-signed before timing; sealing is paused so the figure is
 *    ingest alone. With signature checks on worker threads, and inline for comparison.
 *  - batch building: accepted transfers sealed into `dev` batches (depth 16): core's buildBatch on the
 *    SQLite state plus the one transaction per batch, per transfer applied.
 *
 *   npx tsx scripts/bench-sequencer.ts
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { toBytesBE, toHex } from '../core/bits.js';
import { TxType } from '../core/constants.js';
import { ModuloError } from '../core/errors.js';
import { derivePublicKey } from '../core/eddsa.js';
import { nextL1QueueHash } from '../core/l1-queue.js';
import { signL2Tx } from '../core/l2-tx-hash.js';
import type { L1Tx, SignedL2Tx } from '../core/tx.js';
import { buildApp } from '../sequencer/app.js';
import { configFrom, type SequencerConfig } from '../sequencer/config.js';
import { SequencerNode } from '../sequencer/node.js';
import { InlineVerifier, type SignatureVerifier } from '../sequencer/signature-verifier.js';
import { l2TxHash } from '../core/l2-tx-hash.js';
import { txToBody } from '../api/tx.js';

export interface BenchRow {
  name: string;
  perSecond: number;
}

export interface BenchSequencerOptions {
  /** Sending accounts (each sends its txs in nonce order, one at a time). */
  readonly senders?: number;
  /** Transfers per ingest run. */
  readonly txs?: number;
  /** Transfers sealed in the batch-building run. */
  readonly sealTxs?: number;
}

const DOMAIN = { chainId: 31337n, rollupAddress: 0x5fbdb2315678afecb367f032d93f642f64180aa3n };
const FEE = 10n;

interface Sender {
  readonly idx: number;
  readonly privateKey: Uint8Array;
  readonly ax: bigint;
  readonly ay: bigint;
}

function senders(count: number): Sender[] {
  return Array.from({ length: count }, (_, i) => {
    const privateKey = new Uint8Array(32).fill(7);
    privateKey[0] = i & 0xff;
    privateKey[1] = i >> 8;
    return { idx: i + 1, privateKey, ...derivePublicKey(privateKey) };
  });
}

function config(dataDir: string, verifyWorkers: number, over: Partial<SequencerConfig> = {}): SequencerConfig {
  return {
    ...configFrom({
      devnet: true, // in-process, no prover: the job API's token does not matter
      dataDir,
      domain: { chainId: DOMAIN.chainId.toString(), rollupAddress: `0x${DOMAIN.rollupAddress.toString(16)}` },
      deploymentCircuit: 'dev',
      fees: [{ tokenId: '0', idx: 1, minFee: FEE.toString() }],
      http: { rateLimit: null, logLevel: 'silent', port: 0 },
      mempool: { verifyWorkers, maxPending: 1_000_000 },
    }),
    ...over,
  };
}

/** A node whose accounts 1..n hold ETH, sealed from deposits (as if the watcher had seen them). */
function fundedNode(cfg: SequencerConfig, accounts: readonly Sender[], verifier?: SignatureVerifier): SequencerNode {
  const node = new SequencerNode(cfg, { logger: pino({ level: 'silent' }), ...(verifier ? { signatureVerifier: verifier } : {}) });
  let hash = 0n;
  const entries = accounts.map((s, i) => {
    const tx: L1Tx = { txType: TxType.DEPOSIT, idx: s.idx, tokenId: 0n, amount: 10n ** 24n, ethAddr: 0x1000n + BigInt(i), ax: s.ax, ay: s.ay };
    hash = nextL1QueueHash(hash, tx);
    return { queueIndex: i, tx, queueHash: hash, blockNumber: 1, blockHash: `0x${'11'.repeat(32)}`, l1TxHash: toHex(toBytesBE(BigInt(i + 1), 32)) };
  });
  node.store.l1.insert(entries);
  node.mempool.addL1Txs(entries.map((e) => ({ ...e, batchNumber: null })));
  while (node.batcher.seal() !== null);
  return node;
}

/** Per sender, `perSender` transfers to the next sender in nonce order, signed now (not timed). */
function presign(accounts: readonly Sender[], perSender: number): SignedL2Tx[][] {
  return accounts.map((s, i) =>
    Array.from({ length: perSender }, (_, n) =>
      signL2Tx(s.privateKey, { fromIdx: s.idx, toIdx: accounts[(i + 1) % accounts.length]!.idx, amount: 1000n, fee: FEE, nonce: BigInt(n), tokenId: 0n }, DOMAIN),
    ),
  );
}

function post(agent: Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/txs', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Stands in for signature checks to measure everything else: the hashes are computed before timing
 * (so the mempool still sees the real l2TxHash), and every signature "verifies".
 */
class PrecomputedVerifier implements SignatureVerifier {
  readonly #hashes = new Map<string, bigint>();
  constructor(txs: readonly SignedL2Tx[]) {
    for (const tx of txs) this.#hashes.set(tx.signature.s.toString(), l2TxHash(tx, DOMAIN));
  }
  async verify(tx: SignedL2Tx) {
    return { hash: this.#hashes.get(tx.signature.s.toString()) ?? 0n, valid: true };
  }
  async close(): Promise<void> {}
}

async function ingest(verifyWorkers: number | 'stub', accounts: readonly Sender[], txs: SignedL2Tx[][]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'modulo-bench-'));
  // Sealing paused (maxUnproven 0): this measures ingest alone.
  const workers = verifyWorkers === 'stub' ? 0 : verifyWorkers;
  const cfg = config(dir, workers, { batch: { maxWaitMs: 1e9, maxUnproven: 0, tickMs: 1e9 } });
  const verifier = verifyWorkers === 'stub' ? new PrecomputedVerifier(txs.flat()) : workers === 0 ? new InlineVerifier(DOMAIN) : undefined;
  const node = fundedNode(cfg, accounts, verifier);
  const app = await buildApp(node);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const agent = new Agent({ keepAlive: true, maxSockets: accounts.length });
  const bodies = txs.map((list) => list.map((tx) => JSON.stringify(txToBody(tx))));
  const total = bodies.reduce((n, l) => n + l.length, 0);
  // Warm-up: the first tx of every sender (JIT, workers, connections), not timed.
  await Promise.all(bodies.map((l) => post(agent, port, l[0]!)));
  const started = performance.now();
  let failed = 0;
  await Promise.all(bodies.map(async (list) => {
    for (const body of list.slice(1)) if ((await post(agent, port, body)) !== 200) failed += 1;
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  await app.close();
  await node.close();
  rmSync(dir, { recursive: true, force: true });
  if (failed > 0) throw new ModuloError('BENCH_FAILED', `bench: ${failed} of ${total} txs were refused`);
  return (total - accounts.length) / seconds;
}

async function buildRate(accounts: readonly Sender[], txs: SignedL2Tx[][]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'modulo-bench-'));
  const cfg = config(dir, 0, { batch: { maxWaitMs: 1e9, maxUnproven: 1e9, tickMs: 1e9 } });
  const node = fundedNode(cfg, accounts, new InlineVerifier(DOMAIN));
  for (let n = 0; n < txs[0]!.length; n++) await Promise.all(txs.map((list) => node.mempool.submit(list[n]!)));
  const started = performance.now();
  let applied = 0;
  for (let sealed = node.batcher.seal(); sealed !== null; sealed = node.batcher.seal()) applied += sealed.l2TxCount;
  const seconds = (performance.now() - started) / 1000;
  await node.close();
  rmSync(dir, { recursive: true, force: true });
  return applied / seconds;
}

export async function benchSequencer(options: BenchSequencerOptions = {}): Promise<BenchRow[]> {
  const count = options.senders ?? 64;
  const accounts = senders(count);
  const perSender = Math.ceil((options.txs ?? 6000) / count) + 1;
  const txs = presign(accounts, perSender);
  const workers = Math.max(1, availableParallelism());
  const sealTxs = presign(accounts, Math.ceil((options.sealTxs ?? 960) / count));
  return [
    { name: `ingest: POST /v1/txs over HTTP, ${count} clients, signatures on ${workers} worker threads`, perSecond: await ingest(workers, accounts, txs) },
    { name: `ingest: POST /v1/txs over HTTP, ${count} clients, signatures on the main thread`, perSecond: await ingest(0, accounts, txs) },
    { name: `ingest: POST /v1/txs over HTTP, ${count} clients, signature checks stubbed (all but the crypto)`, perSecond: await ingest('stub', accounts, txs) },
    { name: 'batch building: transfers sealed into dev batches (depth 16, 16 slots), SQLite state', perSecond: await buildRate(accounts, sealTxs) },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchSequencer()) console.log(`${row.name}: ${Math.round(row.perSecond)}/s`);
}
