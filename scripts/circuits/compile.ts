/** Compile circuits from circuits/circuits.json: tsx scripts/circuits/compile.ts <name>... [--force] [--per-slot]. */
import { compileCircuit, measurePerSlot } from '../../proving-kit/compile.js';
import type { CircuitName } from '../../core/circuits.js';
import { ModuloError } from '../../core/errors.js';

async function main(argv: string[]): Promise<void> {
  const force = argv.includes('--force');
  const perSlot = argv.includes('--per-slot');
  const names = argv.filter((a) => !a.startsWith('--'));
  if (names.length === 0) {
    throw new ModuloError('USAGE', 'usage: compile.ts <name>... [--force] [--per-slot]   (names from circuits/circuits.json)');
  }
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
