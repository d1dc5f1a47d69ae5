import { Wallet } from 'ethers';
import { createAccount, freeDevKey, listAccounts, loadAccount } from '../../wallet/keystore.js';
import { resolveEndpoints } from '../../wallet/network.js';
import { ModuloError } from '../../core/errors.js';
import { parse, walletDir, WALLET_OPTIONS } from '../args.js';
import type { Command } from '../command.js';
import type { Io } from '../io.js';

const USAGE = `usage: modulo account new <name> [--l1-key 0xKEY | --random-l1-key]
       modulo account list
       modulo account show <name>

A wallet account is a BabyJubJub key (signs L2 txs) and an L1 key (deposits, forced exits, claims), kept
unencrypted in the wallet directory: for devnets and tests only. On a devnet, a new account takes the next
free funded Hardhat dev account (ETH and the devnet's TEST token) unless --l1-key or --random-l1-key.`;

function devKeys(flags: { network?: string | undefined; rollup?: string | undefined; sequencer?: string | undefined; rpc?: string | undefined }): readonly string[] {
  try {
    return resolveEndpoints(flags).devKeys;
  } catch {
    return [];
  }
}

function describe(io: Io, a: ReturnType<typeof loadAccount>): void {
  io.line(`${a.name}`);
  io.line(`  L2 key (BabyJubJub)  ax ${a.ax}`);
  io.line(`                       ay ${a.ay}`);
  io.line(`  L1 address           ${a.l1.address}`);
}

function view(a: ReturnType<typeof loadAccount>) {
  return { name: a.name, ax: a.ax, ay: a.ay, l1Address: a.l1.address, path: a.path };
}

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = { ...WALLET_OPTIONS, 'l1-key': { type: 'string' }, 'random-l1-key': { type: 'boolean' } } as const;
    const { values, positionals, help } = parse(argv, options, { min: 1, max: 2, usage: USAGE });
    if (help) return void io.line(USAGE);
    const dir = walletDir(values['wallet-dir']);
    const [action, name] = positionals;
    if (action === 'list' && name === undefined) {
      const all = listAccounts(dir);
      io.result({ walletDir: dir, accounts: all.map(view) });
      if (all.length === 0) io.line(`no accounts in ${dir}: \`modulo account new <name>\``);
      for (const a of all) io.line(`${a.name.padEnd(16)} L1 ${a.l1.address}  (${a.path})`);
      return;
    }
    if (action === 'show' && name !== undefined) {
      const a = loadAccount(dir, name);
      io.result(view(a));
      return void describe(io, a);
    }
    if (action !== 'new' || name === undefined) throw new ModuloError('USAGE', USAGE);
    if (values['l1-key'] !== undefined && values['random-l1-key']) throw new ModuloError('USAGE', '--l1-key and --random-l1-key exclude each other');
    const candidates = values['l1-key'] === undefined && !values['random-l1-key'] ? devKeys(values) : [];
    const l1Key = values['l1-key'] ?? (candidates.length > 0 ? freeDevKey(dir, candidates) : Wallet.createRandom().privateKey);
    const a = createAccount(dir, name, { l1Key });
    const origin = values['l1-key'] !== undefined ? 'the key given' : candidates.length > 0 ? 'a funded devnet dev account' : 'a new random key (no devnet found): fund it on L1';
    io.result({ ...view(a), l1KeyOrigin: origin });
    io.line(`created wallet account ${name} (${a.path}; keys unencrypted: devnet and tests only)`);
    describe(io, a);
    io.line(`  L1 key: ${origin}`);
    io.line(`next: modulo deposit ${name} 1 ETH`);
  },
};
