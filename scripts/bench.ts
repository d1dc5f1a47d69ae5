import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchCrypto } from './bench-crypto.js';
import { benchTree } from './bench-tree.js';

/**
 * `make bench`: runs every benchmark module and writes docs/benchmarks.md (machine, date, figures).
 * Each module exports an async function returning rows; later components add theirs to SECTIONS.
 */
interface Row {
  name: string;
  perSecond: number;
}

const SECTIONS: Array<{ title: string; unit: string; run: () => Promise<Row[]> }> = [
  { title: 'core: crypto (one core; poseidon-lite and circomlibjs for comparison)', unit: 'ops/s', run: () => benchCrypto({ compare: true }) },
  { title: 'core: state tree, depth 32, in memory (one core)', unit: 'leaf updates/s', run: benchTree },
];

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
const lines = [
  '# Benchmarks',
  '',
  'Written by `make bench` (scripts/bench.ts); do not edit by hand. Figures are from one run on the machine',
  'below; each is measured over a fixed time window after a warm-up.',
  '',
  `- machine: ${machine}`,
  `- date: ${new Date().toISOString()}`,
  '',
];
for (const section of SECTIONS) {
  console.log(`bench: ${section.title}`);
  const rows = await section.run();
  lines.push(`## ${section.title}`, '', `| benchmark | ${section.unit} |`, '|---|---:|');
  for (const row of rows) {
    lines.push(`| ${row.name} | ${Math.round(row.perSecond).toLocaleString('en-US')} |`);
    console.log(`  ${row.name}: ${Math.round(row.perSecond)} ${section.unit}`);
  }
  lines.push('');
}
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), lines.join('\n'));
console.log('bench: wrote docs/benchmarks.md');
