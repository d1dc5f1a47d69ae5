// `make devnet`: brings up the local system. Today it has what the foundation provides (the pinned
// toolchain, the core library, the contracts build); it says what is still missing rather than
// pretending. Later components plug in here: circuits (`make circuits`), contracts deployment, the
// sequencer and a prover worker.
import { existsSync } from 'node:fs';

const parts = [
  ['core protocol library', 'core/index.ts'],
  ['batch circuit (circuits/batch.circom)', 'circuits/batch.circom'],
  ['rollup contracts (contracts/Rollup.sol)', 'contracts/Rollup.sol'],
  ['sequencer (sequencer/main.ts)', 'sequencer/main.ts'],
  ['prover worker (prover/worker.ts)', 'prover/worker.ts'],
  ['CLI (cli/modulo.ts)', 'cli/modulo.ts'],
];
let missing = 0;
console.log('devnet: components');
for (const [name, file] of parts) {
  const present = existsSync(new URL(`../${file}`, import.meta.url));
  if (!present) missing += 1;
  console.log(`  ${present ? 'ok     ' : 'missing'}  ${name}`);
}
if (missing > 0) {
  console.log(`devnet: ${missing} component(s) not built yet; the devnet cannot start until they exist (see docs/protocol.md for the design).`);
  process.exit(1);
}
