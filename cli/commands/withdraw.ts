import { loadAccount } from '../../wallet/keystore.js';
import { sendL2Tx } from '../../wallet/send-l2-tx.js';
import { integer, parse, walletDir, WALLET_FLAGS_HELP, WALLET_OPTIONS } from '../args.js';
import type { Command } from '../command.js';
import { followTx, printL2Tx } from '../l2-tx-output.js';
import { withWallet } from '../wallet-session.js';

const USAGE = `usage: modulo withdraw <account> <amount|max> <token> [--fee F] [--from-idx N] [--wait]

Signs an L2 withdrawal (toIdx 0) to the L1 address of the account's L2 account. When its batch is
finalized on L1 the amount is credited there; take it with \`modulo claim <account> <token>\`. Amounts
round down to a representable L2 float; "max" withdraws the whole pending balance less the fee.
${WALLET_FLAGS_HELP}`;

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = { ...WALLET_OPTIONS, fee: { type: 'string' }, 'from-idx': { type: 'string' }, wait: { type: 'boolean' } } as const;
    const { values, positionals, help } = parse(argv, options, { min: 3, max: 3, usage: USAGE });
    if (help) return void io.line(USAGE);
    const [name, amount, token] = positionals as [string, string, string];
    const account = loadAccount(walletDir(values['wallet-dir']), name);
    const fromIdx = integer(values['from-idx'], '--from-idx');
    return withWallet(values, async (ctx) => {
      const r = await sendL2Tx(ctx, account, { amount, token, to: null, ...(values.fee !== undefined ? { fee: values.fee } : {}), ...(fromIdx !== undefined ? { fromIdx } : {}) });
      printL2Tx(io, 'withdraw', r);
      if (!values.wait) {
        io.line(`once it is finalized: modulo claim ${name} ${r.token.symbol}   (follow it: modulo tx ${r.txHash} --wait)`);
        return;
      }
      const status = await followTx(ctx, io, r.txHash);
      if (status === 0) io.line(`credited on L1: modulo claim ${name} ${r.token.symbol}`);
      return status;
    });
  },
};
