import { loadAccount } from '../../wallet/keystore.js';
import { sendL2Tx } from '../../wallet/send-l2-tx.js';
import { integer, parse, walletDir, WALLET_FLAGS_HELP, WALLET_OPTIONS } from '../args.js';
import type { Command } from '../command.js';
import { followTx, printL2Tx } from '../l2-tx-output.js';
import { withWallet } from '../wallet-session.js';

const USAGE = `usage: modulo transfer <account> <to> <amount> <token> [--fee F] [--from-idx N] [--wait]

Signs an L2 transfer with the account's BabyJubJub key and sends it to the sequencer. <to> is an account
idx or a wallet account name (its account of the token). The amount is rounded down to a representable
L2 float (5-6 significant digits; the rounding is shown). The fee is in token units and must be one digit
times a power of ten; by default the operator's minimum. --wait follows it to finalized.
${WALLET_FLAGS_HELP}`;

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = { ...WALLET_OPTIONS, fee: { type: 'string' }, 'from-idx': { type: 'string' }, wait: { type: 'boolean' } } as const;
    const { values, positionals, help } = parse(argv, options, { min: 4, max: 4, usage: USAGE });
    if (help) return void io.line(USAGE);
    const [name, to, amount, token] = positionals as [string, string, string, string];
    const account = loadAccount(walletDir(values['wallet-dir']), name);
    const fromIdx = integer(values['from-idx'], '--from-idx');
    return withWallet(values, async (ctx) => {
      const r = await sendL2Tx(ctx, account, { amount, token, to, ...(values.fee !== undefined ? { fee: values.fee } : {}), ...(fromIdx !== undefined ? { fromIdx } : {}) });
      printL2Tx(io, 'transfer', r);
      if (!values.wait) return void io.line(`follow it: modulo tx ${r.txHash} --wait`);
      return followTx(ctx, io, r.txHash);
    });
  },
};
