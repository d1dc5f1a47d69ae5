/** Compile circuits from circuits/circuits.json: tsx scripts/circuits/compile.ts <name>... [--force] [--per-slot]. */
import { parseArgs } from 'node:util';
import { compileCircuit, measurePerSlot } from '../../proving-kit/compile.js';
import type { CircuitName } from '../../core/circuits.js';
import { ModuloError } from '../../core/errors.js';

const USAGE = 'usage: tsx scripts/circuits/compile.ts <name>... [--force] [--per-slot]   (names from circuits/circuits.json)';

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { force: { type: 'boolean', default: false }, 'per-slot': { type: 'boolean', default: false } } });
    if (parsed.positionals.length === 0) throw new ModuloError('USAGE', 'name at least one circuit');
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { values: { force, 'per-slot': perSlot }, positionals: names } = parsed;
  for (const name of names) {
    if (perSlot) {
      const m = await measurePerSlot(name as CircuitName, { force });
      console.log(`${name}: batch 1: ${m.batch1}, batch 2: ${m.batch2}, per slot: ${m.perSlot} constraints`);
      continue;
    }
    const out = await compileCircuit(name, { force });
    console.log(`${name}: ${out.constraints} constraints, ${out.dir} (hash ${out.hash})`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
