import type { L2TxResult } from '../wallet/send-l2-tx.js';
import { waitForTx } from '../wallet/tx-status.js';
import type { WalletContext } from '../wallet/context.js';
import type { Io } from './io.js';
import { printTxState } from './tx-output.js';
import { units } from './wallet-session.js';

/** What transfer and withdraw print once the sequencer accepted the tx. */
export function printL2Tx(io: Io, what: string, r: L2TxResult): void {
  io.result({ ...r, token: r.token.symbol, tokenId: r.token.tokenId });
  const to = r.toIdx === 0 ? 'to its L1 address' : `to idx ${r.toIdx}`;
  io.line(`${what}: ${units(r.amount, r.token)} from idx ${r.fromIdx} ${to}, fee ${units(r.fee, r.token)}, nonce ${r.nonce}`);
  if (r.rounded && r.requested !== null) {
    io.line(`  note: ${units(r.requested, r.token)} is not representable as an L2 amount (a 19-bit mantissa times a power of`);
    io.line(`  ten: 5-6 significant digits, docs/protocol.md §4); rounded down to ${units(r.amount, r.token)} (core's floorToFloat)`);
  }
  io.line(`  accepted: tx ${r.txHash}`);
}

/** --wait: follows the tx to finalized (or rejected), a line per status. */
export async function followTx(ctx: WalletContext, io: Io, hash: string, timeoutMs?: number): Promise<number> {
  const started = Date.now();
  const state = await waitForTx(ctx, hash, (s) => printTxState(io, s, Date.now() - started, true), timeoutMs);
  return state.status === 'rejected' ? 1 : 0;
}
