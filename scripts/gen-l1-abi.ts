/**
 * Writes l1/generated/abi.ts (the Rollup and ERC-20 ABIs, each custom error's NatSpec) from the Hardhat
 * build: run after `hardhat build` (make contracts does both). See l1/generate-abi.ts.
 *
 *   npx tsx scripts/gen-l1-abi.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ABI_MODULE, generateAbiModule } from '../l1/generate-abi.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

writeFileSync(join(ROOT, ABI_MODULE), generateAbiModule(ROOT));
console.log(`wrote ${ABI_MODULE}`);
