import { api, type BatchDetail, type L1TxView, type L2TxView } from '../api.js';
import { badge, facts, h, link, mono, section, table } from '../dom.js';
import { formatAmount, formatDuration, formatTime, l1TxTypeName, shortHash, STATUS_MEANING } from '../format.js';
import type { Verdict } from '../verify.js';
import type { PageContext, Rendered } from './context.js';

/** Verdicts by batch number, kept across refreshes of the page. */
const verdicts = new Map<number, Verdict | 'running' | Error>();

function timeline(b: BatchDetail): HTMLElement {
  const steps: Array<[string, number | null]> = [['sealed', b.sealedAt], ['committed', b.committedAt], ['proven', b.provenAt], ['finalized', b.finalizedAt]];
  return h('ol', { class: 'timeline' }, ...steps.map(([status, at], i) =>
    h('li', { class: at === null ? 'todo' : 'done' },
      h('strong', {}, status), ' ',
      at === null ? h('span', { class: 'muted' }, 'not yet') : h('span', {}, formatTime(at), i > 0 ? h('span', { class: 'muted' }, ` (+${formatDuration(at - b.sealedAt)})`) : ''))));
}

function l1Call(name: string, call: BatchDetail['commit']) {
  if (call === null) return [name, h('span', { class: 'muted' }, 'not sent yet')] as const;
  return [name, h('span', {},
    mono(call.l1TxHash, { title: call.l1TxHash }), ` · ${call.status}`,
    call.blockNumber === null ? '' : ` · block ${call.blockNumber}`,
    call.gasUsed === null ? '' : ` · gas ${Number(call.gasUsed).toLocaleString('en-US')}`)] as const;
}

function slotRows(b: BatchDetail, ctx: PageContext) {
  const l1 = b.l1Txs.map((t: L1TxView, i) => [
    String(i), 'L1', l1TxTypeName(t.txType),
    link(`#/account/${t.idx}`, `idx ${t.idx}`), '',
    formatAmount(t.amount, t.tokenId, ctx.tokens),
    link(`#/tx/${t.l1TxHash}`, shortHash(t.l1TxHash), { title: t.l1TxHash }),
  ]);
  const l2 = b.txs.map((t: L2TxView) => [
    String(t.position ?? '?'), 'L2', t.toIdx === 0 ? 'withdrawal' : 'transfer',
    link(`#/account/${t.fromIdx}`, `idx ${t.fromIdx}`),
    t.toIdx === 0 ? 'L1' : link(`#/account/${t.toIdx}`, `idx ${t.toIdx}`),
    `${formatAmount(t.amount, t.tokenId, ctx.tokens)} (fee ${formatAmount(t.fee, t.tokenId, ctx.tokens)})`,
    link(`#/tx/${t.txHash}`, shortHash(t.txHash), { title: t.txHash }),
  ]);
  const used = l1.length + l2.length;
  const empty = Array.from({ length: Math.max(0, b.circuit.batchSize - used) }, (_, i) => [String(used + i), '—', 'empty', '', '', '', '']);
  return [...l1, ...l2, ...empty];
}

function verifyPanel(b: BatchDetail, rerender: () => void): HTMLElement {
  const verdict = verdicts.get(b.batchNumber);
  const run = async () => {
    verdicts.set(b.batchNumber, 'running');
    rerender();
    try {
      const { verifyInBrowser } = await import('../verify.js');
      verdicts.set(b.batchNumber, await verifyInBrowser(b));
    } catch (error) {
      verdicts.set(b.batchNumber, error as Error);
    }
    rerender();
  };
  const result = verdict === undefined ? null
    : verdict === 'running' ? h('p', {}, 'verifying…')
    : verdict instanceof Error ? h('p', { class: 'verdict invalid' }, `could not verify: ${verdict.message}`)
    : h('p', { class: `verdict ${verdict.valid ? 'valid' : 'invalid'}`, 'data-testid': 'verdict' },
      verdict.valid ? 'VALID' : 'INVALID',
      ` — Groth16 proof checked in this browser in ${formatDuration(verdict.ms)} against public input ${verdict.publicInputHash}`,
      verdict.matchesSequencer ? ' (recomputed here; the sequencer\'s agrees)' : ' (recomputed here; the sequencer\'s DIFFERS)',
      verdict.error === undefined ? '' : ` — ${verdict.error}`);
  return h('div', { class: 'verify' },
    h('p', {}, 'The proof, the circuit\'s verification key and the batch data come from the sequencer; the public input is recomputed here from the batch data with core\'s own code, and snarkjs checks the proof in a web worker. Nothing rests on the sequencer\'s word that the proof is good.'),
    b.proof === null
      ? h('p', { class: 'muted' }, 'no proof yet: a prover worker has not handed one in')
      : h('button', { type: 'button', onclick: () => void run(), disabled: verdict === 'running' }, 'verify in the browser'),
    h('div', { 'aria-live': 'polite' }, result));
}

