import type { Io } from './io.js';

/** One `modulo <name>` command (its summary is in cli/modulo.ts): parses arguments and prints; the work is done elsewhere. */
export interface Command {
  readonly usage: string;
  /** Resolves to the exit status (0 when omitted). */
  run(argv: readonly string[], io: Io): Promise<number | void>;
}
