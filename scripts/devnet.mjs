// `make devnet`: runs `modulo devnet` (cli/commands/devnet.ts) with the arguments given, in this process,
// so that Ctrl-C reaches the devnet, which stops its L1 node, sequencer and prover in order.
// Equivalent: node --import tsx cli/modulo.ts devnet [--reset] …
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/modulo.ts');
process.exit(await main(['devnet', ...process.argv.slice(2)]));
