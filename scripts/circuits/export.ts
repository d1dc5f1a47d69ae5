/** Export a circuit's verification key and Solidity verifier from a zkey. */
import { exportCircuitKeys } from '../../proving-kit/export.js';
import type { Network } from '../../proving-kit/key-meta.js';

// CLI: tsx scripts/circuits/export.ts <circuit> <zkey> <outDir> [--network devnet|testnet|mainnet]
const args = process.argv.slice(2);
const at = args.indexOf('--network');
const network = (at >= 0 ? args.splice(at, 2)[1] : 'devnet') as Network;
const [circuit, zkeyPath, outDir] = args;
if (!circuit || !zkeyPath || !outDir) {
  console.error('usage: tsx scripts/circuits/export.ts <circuit> <zkey> <outDir> [--network devnet|testnet|mainnet]');
  process.exit(2);
}
const out = await exportCircuitKeys({ circuit, zkeyPath, outDir, network });
console.log(`export: ${out.vkPath}, ${out.verifierPath}`);
process.exit(0);
