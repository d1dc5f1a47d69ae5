import { claim } from '../../wallet/claim.js';
import { loadAccount } from '../../wallet/keystore.js';
import { parse, walletDir, WALLET_FLAGS_HELP, WALLET_OPTIONS } from '../args.js';
import type { Command } from '../command.js';
import { units, withL1 } from '../wallet-session.js';

const USAGE = `usage: modulo claim <account> [token]

Pulls finalized withdrawals (L2 withdrawals, forced exits) credited to the account's L1 address: of one
token, or of every token with a credit.
${WALLET_FLAGS_HELP}`;

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals, help } = parse(argv, WALLET_OPTIONS, { min: 1, max: 2, usage: USAGE });
    if (help) return void io.line(USAGE);
    const [name, token] = positionals as [string, string | undefined];
    const account = loadAccount(walletDir(values['wallet-dir']), name);
    const claimed = await withL1(values, (ctx) => claim(ctx, account, token)); // L1 only: works without a sequencer (exodus)
    io.result({ address: account.l1.address, claimed: claimed.map((c) => ({ token: c.token.symbol, tokenId: c.token.tokenId, amount: c.amount, l1TxHash: c.l1TxHash })) });
    if (claimed.length === 0) io.line(`nothing to claim for ${account.l1.address}: withdrawals are credited when their batch is finalized`);
    for (const c of claimed) io.line(`claimed ${units(c.amount, c.token)} to ${account.l1.address} (L1 tx ${c.l1TxHash})`);
  },
};
