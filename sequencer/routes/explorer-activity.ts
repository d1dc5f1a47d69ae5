import type { FastifyInstance } from 'fastify';
import { ProverStats, Series, SeriesQuery, TokenList, type ProofTime } from '../../api/explorer.js';
import type { SequencerNode } from '../node.js';
import { errorResponses } from '../../api/error-body.js';
import type { BatchSummaryRow, ExplorerReads } from '../store/explorer-reads.js';
import type { ExplorerL1 } from './explorer-l1.js';

const RECENT_JOBS = 20;
const MINUTE_MS = 60_000;

function proofTime(b: Pick<BatchSummaryRow, 'batchNumber' | 'circuitName' | 'sealedAt'> & { provenAt: number }): ProofTime {
  return { batchNumber: b.batchNumber, circuit: b.circuitName, sealedAt: b.sealedAt, provenAt: b.provenAt, ms: b.provenAt - b.sealedAt };
}

/** count, mean, median and max of `ms` per circuit name. */
export function proofStats(times: ReadonlyArray<{ circuitName: string; ms: number }>) {
  const by = new Map<string, number[]>();
  for (const t of times) by.set(t.circuitName, [...(by.get(t.circuitName) ?? []), t.ms]);
  return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([name, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return {
      name,
      proofs: sorted.length,
      meanMs: Math.round(sorted.reduce((s, v) => s + v, 0) / sorted.length),
      p50Ms: sorted[Math.floor((sorted.length - 1) / 2)]!,
      maxMs: sorted.at(-1)!,
    };
  });
}

/**
 * Per-minute buckets of batches and txs sealed in [from, to), and the proofs accepted in it: the
 * overview's throughput and proof-time charts.
 */
export function series(rows: readonly BatchSummaryRow[], from: number, to: number, bucketMs = MINUTE_MS) {
  const start = Math.floor(from / bucketMs) * bucketMs;
  const buckets = Array.from({ length: Math.ceil((to - start) / bucketMs) }, (_, i) => ({ t: start + i * bucketMs, batches: 0, l1Txs: 0, l2Txs: 0 }));
  const proofs: ProofTime[] = [];
  for (const b of rows) {
    const bucket = b.sealedAt >= from && b.sealedAt < to ? buckets[Math.floor((b.sealedAt - start) / bucketMs)] : undefined;
    if (bucket !== undefined) {
      bucket.batches += 1;
      bucket.l1Txs += b.l1TxCount;
      bucket.l2Txs += b.l2TxCount;
    }
    if (b.provenAt !== null && b.provenAt >= from && b.provenAt < to) proofs.push(proofTime({ ...b, provenAt: b.provenAt }));
  }
  return { from, to, bucketMs, buckets, proofs };
}

/** GET /v1/explorer/provers, /v1/explorer/series, /v1/explorer/tokens. */
export function explorerActivityRoutes(app: FastifyInstance, node: SequencerNode, reads: ExplorerReads, l1: ExplorerL1): void {
  app.get(
    '/v1/explorer/provers',
    { schema: { tags: ['explorer'], summary: 'Prover jobs queued, leased and done; seal-to-proof times per circuit', response: { 200: ProverStats, ...errorResponses } } },
    async () => ({
      jobs: node.store.jobs.countByStatus(),
      open: reads.openJobs().map(({ circuitName: _c, sealedAt: _s, provenAt: _p, ...job }) => job),
      recent: reads.doneJobs(RECENT_JOBS).filter((j) => j.provenAt !== null).map((j) => ({ ...proofTime({ ...j, provenAt: j.provenAt! }), worker: j.worker, attempts: j.attempts })),
      circuits: proofStats(reads.proofTimes()),
    }),
  );

  app.get<{ Querystring: { minutes?: string } }>(
    '/v1/explorer/series',
    { schema: { tags: ['explorer'], summary: 'Per-minute batches and txs sealed, and proof times, over the last minutes (60 by default)', querystring: SeriesQuery, response: { 200: Series, ...errorResponses } } },
    async (request) => {
      const to = Date.now();
      const from = to - Number(request.query.minutes ?? 60) * MINUTE_MS;
      return series(reads.batchesSince(from), from, to);
    },
  );

  app.get(
    '/v1/explorer/tokens',
    { schema: { tags: ['explorer'], summary: 'The rollup\'s tokens (from L1; ETH alone without an L1 node)', response: { 200: TokenList, ...errorResponses } } },
    async () => ({ tokens: await l1.tokens() }),
  );
}
