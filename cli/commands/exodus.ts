import { claim, type ClaimResult } from '../../wallet/claim.js';
import {
  activateExodus, exodusClock, exodusRefund, exodusStatus, exodusWithdraw, type ExodusClock, type ExodusCredit, type ExodusStatus,
} from '../../wallet/exodus.js';
import { loadAccount, type WalletAccount } from '../../wallet/keystore.js';
import type { L1Context } from '../../wallet/context.js';
import { ModuloError } from '../../core/errors.js';
import { integer, parse, walletDir } from '../args.js';
import type { Command } from '../command.js';
import type { Io } from '../io.js';
import { units, withL1 } from '../wallet-session.js';

const USAGE = `usage: modulo exodus status [account]
       modulo exodus activate <account>
       modulo exodus withdraw <account> [--idx N] [--claim]
       modulo exodus refund <account> [--claim]

The escape hatch, from L1 alone (no sequencer): when an L1 tx (deposit, forced exit) waits longer than the
contract's forceDeadline for a finalized batch, anyone may activate exodus; the rollup then stops, and
every account's balance in the last finalized state and every deposit no finalized batch consumed can be
taken back on L1 (docs/wallet.md, docs/protocol.md §10).
  status    whether exodus is active or due (the oldest unprocessed L1 tx, its deadline, the time left),
            and with an account: its L2 accounts as of the last finalized batch and its unprocessed deposits
  activate  activateExodus, paid by the account's L1 key (refused with the time it will be due)
  withdraw  rebuilds the account's leaves and Merkle proofs by replaying every finalized batch from L1
            data (as \`modulo verify\` does), checks the root against the contract's, calls withdrawExodus
  refund    refundDeposit for each deposit of the account's L1 address that no finalized batch consumed
withdraw and refund credit L1 addresses; --claim then pulls the credits (else \`modulo claim <account>\`).
network: --rpc URL, --rollup ADDRESS, --network FILE (default: the devnet's data/devnet/network.json; env
         MODULO_L1_RPC, MODULO_ROLLUP_ADDRESS, MODULO_NETWORK). No sequencer is needed.
wallet:  --wallet-dir DIR (default $MODULO_WALLET_DIR or data/wallet)
output:  --json (one JSON document on stdout; errors as {"error": {code, message}})`;

