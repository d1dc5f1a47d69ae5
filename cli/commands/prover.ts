import { ModuloError } from '../../core/errors.js';
import { parseProverArgs, USAGE } from '../../prover/options.js';
import { runProver } from '../../prover/run-prover.js';
import type { Command } from '../command.js';

/** `modulo prover`: the prover worker (prover/), the same as `tsx prover/main.ts`. */
export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    // A worker runs until stopped and logs pino JSON lines on stdout: there is no one result document to print.
    if (argv.includes('--json')) throw new ModuloError('USAGE', 'modulo prover takes no --json: its log on stdout is JSON lines already (--log-level)');
    const options = parseProverArgs(argv);
    if (options === null) return void io.line(USAGE);
    const summary = await runProver(options);
    return summary.fatal === null ? 0 : 1;
  },
};
