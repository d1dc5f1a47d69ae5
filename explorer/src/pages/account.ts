import { api, type Account, type L1TxView, type L2TxView } from '../api.js';
import { badge, facts, h, link, mono, section, table } from '../dom.js';
import { formatAmount, l1TxTypeName, shortHash, STATUS_MEANING, timeAgo } from '../format.js';
import type { PageContext, Rendered } from './context.js';

export function txRows(txs: readonly L2TxView[], ctx: PageContext, idx?: number) {
  return txs.map((t) => [
    link(`#/tx/${t.txHash}`, shortHash(t.txHash), { title: t.txHash }),
    badge(t.status, STATUS_MEANING[t.status]),
    t.toIdx === 0 ? 'withdrawal' : idx === undefined ? 'transfer' : t.fromIdx === idx ? 'sent' : 'received',
    link(`#/account/${t.fromIdx}`, `idx ${t.fromIdx}`),
    t.toIdx === 0 ? 'L1' : link(`#/account/${t.toIdx}`, `idx ${t.toIdx}`),
    formatAmount(t.amount, t.tokenId, ctx.tokens),
    t.batchNumber === null ? '—' : link(`#/batch/${t.batchNumber}`, `batch ${t.batchNumber}`),
    timeAgo(t.receivedAt, ctx.now),
  ]);
}
const TX_HEAD = ['tx', 'status', 'kind', 'from', 'to', 'amount', 'batch', 'received'];

function l1Rows(txs: readonly L1TxView[], ctx: PageContext) {
  return txs.map((t) => [
    link(`#/tx/${t.l1TxHash}`, shortHash(t.l1TxHash), { title: t.l1TxHash }),
    l1TxTypeName(t.txType),
    formatAmount(t.amount, t.tokenId, ctx.tokens),
    String(t.queueIndex),
    t.batchNumber === null ? 'waiting for a batch' : link(`#/batch/${t.batchNumber}`, `batch ${t.batchNumber}`),
  ]);
}

function balanceRows(accounts: readonly Account[], ctx: PageContext) {
  return accounts.map((a) => [
    link(`#/account/${a.idx}`, `idx ${a.idx}`),
    formatAmount(a.balance, Number(a.tokenId), ctx.tokens),
    a.nonce,
    a.pending.balance === a.balance && a.pending.nonce === a.nonce ? '—' : `${formatAmount(a.pending.balance, Number(a.tokenId), ctx.tokens)}, nonce ${a.pending.nonce}`,
  ]);
}
const BALANCE_HEAD = ['account', 'balance', 'nonce', 'pending'];

function creditsSection(credits: Array<{ tokenId: number; amount: string }> | null, ctx: PageContext): HTMLElement {
  return section('claimable on L1', credits === null
    ? h('p', { class: 'muted' }, 'unknown: the sequencer has no L1 node')
    : credits.length === 0 ? h('p', { class: 'muted' }, 'nothing to claim')
    : h('ul', {}, ...credits.map((c) => h('li', {}, formatAmount(c.amount, c.tokenId, ctx.tokens), ' — `modulo claim` sends it to this L1 address'))));
}

/** An account by idx: balance and nonce (sealed and pending), its key and L1 address, txs, credits. */
export async function accountPage(idx: number, before: number | null, ctx: PageContext): Promise<Rendered> {
  const a = await api.account(idx);
  if (a === null) return { title: `account ${idx}`, body: h('p', { class: 'error' }, `no account ${idx}`), live: true };
  const [activity, address] = await Promise.all([api.accountTxs(idx, before), api.address(a.ethAddr)]);
  const body = h('div', {},
    section('account', facts([
      ['idx', String(idx)],
      ['balance', h('span', {}, h('strong', {}, formatAmount(a.balance, Number(a.tokenId), ctx.tokens)), ' as of the last sealed batch')],
      ['nonce', a.nonce],
      ['pending', `${formatAmount(a.pending.balance, Number(a.tokenId), ctx.tokens)}, nonce ${a.pending.nonce} (after the txs accepted and L1 txs seen)`],
      ['L2 key (BabyJubJub)', h('span', {}, 'ax ', mono(a.ax), h('br', {}), 'ay ', mono(a.ay), h('br', {}), link(`#/key/${a.ax}/${a.ay}`, 'every account of this key'))],
      ['L1 address', link(`#/address/${a.ethAddr}`, a.ethAddr)],
    ])),
    creditsSection(address.credits, ctx),
    section('L2 txs', table(`L2 txs of idx ${idx}, newest first`, TX_HEAD, txRows(activity.txs, ctx, idx), 'no L2 tx yet'),
      h('nav', { class: 'pager', 'aria-label': 'pages' },
        before === null ? null : link(`#/account/${idx}`, '← newest'),
        activity.next === null ? null : link(`#/account/${idx}?before=${activity.next}`, 'older →'))),
    section('L1 txs', table(`deposits and forced exits to idx ${idx}`, ['L1 tx', 'kind', 'amount', 'queue index', 'batch'], l1Rows(activity.l1Txs, ctx), 'none')),
  );
  return { title: `account ${idx}`, body, live: true };
}

async function recentTxs(idxs: readonly number[]): Promise<L2TxView[]> {
  const lists = await Promise.all(idxs.slice(0, 10).map((i) => api.accountTxs(i, null, 10)));
  const seen = new Set<string>();
  return lists.flatMap((l) => l.txs).filter((t) => !seen.has(t.txHash) && seen.add(t.txHash)).sort((x, y) => y.receivedAt - x.receivedAt).slice(0, 20);
}

/** Every account of an L2 key (one per token). */
export async function keyPage(ax: string, ay: string, ctx: PageContext): Promise<Rendered> {
  const { accounts } = await api.accountsOfKey(ax, ay);
  const body = h('div', {},
    section('L2 key (BabyJubJub)', facts([['ax', mono(ax)], ['ay', mono(ay)]])),
    section('balances', table('accounts of this key, one per token', BALANCE_HEAD, balanceRows(accounts, ctx), 'no account has this key')),
    section('recent L2 txs', table('recent L2 txs of these accounts', TX_HEAD, txRows(await recentTxs(accounts.map((a) => Number(a.idx))), ctx), 'none')));
  return { title: `L2 key ${ax.slice(0, 8)}…`, body, live: true };
}

/** The accounts whose L1 address this is, and what it can claim on L1. */
export async function addressPage(ethAddr: string, ctx: PageContext): Promise<Rendered> {
  const view = await api.address(ethAddr);
  const accounts = await Promise.all(view.accounts.map((a) => api.account(a.idx)));
  const body = h('div', {},
    section('L1 address', facts([['address', mono(view.ethAddr)]])),
    section('balances', table('L2 accounts of this L1 address, one per token', BALANCE_HEAD, balanceRows(accounts.filter((a) => a !== null), ctx), 'no L2 account has this L1 address')),
    creditsSection(view.credits, ctx),
    section('recent L2 txs', table('recent L2 txs of these accounts', TX_HEAD, txRows(await recentTxs(view.accounts.map((a) => a.idx)), ctx), 'none')));
  return { title: `L1 address ${ethAddr.slice(0, 10)}…`, body, live: true };
}
