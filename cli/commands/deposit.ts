import { deposit } from '../../wallet/deposit.js';
import { loadAccount } from '../../wallet/keystore.js';
import { integer, parse, walletDir, WALLET_FLAGS_HELP, WALLET_OPTIONS } from '../args.js';
import type { Command } from '../command.js';
import { units, withWallet } from '../wallet-session.js';

const USAGE = `usage: modulo deposit <account> <amount> <token> [--to IDX] [--new]

Deposits ETH or a registered ERC20 (approved first) from the account's L1 address through the Rollup
contract. By default it tops up the account's existing L2 account of the token, or creates one; --new
always creates one, --to IDX tops up any account. The amount is exact (L1 amounts are not rounded).
<token>: ETH, a symbol (TEST), a tokenId or an ERC20 address.
${WALLET_FLAGS_HELP}`;

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = { ...WALLET_OPTIONS, to: { type: 'string' }, new: { type: 'boolean' } } as const;
    const { values, positionals, help } = parse(argv, options, { min: 3, max: 3, usage: USAGE });
    if (help) return void io.line(USAGE);
    const [name, amount, token] = positionals as [string, string, string];
    const account = loadAccount(walletDir(values['wallet-dir']), name);
    const toIdx = integer(values.to, '--to');
    const r = await withWallet(values, (ctx) => deposit(ctx, account, { amount, token, ...(toIdx !== undefined ? { toIdx } : {}), newAccount: values.new ?? false }));
    io.result({ ...r, token: r.token.symbol, tokenId: r.token.tokenId });
    const into = r.created ? `a new ${r.token.symbol} account of ${name}` : `account ${r.idx}`;
    io.line(`deposited ${units(r.amount, r.token)} from ${account.l1.address} into ${into}`);
    if (r.approveTxHash) io.line(`  approve  L1 tx ${r.approveTxHash}`);
    io.line(`  deposit  L1 tx ${r.l1TxHash} (block ${r.blockNumber}), queue index ${r.queueIndex}, account idx ${r.idx}`);
    io.line(`the sequencer credits it in its next batch; follow it: modulo tx ${r.l1TxHash} --wait`);
  },
};