const OPTIONS = {
  rpc: { type: 'string' }, rollup: { type: 'string' }, network: { type: 'string' }, 'wallet-dir': { type: 'string' },
  idx: { type: 'string' }, claim: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

/** `1 d 2 h`, `3 h 5 min`, `42 s`. */
function duration(seconds: number): string {
  const [d, h, m] = [Math.floor(seconds / 86_400), Math.floor((seconds % 86_400) / 3_600), Math.floor((seconds % 3_600) / 60)];
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return m > 0 ? `${m} min ${seconds % 60} s` : `${seconds} s`;
}

const iso = (unix: number) => new Date(unix * 1000).toISOString();

function printClock(io: Io, c: ExodusClock, name: string): void {
  io.line(`  L1 queue: ${c.queueLength} txs, ${c.queueFinalized} consumed by finalized batches (last finalized batch ${c.lastFinalizedBatch}); forceDeadline ${duration(c.forceDeadline)}`);
  const o = c.oldestPending;
  if (o !== null) io.line(`  oldest unprocessed L1 tx: queue index ${o.queueIndex}, queued ${iso(o.queuedAt)}, deadline ${iso(o.deadline)}${o.secondsLeft > 0 ? ` (${duration(o.secondsLeft)} left)` : ' (passed)'}`);
  if (c.active) return io.line('exodus is ACTIVE: the rollup is stopped; balances of the last finalized state and unprocessed deposits can be taken out');
  if (c.due) return io.line(`exodus is DUE: anyone may activate it — next: modulo exodus activate ${name}`);
  if (o === null) {
    io.line('exodus is not due: no L1 tx is waiting, the operator has finalized every one');
    return io.line(`  if the operator ignores your L2 txs, a forced exit (modulo forced-exit ${name} --idx N) starts the ${duration(c.forceDeadline)} clock`);
  }
  io.line(`exodus is not due: unless a finalized batch takes queue index ${o.queueIndex} by ${iso(o.deadline)}, it can be activated after that (${duration(o.secondsLeft)} from now)`);
}

function printStatus(io: Io, s: ExodusStatus, name: string): void {
  io.line(`  last finalized state: batch ${s.lastFinalizedBatch}, root ${s.stateRoot} (rebuilt from L1 data: ${s.replay.batches} batch${s.replay.batches === 1 ? '' : 'es'} replayed in ${Math.round(s.replay.ms)} ms)`);
  if (s.accounts.length === 0) io.line(`  ${name}: no L2 account in the last finalized state`);
  for (const a of s.accounts) io.line(`  ${name}: L2 idx ${a.idx} ${units(a.balance, a.token)}, exits to ${a.ethAddr}${a.withdrawn ? ' — already withdrawn in exodus' : ''}`);
  for (const d of s.deposits) io.line(`  ${name}: unprocessed deposit, queue index ${d.queueIndex}: ${units(d.amount, d.token)} to idx ${d.idx}${d.refunded ? ' — already refunded' : ''}`);
  for (const c of s.claimable) io.line(`  claimable on L1 by ${s.address}: ${units(c.amount, c.token)}`);
  printClock(io, s, name);
  if (!s.active) return;
  const next = [
    s.accounts.some((a) => a.balance > 0n && !a.withdrawn) ? `modulo exodus withdraw ${name}` : null,
    s.deposits.some((d) => !d.refunded) ? `modulo exodus refund ${name}` : null,
    s.claimable.length > 0 ? `modulo claim ${name}` : null,
  ].filter((n) => n !== null);
  io.line(next.length === 0 ? `nothing left for ${name} to take out` : `next: ${next.join(', then ')}`);
}

/** What withdraw and refund print: each credit, then the claim (with --claim) or the command that makes it. */
async function credited(ctx: L1Context, io: Io, account: WalletAccount, what: string, credits: readonly ExodusCredit[], doClaim: boolean): Promise<ClaimResult[]> {
  for (const c of credits) io.line(`${what}: ${units(c.amount, c.token)} credited on L1 to ${c.ethAddr} (tx ${c.l1TxHash}, gas ${c.gasUsed})`);
  const others = [...new Set(credits.map((c) => c.ethAddr).filter((a) => a !== account.l1.address))];
  if (others.length > 0) io.line(`  ${others.join(', ')} must claim ${others.length > 1 ? 'their' : 'its'} credit itself: the contract pays only the credited address`);
  if (!doClaim) {
    io.line(`next: the credit stays on L1 until claimed — modulo claim ${account.name} (or again with --claim)`);
    return [];
  }
  const claimed = await claim(ctx, account);
  for (const c of claimed) io.line(`claimed ${units(c.amount, c.token)} to ${account.l1.address} (tx ${c.l1TxHash})`);
  return claimed;
}

const claimedJson = (claimed: readonly ClaimResult[]) => claimed.map((c) => ({ token: c.token.symbol, tokenId: c.token.tokenId, amount: c.amount, l1TxHash: c.l1TxHash }));
/** A token as JSON shows it: the symbol, and the tokenId beside it. */
const withSymbol = <T extends { token: { symbol: string; tokenId: number } }>(x: T) => ({ ...x, token: x.token.symbol, tokenId: x.token.tokenId });

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals, help } = parse(argv, OPTIONS, { min: 1, max: 2, usage: USAGE });
    if (help) return void io.line(USAGE);
    const [action, name] = positionals as [string, string | undefined];
    const idx = integer(values.idx, '--idx');
    if ((action !== 'status' && name === undefined) || !['status', 'activate', 'withdraw', 'refund'].includes(action)) throw new ModuloError('USAGE', USAGE);
    if ((idx !== undefined && action !== 'withdraw') || (values.claim && action !== 'withdraw' && action !== 'refund')) throw new ModuloError('USAGE', USAGE);
    const account = name === undefined ? null : loadAccount(walletDir(values['wallet-dir']), name);
    return withL1(values, async (ctx) => {
      io.line(`rollup ${ctx.endpoints.rollupAddress} on chain ${ctx.domain.chainId} (L1 only, ${ctx.endpoints.rpcUrl})`);
      if (account === null) {
        const clock = await exodusClock(ctx);
        io.result(clock);
        return void printClock(io, clock, '<account>');
      }
      if (action === 'status') {
        const s = await exodusStatus(ctx, account);
        io.result({ ...s, accounts: s.accounts.map(withSymbol), deposits: s.deposits.map(withSymbol), claimable: s.claimable.map(withSymbol) });
        return void printStatus(io, s, account.name);
      }
      if (action === 'activate') {
        const r = await activateExodus(ctx, account);
        io.result(r);
        io.line(r.alreadyActive ? 'exodus was already active' : `exodus activated (tx ${r.l1TxHash}): the rollup is stopped for good`);
        io.line(`withdrawals prove against the root of batch ${r.lastFinalizedBatch}, ${r.stateRoot}`);
        return void io.line(`next: modulo exodus withdraw ${account.name} (L2 balances), modulo exodus refund ${account.name} (unprocessed deposits)`);
      }
      if (action === 'withdraw') {
        const r = await exodusWithdraw(ctx, account, idx === undefined ? {} : { idx });
        io.note(`exodus: rebuilt the state of batch ${r.lastFinalizedBatch} from L1 in ${Math.round(r.replayMs)} ms; its root is the contract's`);
        const claimed = await credited(ctx, io, account, 'withdrawn', r.withdrawals, values.claim === true);
        return void io.result({ ...r, withdrawals: r.withdrawals.map(withSymbol), claimed: claimedJson(claimed) });
      }
      const refunds = await exodusRefund(ctx, account);
      const claimed = await credited(ctx, io, account, 'refunded', refunds, values.claim === true);
      io.result({ refunds: refunds.map(withSymbol), claimed: claimedJson(claimed) });
    });
  },
};
