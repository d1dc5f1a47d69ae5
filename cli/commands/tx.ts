import { txState } from '../../wallet/tx-status.js';
import { integer, parse, WALLET_FLAGS_HELP, WALLET_OPTIONS } from '../args.js';
import type { Command } from '../command.js';
import { followTx } from '../l2-tx-output.js';
import { printTxState } from '../tx-output.js';
import { withWallet } from '../wallet-session.js';

const USAGE = `usage: modulo tx <hash> [--wait] [--timeout SECONDS]

Where a tx is. An L2 tx hash (transfer, withdrawal): pending -> included -> committed -> proven ->
finalized, or rejected with the reason. An L1 tx hash of a deposit or forced exit: queued -> included ->
committed -> finalized. --wait polls until finalized or rejected (exit 1 if rejected).
${WALLET_FLAGS_HELP}`;

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = { ...WALLET_OPTIONS, wait: { type: 'boolean' }, timeout: { type: 'string' } } as const;
    const { values, positionals, help } = parse(argv, options, { min: 1, max: 1, usage: USAGE });
    if (help) return void io.line(USAGE);
    const hash = positionals[0]!;
    const timeout = integer(values.timeout, '--timeout');
    return withWallet(values, async (ctx) => {
      if (values.wait) {
        const status = await followTx(ctx, io, hash, timeout === undefined ? undefined : timeout * 1000);
        io.result(await txState(ctx, hash));
        return status;
      }
      const s = await txState(ctx, hash);
      io.result(s);
      printTxState(io, s, null);
      return s.status === 'rejected' ? 1 : 0;
    });
  },
};
