/** The fast dev setup of one r1cs (insecure key, devnet only). */
import { parseArgs } from 'node:util';
import { setupDev } from '../../proving-kit/setup-dev.js';

const USAGE = 'usage: tsx scripts/circuits/setup-dev.ts <circuit.r1cs> <out.dev.zkey> [circuit name]';

let positionals: string[];
try {
  ({ positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: {} }));
  if (positionals.length < 2 || positionals.length > 3) throw new Error('two or three arguments');
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const [r1csPath, zkeyPath, circuit = 'circuit'] = positionals as [string, string, string?];
await setupDev({ r1csPath, zkeyPath, circuit, log: console.log });
