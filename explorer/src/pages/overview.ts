import { api, type BatchSummary } from '../api.js';
import { proofTimeData, throughputData } from '../chart-data.js';
import { proofTimeChart, throughputChart, type Chart } from '../charts.js';
import { badge, facts, h, link, mono, section, table } from '../dom.js';
import { formatDuration, STATUS_MEANING, timeAgo } from '../format.js';
import type { PageContext, Rendered } from './context.js';

let charts: { throughput: Chart; proofTime: Chart } | null = null;

export function batchRows(batches: readonly BatchSummary[], now: number) {
  return batches.map((b) => [
    link(`#/batch/${b.batchNumber}`, `batch ${b.batchNumber}`),
    badge(b.status, STATUS_MEANING[b.status]),
    `${b.circuit.name}`,
    String(b.l1TxCount),
    String(b.l2TxCount),
    h('span', { title: new Date(b.sealedAt).toISOString() }, timeAgo(b.sealedAt, now)),
    b.provenAt === null ? '—' : formatDuration(b.provenAt - b.sealedAt),
  ]);
}

export const BATCH_HEAD = ['batch', 'status', 'circuit', 'L1 txs', 'L2 txs', 'sealed', 'seal → proof'];

/** The rollup at a glance: roots, batch progress, L1 sync, mempool, the last hour, the newest batches. */
export async function overviewPage(ctx: PageContext): Promise<Rendered> {
  const [state, series, latest] = await Promise.all([api.state(), api.series(60), api.batches(null, 10)]);
  charts ??= { throughput: throughputChart(), proofTime: proofTimeChart() };
  const b = state.batches;
  const batchLink = (n: number) => (n === 0 ? 'none' : link(`#/batch/${n}`, `batch ${n}`));
  const l2PerMin = series.buckets.reduce((s, x) => s + x.l2Txs, 0) / Math.max(1, series.buckets.length);
  const proofs = series.proofs.map((p) => p.ms);
  const body = h('div', {},
    h('div', { class: 'cards' },
      card('last sealed', batchLink(b.lastSealed)),
      card('last committed', batchLink(b.lastCommitted)),
      card('last proven', batchLink(b.lastProven)),
      card('last finalized', batchLink(b.lastFinalized)),
      card('mempool', `${state.mempool.l2Txs} L2 · ${state.mempool.l1Txs} L1 txs`),
      card('L1 synced block', state.l1.syncedBlock === null ? 'not yet' : String(state.l1.syncedBlock)),
    ),
    section('state',
      facts([
        ['state root', mono(state.stateRoot, { title: state.stateRoot, 'data-testid': 'state-root' })],
        ['L1 queue', `${state.l1.queueLength} L1 txs seen, next to consume: queue index ${state.l1.nextQueueIndex}`],
        ['rollup', h('span', {}, mono(state.rollupAddress), ` on chain ${state.chainId}`)],
        ['circuits', state.circuits.map((c) => `${c.name} (${c.batchSize} slots, ${c.feeSlots} fee slots)`).join(', ')],
        ['tree depth', String(state.depth)],
      ])),
    section('last hour',
      h('p', { class: 'muted' }, `${l2PerMin.toFixed(2)} L2 txs a minute on average; ${proofs.length} proofs`,
        proofs.length > 0 ? `, seal → proof ${formatDuration(Math.min(...proofs))} to ${formatDuration(Math.max(...proofs))}` : ''),
      h('div', { class: 'charts' },
        h('div', {}, h('h3', {}, 'txs sealed per minute'), charts.throughput.root),
        h('div', {}, h('h3', {}, 'seal → proof time per batch'), charts.proofTime.root))),
    section('latest batches',
      table('newest batches', BATCH_HEAD, batchRows(latest.batches, ctx.now), 'no batch sealed yet'),
      h('p', {}, link('#/batches', 'all batches →'))),
  );
  // uPlot measures its container: draw once the page is in the document.
  requestAnimationFrame(() => {
    charts!.throughput.update(throughputData(series));
    charts!.proofTime.update(proofTimeData(series));
  });
  return { title: 'overview', body, live: true };
}

function card(label: string, value: Node | string): HTMLElement {
  return h('div', { class: 'card' }, h('div', { class: 'card-label' }, label), h('div', { class: 'card-value' }, value));
}

/** All batches, newest first, a page at a time. */
export async function batchesPage(before: number | null, ctx: PageContext): Promise<Rendered> {
  const page = await api.batches(before, 25);
  const body = h('div', {},
    section(before === null ? 'batches' : `batches before ${before}`,
      table('batches', BATCH_HEAD, batchRows(page.batches, ctx.now), 'no batch sealed yet'),
      h('nav', { class: 'pager', 'aria-label': 'pages' },
        before === null ? null : link('#/batches', '← newest'),
        page.next === null ? null : link(`#/batches?before=${page.next}`, 'older →'))));
  return { title: 'batches', body, live: before === null };
}
