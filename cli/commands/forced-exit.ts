import { forcedExit } from '../../wallet/forced-exit.js';
import { loadAccount } from '../../wallet/keystore.js';
import { ModuloError } from '../../core/errors.js';
import { integer, parse, walletDir, WALLET_FLAGS_HELP, WALLET_OPTIONS } from '../args.js';
import type { Command } from '../command.js';
import { withL1 } from '../wallet-session.js';

const USAGE = `usage: modulo forced-exit <account> <token>
       modulo forced-exit <account> --idx N

Asks the Rollup on L1 for the whole balance of the account's L2 account, without the sequencer: the account
is found from L1 events alone (the deposit with which this account's L1 address created it, of the token, or
the one that created idx N), and only that L1 address, the account's owner, may force its exit. The contract
always takes it, even when the L1 queue refuses deposits; the sequencer must process it before the contract's
forceDeadline, or anyone may start exodus. Once its batch is finalized the balance is credited to the
account's L1 address: take it with \`modulo claim\`.
${WALLET_FLAGS_HELP}`;

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = { ...WALLET_OPTIONS, idx: { type: 'string' } } as const;
    const { values, positionals, help } = parse(argv, options, { min: 1, max: 2, usage: USAGE });
    if (help) return void io.line(USAGE);
    const [name, token] = positionals as [string, string | undefined];
    const idx = integer(values.idx, '--idx');
    if ((idx === undefined) === (token === undefined)) throw new ModuloError('USAGE', USAGE);
    const account = loadAccount(walletDir(values['wallet-dir']), name);
    const r = await withL1(values, (ctx) => forcedExit(ctx, account, { ...(idx !== undefined ? { idx } : {}), ...(token !== undefined ? { token } : {}) }));
    io.result({ ...r, token: r.token?.symbol ?? null });
    io.line(`forced exit of account ${r.idx} queued on L1: tx ${r.l1TxHash} (block ${r.blockNumber}), queue index ${r.queueIndex} (owner proven by the deposit at queue index ${r.creationQueueIndex})`);
    io.line(`when its batch is finalized the balance is credited to ${account.l1.address}: modulo tx ${r.l1TxHash} --wait, then modulo claim ${name}`);
  },
};
