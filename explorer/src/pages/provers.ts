import { api } from '../api.js';
import { facts, h, link, section, table } from '../dom.js';
import { formatDuration, timeAgo } from '../format.js';
import type { PageContext, Rendered } from './context.js';

/** Prover jobs (one per sealed batch) and how long proofs take, per circuit. */
export async function proversPage(ctx: PageContext): Promise<Rendered> {
  const p = await api.provers();
  const body = h('div', {},
    section('jobs', facts([
      ['queued', String(p.jobs.queued)],
      ['leased', `${p.jobs.leased} (held by a worker now)`],
      ['done', String(p.jobs.done)],
    ])),
    section('open jobs', table('jobs waiting for or held by a prover worker', ['job', 'batch', 'status', 'worker', 'attempts', 'lease expires', 'last error'],
      p.open.map((j) => [
        String(j.jobId), link(`#/batch/${j.batchNumber}`, `batch ${j.batchNumber}`), j.status, j.worker ?? '—', String(j.attempts),
        j.leaseExpiresAt === null ? '—' : j.leaseExpiresAt > ctx.now ? `in ${formatDuration(j.leaseExpiresAt - ctx.now)}` : 'expired',
        j.lastError ?? '—',
      ]), 'no open job: every sealed batch is proven')),
    section('proof times per circuit', table('seal → proof: from the batch sealed to its proof accepted (queueing included)', ['circuit', 'proofs', 'mean', 'median', 'max'],
      p.circuits.map((c) => [c.name, String(c.proofs), formatDuration(c.meanMs), formatDuration(c.p50Ms), formatDuration(c.maxMs)]), 'no proof yet')),
    section('recent proofs', table('the newest proofs accepted', ['batch', 'circuit', 'worker', 'attempts', 'seal → proof', 'proven'],
      p.recent.map((r) => [link(`#/batch/${r.batchNumber}`, `batch ${r.batchNumber}`), r.circuit, r.worker ?? '—', String(r.attempts), formatDuration(r.ms), timeAgo(r.provenAt, ctx.now)]), 'no proof yet')),
  );
  return { title: 'provers', body, live: true };
}
