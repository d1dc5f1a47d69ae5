/** The fast dev setup of one r1cs (insecure key, devnet only). */
import { setupDev } from '../../proving-kit/setup-dev.js';

// CLI: tsx scripts/circuits/setup-dev.ts <circuit.r1cs> <out.dev.zkey> [name]
const [r1csPath, zkeyPath, circuit = 'circuit'] = process.argv.slice(2);
if (!r1csPath || !zkeyPath) {
  console.error('usage: tsx scripts/circuits/setup-dev.ts <circuit.r1cs> <out.dev.zkey> [circuit name]');
  process.exit(2);
}
await setupDev({ r1csPath, zkeyPath, circuit, log: console.log });
