import { join } from 'node:path';
import { addressOf, DEV_USER_KEYS } from '../../devnet/accounts.js';
import { startDevnet } from '../../devnet/devnet.js';
import { watchBatches } from '../../devnet/watch-batches.js';
import { homeDir, ROOT } from '../../wallet/network.js';
import { integer, parse, walletDir } from '../args.js';
import type { Command } from '../command.js';
import type { Io } from '../io.js';

const USAGE = `usage: modulo devnet [--reset] [--circuit dev|test] [--l1-port 8545] [--port 8080] [--no-prover]
                     [--data-dir DIR] [--wallet-dir DIR]

Runs a local rollup until Ctrl-C: a Hardhat node on 127.0.0.1 (L1), the contracts, the sequencer and a
prover worker. The first run builds the circuit and its insecure dev keys (a few minutes, cached after).
Starting again resumes: the L1 chain is replayed from its journal (Hardhat keeps no state on disk) and the
sequencer keeps its database. --reset starts from nothing. Data: data/devnet (docs/operations.md).`;

function elapsed(started: number): string {
  return `${Math.round((Date.now() - started) / 1000)} s`;
}

function printReady(io: Io, d: Awaited<ReturnType<typeof startDevnet>>, started: number, wallets: string): void {
  const s = d.state;
  io.line();
  io.line(`devnet ready in ${elapsed(started)}${d.resumed ? ' (resumed: same chain, same sequencer state)' : ''}`);
  io.line(`  L1 node      ${d.rpcUrl}   chain id ${s.chainId}   (Hardhat; log ${join(d.layout.logsDir, 'l1-node.log')})`);
  io.line(`  Rollup       ${s.rollupAddress}   deployed in block ${s.deployBlock}, ${s.circuit} circuit, verifier ${s.verifiers[0]?.address}`);
  io.line(`  ${s.token.symbol.padEnd(12)} ${s.token.address}   tokenId ${s.token.tokenId}`);
  io.line(`  sequencer    ${d.sequencerUrl}   (API docs ${d.sequencerUrl}/documentation; log ${join(d.layout.logsDir, 'sequencer.log')})`);
  io.line(`  explorer     ${d.sequencerUrl}/explorer/   (batches, txs, accounts, provers; verify a proof in the browser)`);
  io.line(d.proverStarted ? `  prover       1 worker, snarkjs   (log ${join(d.layout.logsDir, 'prover.log')})` : '  prover       NOT STARTED: batches wait for a proof (modulo prover --sequencer URL)');
  io.line(`  dev accounts Hardhat #4-#9 (${addressOf(DEV_USER_KEYS[0]!)} …): 10000 ETH and 1000000 ${s.token.symbol} each; \`modulo account new\` hands them out`);
  io.line(`  data         ${d.layout.dir}   wallet ${wallets}`);
  io.line();
  io.line('try, in another terminal (npx runs this repository\'s `modulo`):');
  io.line('  npx modulo account new alice && npx modulo account new bob');
  io.line('  npx modulo deposit alice 1 ETH && npx modulo deposit bob 0.1 ETH');
  io.line('  npx modulo transfer alice bob 0.25 ETH --wait');
  io.line('  npx modulo balance bob');
  io.line(`  npx modulo verify --rpc ${d.rpcUrl} --rollup ${s.rollupAddress}`);
  io.line('Ctrl-C stops everything; `make devnet` again resumes this chain and state; `make devnet ARGS=--reset` starts fresh.');
  io.line();
}

export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = {
      reset: { type: 'boolean' }, circuit: { type: 'string' }, 'l1-port': { type: 'string' }, port: { type: 'string' },
      'no-prover': { type: 'boolean' }, 'data-dir': { type: 'string' }, 'wallet-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    } as const;
    const { values, help } = parse(argv, options, { min: 0, max: 0, usage: USAGE });
    if (help) return void io.line(USAGE);
    const started = Date.now();
    const log = (line: string) => io.note(line);
    const wallets = walletDir(values['wallet-dir']);
    const devnet = await startDevnet({
      root: ROOT,
      dir: values['data-dir'] ?? join(homeDir(), 'devnet'),
      walletDir: wallets,
      circuit: values.circuit ?? 'dev',
      l1Port: integer(values['l1-port'], '--l1-port') ?? 8545,
      sequencerPort: integer(values.port, '--port') ?? 8080,
      reset: values.reset ?? false,
      prover: !values['no-prover'],
      log,
    });
    printReady(io, devnet, started, wallets);
    io.result({ rpcUrl: devnet.rpcUrl, sequencerUrl: devnet.sequencerUrl, resumed: devnet.resumed, resetReason: devnet.resetReason, ...devnet.state });
    const unwatch = watchBatches(devnet.sequencerUrl, (e) => log(`[${elapsed(started)}] batch ${e.batchNumber} ${e.kind}${e.kind === 'finalized' ? ' on L1' : ''}`), 2_000);
    const signalled = new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    let code = 0;
    try {
      const signal = await Promise.race([signalled, devnet.failure]);
      log(`devnet: ${signal}: stopping (prover, sequencer, then the L1 node; a second Ctrl-C kills at once)`);
    } catch (error) {
      log(`devnet: ${(error as Error & { code?: string }).code ?? 'ERROR'}: ${(error as Error).message}`);
      code = 1;
    }
    process.once('SIGINT', () => {
      devnet.kill();
      process.exit(130);
    });
    unwatch();
    await devnet.stop();
    log(`devnet: stopped; the chain journal and sequencer data are in ${devnet.layout.dir}`);
    return code;
  },
};
