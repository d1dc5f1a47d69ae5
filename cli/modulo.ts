/**
 * `modulo`: the command line. One file per command under cli/commands/ (parsing and printing only; the
 * work is in wallet/, devnet/, audit/, prover/); errors print as `code: message`.
 */
import { pathToFileURL } from 'node:url';
import type { Command } from './command.js';
import { exitStatusOf, makeIo, printError } from './io.js';

/** Loaded on demand: `modulo balance` does not load Hardhat or snarkjs. */
const COMMANDS: Record<string, { readonly summary: string; readonly load: () => Promise<{ command: Command }> }> = {
  devnet: { summary: 'run a local devnet: L1 node, contracts, sequencer, prover (make devnet)', load: () => import('./commands/devnet.js') },
  account: { summary: 'create, list or show wallet accounts (BabyJubJub key + L1 key)', load: () => import('./commands/account.js') },
  deposit: { summary: 'deposit ETH or an ERC20 from L1 (new account or top-up)', load: () => import('./commands/deposit.js') },
  transfer: { summary: 'send an L2 transfer', load: () => import('./commands/transfer.js') },
  withdraw: { summary: 'withdraw from L2 to the account\'s L1 address (then claim)', load: () => import('./commands/withdraw.js') },
  claim: { summary: 'claim finalized withdrawals on L1', load: () => import('./commands/claim.js') },
  balance: { summary: 'L2 and L1 balances, and claimable withdrawals', load: () => import('./commands/balance.js') },
  tx: { summary: 'status of an L2 tx, a deposit or a forced exit, through to finalized', load: () => import('./commands/tx.js') },
  'forced-exit': { summary: 'exit an L2 account from L1, without the sequencer', load: () => import('./commands/forced-exit.js') },
  exodus: { summary: 'the escape hatch from L1 alone: status, activate, withdraw balances, refund deposits', load: () => import('./commands/exodus.js') },
  prover: { summary: 'run a prover worker against a sequencer (prover/)', load: () => import('./commands/prover.js') },
  verify: { summary: 'audit a rollup from L1 alone: replay every batch, check roots, proofs, verifiers', load: () => import('./commands/verify.js') },
  'verify-setup': { summary: 'check a proving key: zkey verify against r1cs and ptau, gamma != delta', load: () => import('./commands/verify-setup.js') },
};

function help(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`);
  return `usage: modulo <command> [arguments] [--json]   (modulo <command> --help for its arguments)

${rows.join('\n')}

Start here: \`make devnet\` (or \`modulo devnet\`), then in another terminal
  modulo account new alice && modulo deposit alice 1 ETH && modulo balance alice
Configuration and data directories: docs/operations.md.
`;
}

/** Runs one command; `out` and `err` receive stdout and stderr text (tests capture them). */
export async function main(
  argv: readonly string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const [name, ...rest] = argv;
  const io = makeIo(rest.includes('--json'), out, err);
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    out(help());
    return name === undefined ? exitStatusOf('USAGE') : 0;
  }
  const entry = COMMANDS[name];
  if (entry === undefined) {
    err(`USAGE: unknown command "${name}"\n\n${help()}`);
    return exitStatusOf('USAGE');
  }
  try {
    const { command } = await entry.load();
    return (await command.run(rest, io)) ?? 0;
  } catch (error) {
    return printError(io, error);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
