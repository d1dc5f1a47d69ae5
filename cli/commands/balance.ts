import { balances } from '../../wallet/balances.js';
import { loadAccount } from '../../wallet/keystore.js';
import { parse, walletDir, WALLET_FLAGS_HELP, WALLET_OPTIONS } from '../args.js';
import type { Command } from '../command.js';
import { units, withWallet } from '../wallet-session.js';

const USAGE = `usage: modulo balance <account>

The account's L2 accounts (one per token; balance as of the last sealed batch, and pending: after the txs
the sequencer accepted and the L1 txs it has seen), its L1 balances and its claimable withdrawals.
${WALLET_FLAGS_HELP}`;

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals, help } = parse(argv, WALLET_OPTIONS, { min: 1, max: 1, usage: USAGE });
    if (help) return void io.line(USAGE);
    const account = loadAccount(walletDir(values['wallet-dir']), positionals[0]!);
    const b = await withWallet(values, (ctx) => balances(ctx, account));
    io.result({
      name: account.name,
      address: b.address,
      l2: b.l2.map((a) => ({ ...a, token: a.token.symbol, tokenId: a.token.tokenId })),
      l1: b.l1.map((a) => ({ token: a.token.symbol, tokenId: a.token.tokenId, balance: a.balance })),
      claimable: b.claimable.map((c) => ({ token: c.token.symbol, tokenId: c.token.tokenId, amount: c.amount })),
    });
    io.line(`${account.name}`);
    if (b.l2.length === 0) io.line('  L2: no accounts yet (modulo deposit)');
    for (const a of b.l2) {
      const pending = a.pendingBalance === a.balance && a.pendingNonce === a.nonce ? '' : `   pending ${units(a.pendingBalance, a.token)}, nonce ${a.pendingNonce}`;
      io.line(`  L2 idx ${String(a.idx).padEnd(5)} ${units(a.balance, a.token).padEnd(28)} nonce ${a.nonce}${pending}`);
    }
    io.line(`  L1 ${b.address}: ${b.l1.map((x) => units(x.balance, x.token)).join(', ')}`);
    for (const c of b.claimable) io.line(`  claimable on L1: ${units(c.amount, c.token)} (modulo claim ${account.name} ${c.token.symbol})`);
  },
};
