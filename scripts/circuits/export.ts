/** Export a circuit's verification key and Solidity verifier from a zkey. */
import { parseArgs } from 'node:util';
import { exportCircuitKeys } from '../../proving-kit/export.js';
import type { Network } from '../../proving-kit/key-meta.js';

const USAGE = 'usage: tsx scripts/circuits/export.ts <circuit> <zkey> <outDir> [--network devnet|testnet|mainnet]';

let parsed;
try {
  parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { network: { type: 'string', default: 'devnet' } } });
  if (parsed.positionals.length !== 3) throw new Error('three arguments: circuit, zkey, outDir');
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const [circuit, zkeyPath, outDir] = parsed.positionals as [string, string, string];
const out = await exportCircuitKeys({ circuit, zkeyPath, outDir, network: parsed.values.network as Network });
console.log(`export: ${out.vkPath}, ${out.verifierPath}`);
process.exit(0);
