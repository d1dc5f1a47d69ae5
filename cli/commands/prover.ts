import { parseProverArgs, USAGE } from '../../prover/options.js';
import { runProver } from '../../prover/run-prover.js';
import type { Command } from '../command.js';

/** `modulo prover`: the prover worker (prover/), the same as `tsx prover/main.ts`. */
export const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const options = parseProverArgs(argv);
    if (options === null) return void io.line(USAGE);
    const summary = await runProver(options);
    return summary.fatal === null ? 0 : 1;
  },
};
