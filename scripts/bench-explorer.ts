import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { buildApp } from '../sequencer/app.js';
import { configFrom } from '../sequencer/config.js';
import { SequencerNode } from '../sequencer/node.js';
import { EXPLORER_DIR } from '../sequencer/routes/explorer-static.js';
import { hashHex } from '../api/scalars.js';

/**
 * The explorer's cost: time to first render of the overview (navigation start to the state root and the
 * newest batches on screen, in Chromium) with 1,000 batches and 10,000 txs in the store, and the size of
 * the bundle. The store is filled directly (synthetic batches of 10 L2 txs sealed over the last hour,
 * proven 20-60 s later, all but the last 5 finalized): what the page reads, not a valid chain.
 * `tsx scripts/bench-explorer.ts --serve` keeps the sequencer up to look at the pages.
 */
const BATCHES = 1_000;
const TXS_PER_BATCH = 10;
const RUNS = 9;
const PROOF = JSON.stringify({ pi_a: ['1', '2', '1'], pi_b: [['1', '2'], ['3', '4'], ['1', '0']], pi_c: ['5', '6', '1'], protocol: 'groth16', curve: 'bn128' });

export interface ExplorerRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

function fillStore(node: SequencerNode, now: number): void {
  const { store } = node;
  const zero = { r8x: 0n, r8y: 0n, s: 0n };
  store.transaction(() => {
    for (let n = 1; n <= BATCHES; n++) {
      const sealedAt = now - 3_600_000 + Math.floor((n * 3_500_000) / BATCHES);
      store.batches.insert({
        number: n, circuitName: 'dev', circuitId: 0, oldStateRoot: String(n - 1), newStateRoot: String(n), publicInputHash: String(n),
        l1QueueStart: 0, l1TxCount: 0, l2TxCount: TXS_PER_BATCH, l1QueueStartHash: '0', l1QueueEndHash: '0', feeIdx: [0, 0],
        txData: '0x', withdrawals: '0x', sealedAt,
      }, '{}');
      const entries = Array.from({ length: TXS_PER_BATCH }, (_, i) => {
        const hash = hashHex(BigInt(n * TXS_PER_BATCH + i));
        store.txs.insert(hash, { fromIdx: 1 + i, toIdx: 2 + i, amount: 10n ** 15n, fee: 10n ** 12n, nonce: BigInt(n), tokenId: 0n, signature: zero }, sealedAt - 500);
        return { hash, position: i };
      });
      store.txs.markIncluded(n, entries);
      store.jobs.enqueue(n, sealedAt);
      const provenAt = sealedAt + 20_000 + (n % 40) * 1_000;
      store.batches.setCommitted(n, hashHex(BigInt(n)), sealedAt + 1_000);
      store.batches.setProof(n, PROOF, provenAt);
      if (n <= BATCHES - 5) store.batches.setFinalized(n, hashHex(BigInt(n + 1_000_000)), provenAt + 1_000);
    }
    store.db.run("UPDATE jobs SET status = 'done', worker = 'bench'");
  });
}

type Part = 'page' | 'batch' | 'worker';

/**
 * Size and gzip size of the files of each part: what every page loads (HTML, JS, CSS), what the batch page
 * adds (core's hashing, Poseidon constants included), and the verifier worker (snarkjs, on "verify").
 */
function bundleSizes(): Record<Part, { bytes: number; gzip: number }> {
  const out: Record<Part, { bytes: number; gzip: number }> = { page: { bytes: 0, gzip: 0 }, batch: { bytes: 0, gzip: 0 }, worker: { bytes: 0, gzip: 0 } };
  for (const file of ['index.html', ...readdirSync(join(EXPLORER_DIR, 'assets')).map((f) => join('assets', f))]) {
    const bytes = readFileSync(join(EXPLORER_DIR, file));
    const part: Part = file.includes('verify-worker') ? 'worker' : /statement|verify-/.test(file) ? 'batch' : 'page';
    out[part].bytes += statSync(join(EXPLORER_DIR, file)).size;
    out[part].gzip += gzipSync(bytes).length;
  }
  return out;
}

/** Mean time of the overview's three API reads, and of an account's txs (a scan of the txs table). */
async function timeReads(base: string): Promise<{ overview: number; accountTxs: number }> {
  const time = async (paths: readonly string[], n = 20) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) await Promise.all(paths.map(async (p) => (await fetch(`${base}${p}`)).arrayBuffer()));
    return (performance.now() - started) / n;
  };
  await time(['/v1/state'], 3);
  return {
    overview: await time(['/v1/state', '/v1/explorer/series?minutes=60', '/v1/explorer/batches?limit=10']),
    accountTxs: await time(['/v1/explorer/accounts/5/txs']),
  };
}

export async function benchExplorer(options: { serve?: boolean } = {}): Promise<ExplorerRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modulo-bench-explorer-'));
  const config = configFrom({ devnet: true, dataDir, deploymentCircuit: 'dev', http: { rateLimit: null, logLevel: 'silent' }, mempool: { verifyWorkers: 0 } });
  const node = new SequencerNode(config, { logger: pino({ level: 'silent' }) });
  fillStore(node, Date.now());
  const app = await buildApp(node);
  await app.listen({ host: '127.0.0.1', port: options.serve ? 8090 : 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/explorer/`;
  if (options.serve) {
    console.log(`explorer on ${url} (${BATCHES} batches, ${BATCHES * TXS_PER_BATCH} txs); Ctrl-C stops`);
    return [];
  }
  const api = await timeReads(url.replace('/explorer/', ''));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const times: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext(); // a cold cache each time
      const page = await context.newPage();
      await page.goto(url);
      await page.locator('[data-testid=state-root]').waitFor();
      await page.locator('main table tbody tr').first().waitFor();
      times.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
  } finally {
    await browser.close();
    await app.close();
    await node.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const sorted = [...times].sort((a, b) => a - b);
  const sizes = bundleSizes();
  return [
    { name: `overview first render, ${BATCHES} batches and ${BATCHES * TXS_PER_BATCH} txs (median of ${RUNS}, cold cache)`, value: sorted[Math.floor(RUNS / 2)]!, unit: 'ms' },
    { name: 'overview first render, slowest run', value: sorted.at(-1)!, unit: 'ms' },
    { name: 'the overview\'s 3 API reads, together (sequencer side, over HTTP)', value: api.overview, unit: 'ms' },
    { name: 'an account\'s txs, 10,000 txs in the store (table scan)', value: api.accountTxs, unit: 'ms' },
    { name: 'bundle every page loads (HTML, JS, CSS)', value: sizes.page.bytes / 1024, unit: 'KiB' },
    { name: 'bundle every page loads, gzip', value: sizes.page.gzip / 1024, unit: 'KiB' },
    { name: 'batch page chunk (core hashing for the public input)', value: sizes.batch.bytes / 1024, unit: 'KiB' },
    { name: 'batch page chunk, gzip', value: sizes.batch.gzip / 1024, unit: 'KiB' },
    { name: 'verifier worker (snarkjs), loaded on "verify in the browser"', value: sizes.worker.bytes / 1024, unit: 'KiB' },
    { name: 'verifier worker, gzip', value: sizes.worker.gzip / 1024, unit: 'KiB' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchExplorer({ serve: process.argv.includes('--serve') });
  for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit}`);
}
