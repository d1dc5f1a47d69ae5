import { formatAmount } from '../wallet/amounts.js';
import type { TxState } from '../wallet/tx-status.js';
import type { Io } from './io.js';

const NEXT: Record<string, string> = {
  pending: 'accepted by the sequencer, waiting for a batch',
  queued: 'queued on L1, not yet in a batch',
  included: 'in a sealed batch, waiting for its commit on L1',
  committed: 'committed on L1, waiting for its proof',
  proven: 'proof accepted by the sequencer, waiting for proveBatches on L1',
  finalized: 'proven on L1: final',
  rejected: 'rejected',
};

export function printTxState(io: Io, s: TxState, elapsedMs: number | null, compact = false): void {
  const at = elapsedMs === null ? '' : `[${(elapsedMs / 1000).toFixed(0).padStart(3)} s] `;
  if (s.kind === 'l2') {
    const batch = s.view.batchNumber === null ? '' : ` (batch ${s.view.batchNumber}, slot ${s.view.position})`;
    const reason = s.view.reason ? `: ${s.view.reason.code}: ${s.view.reason.message}` : '';
    io.line(`${at}${s.status}${batch} — ${NEXT[s.status]}${reason}`);
    if (!compact) {
      const t = s.view.tx;
      const u = (v: string) => (s.token === null ? `${v} (token ${t.tokenId})` : `${formatAmount(BigInt(v), s.token.decimals)} ${s.token.symbol}`);
      const what = t.toIdx === '0' ? `withdraw from idx ${t.fromIdx}` : `transfer idx ${t.fromIdx} -> ${t.toIdx}`;
      io.line(`  L2 tx ${s.hash}: ${what}, amount ${u(t.amount)}, fee ${u(t.fee)}, nonce ${t.nonce}`);
    }
    return;
  }
  io.line(`${at}${s.status} — ${NEXT[s.status]}`);
  if (!compact) io.line(`  L1 tx ${s.hash}: ${s.txType === 1 ? 'deposit' : 'forced exit'}, account idx ${s.idx}, queue index ${s.queueIndex}, block ${s.blockNumber}`);
}