export async function batchPage(n: number, ctx: PageContext, rerender: () => void): Promise<Rendered> {
  const b = await api.batch(n);
  if (b === null) return { title: `batch ${n}`, body: h('p', { class: 'error' }, `no batch ${n}: the last sealed batch is lower (or the number is wrong)`), live: true };
  // core's hashing (Poseidon constants included) is loaded by the batch page only, not by the overview.
  const [meta, { batchWithdrawals, recomputePublicInput }] = await Promise.all([api.circuitMeta(b.circuit.name).catch(() => null), import('../statement.js')]);
  const recomputed = (() => {
    try {
      return recomputePublicInput(b);
    } catch (error) {
      return error as Error;
    }
  })();
  const withdrawals = batchWithdrawals(b);
  const body = h('div', {},
    h('p', {}, badge(b.status), ' ', STATUS_MEANING[b.status] ?? ''),
    section('timeline', timeline(b)),
    section('summary', facts([
      ['circuit', `${b.circuit.name} (id ${b.circuit.id}): ${b.circuit.batchSize} slots, ${b.circuit.feeSlots} fee slots, tree depth ${b.circuit.depth}${meta?.nConstraints === undefined ? '' : `, ${meta.nConstraints.toLocaleString('en-US')} constraints`}`],
      ['txs', `${b.l1TxCount} L1, ${b.l2TxCount} L2, ${withdrawals.length} withdrawals`],
      ['old state root', mono(b.oldStateRoot)],
      ['new state root', mono(b.newStateRoot)],
      ['L1 queue', `from queue index ${b.l1QueueStart}`],
      ['fee accounts (feeIdx)', h('span', {}, ...b.feeIdx.flatMap((idx, i) => [i > 0 ? ', ' : '', idx === 0 ? '0 (unused)' : link(`#/account/${idx}`, `idx ${idx}`)]))],
      l1Call('commit (L1)', b.commit),
      l1Call('prove (L1)', b.prove),
    ])),
    section('slots', table(`the ${b.circuit.batchSize} slots of batch ${b.batchNumber}`, ['slot', 'kind', 'tx', 'from', 'to', 'amount', 'hash'], slotRows(b, ctx))),
    withdrawals.length === 0 ? null : section('withdrawals', table('credited on L1 when the batch is finalized', ['L1 address', 'amount'],
      withdrawals.map((w) => {
        const addr = `0x${w.ethAddr.toString(16).padStart(40, '0')}`;
        return [link(`#/address/${addr}`, addr), formatAmount(w.amount, Number(w.tokenId), ctx.tokens)];
      }))),
    section('public input', facts([
      ['sequencer\'s', mono(b.publicInputHash, { 'data-testid': 'public-input' })],
      ['recomputed here', recomputed instanceof Error ? h('span', { class: 'error' }, recomputed.message)
        : h('span', {}, mono(recomputed.publicInputHash), recomputed.matchesSequencer ? ' — agrees' : h('strong', { class: 'error' }, ' — DIFFERS'))],
    ])),
    section('proof', verifyPanel(b, rerender)),
  );
  return { title: `batch ${b.batchNumber}`, body, live: b.status !== 'finalized' };
}
