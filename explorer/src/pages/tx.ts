import { api } from '../api.js';
import { badge, facts, h, link, mono, section } from '../dom.js';
import { formatAmount, formatDuration, formatTime, l1TxTypeName, STATUS_MEANING } from '../format.js';
import type { PageContext, Rendered } from './context.js';

/** An L2 tx, or the L1 tx an L1 transaction queued: where it is now, and when it got there. */
export async function txPage(hash: string, ctx: PageContext): Promise<Rendered> {
  const t = await api.tx(hash);
  if (t === null) return { title: 'tx', body: h('p', { class: 'error' }, `no tx ${hash}: neither an L2 tx the sequencer accepted nor an L1 transaction that queued a deposit or forced exit`), live: true };
  const start = t.timeline.find((s) => s.at !== null)?.at ?? null;
  const steps = h('ol', { class: 'timeline' }, ...t.timeline.map((s) =>
    h('li', { class: s.at === null && s.status !== 'rejected' ? 'todo' : 'done' },
      h('strong', {}, s.status), ' ',
      s.at === null ? h('span', { class: 'muted' }, s.status === 'rejected' ? t.reason?.message ?? '' : 'not yet')
        : h('span', {}, formatTime(s.at), start !== null && s.at > start ? h('span', { class: 'muted' }, ` (+${formatDuration(s.at - start)})`) : ''))));
  const batch = (t.l2Tx ?? t.l1Tx)?.batchNumber ?? null;
  const where = batch === null ? 'not in a batch yet' : link(`#/batch/${batch}`, `batch ${batch}`);
  let details: HTMLElement;
  if (t.l2Tx !== null) {
    const x = t.l2Tx;
    details = facts([
      ['tx hash', mono(x.txHash)],
      ['kind', x.toIdx === 0 ? 'withdrawal (L2 → L1)' : 'transfer (L2)'],
      ['from', link(`#/account/${x.fromIdx}`, `idx ${x.fromIdx}`)],
      ['to', x.toIdx === 0 ? 'L1 (the sender account\'s L1 address)' : link(`#/account/${x.toIdx}`, `idx ${x.toIdx}`)],
      ['amount', formatAmount(x.amount, x.tokenId, ctx.tokens)],
      ['fee', formatAmount(x.fee, x.tokenId, ctx.tokens)],
      ['nonce', x.nonce],
      ['batch', x.position === null ? where : h('span', {}, where, `, slot ${x.position}`)],
    ]);
  } else {
    const x = t.l1Tx!;
    details = facts([
      ['L1 tx hash', mono(x.l1TxHash)],
      ['kind', `${l1TxTypeName(x.txType)} (L1 → L2)`],
      ['account', link(`#/account/${x.idx}`, `idx ${x.idx}`)],
      ['amount', formatAmount(x.amount, x.tokenId, ctx.tokens)],
      ['L1 address', link(`#/address/${x.ethAddr}`, x.ethAddr)],
      ['queue index', `${x.queueIndex} (L1 block ${x.blockNumber})`],
      ['batch', where],
    ]);
  }
  const body = h('div', {},
    h('p', {}, badge(t.status), ' ', STATUS_MEANING[t.status] ?? ''),
    section('timeline', steps),
    section('details', details),
    t.reason === null ? null : section('reason', h('p', { class: 'error' }, `${t.reason.code}: ${t.reason.message}`)));
  return { title: `${t.kind === 'l2' ? 'tx' : 'L1 tx'} ${hash.slice(0, 10)}…`, body, live: t.status !== 'finalized' && t.status !== 'rejected' };
}
