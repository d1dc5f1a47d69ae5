import { claim } from '../../wallet/claim.js';
import { loadAccount } from '../../wallet/keystore.js';
import { parse, walletDir, WALLET_FLAGS_HELP, WALLET_OPTIONS } from '../args.js';
import type { Command } from '../command.js';
import { units, withL1 } from '../wallet-session.js';

const USAGE = `usage: modulo claim <account> [token] [--to ADDRESS]

Pulls finalized withdrawals (L2 withdrawals, forced exits, exodus credits) credited to the account's L1
address: of one token, or of every token with a credit. They are paid to that address, or with --to to any
L1 address you name (for instance when the credited address cannot receive ETH). A payment the recipient
refuses reverts and leaves the credit in place: claim again to another address.
${WALLET_FLAGS_HELP}`;

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = { ...WALLET_OPTIONS, to: { type: 'string' } } as const;
    const { values, positionals, help } = parse(argv, options, { min: 1, max: 2, usage: USAGE });
    if (help) return void io.line(USAGE);
    const [name, token] = positionals as [string, string | undefined];
    const account = loadAccount(walletDir(values['wallet-dir']), name);
    const claimed = await withL1(values, (ctx) => claim(ctx, account, token, values.to)); // L1 only: works without a sequencer (exodus)
    io.result({ address: account.l1.address, claimed: claimed.map((c) => ({ token: c.token.symbol, tokenId: c.token.tokenId, amount: c.amount, recipient: c.recipient, l1TxHash: c.l1TxHash })) });
    if (claimed.length === 0) io.line(`nothing to claim for ${account.l1.address}: withdrawals are credited when their batch is finalized`);
    const of = (c: { recipient: string }) => (c.recipient === account.l1.address ? '' : ` (credit of ${account.l1.address})`);
    for (const c of claimed) io.line(`claimed ${units(c.amount, c.token)} to ${c.recipient}${of(c)} (L1 tx ${c.l1TxHash})`);
  },
};
