/**
 * The prover worker process: `tsx prover/main.ts --sequencer URL [options]` (the flags: options.ts,
 * docs/prover.md). `modulo prover` runs the same runProver().
 */
import { pathToFileURL } from 'node:url';
import { describeError } from '../core/errors.js';
import { parseProverArgs, USAGE } from './options.js';
import { runProver } from './run-prover.js';

export { parseProverArgs, USAGE, type ProverOptions } from './options.js';
export { runProver, startProver, type ProverHandle } from './run-prover.js';

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseProverArgs(argv);
  } catch (error) {
    process.stderr.write(`${describeError(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options === null) {
    process.stdout.write(USAGE);
    return 0;
  }
  const summary = await runProver(options);
  return summary.fatal === null ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${describeError(error)}\n`);
      process.exit(1);
    },
  );
}
