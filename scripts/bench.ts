import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchCrypto } from './bench-crypto.js';
import { benchTree } from './bench-tree.js';
import { benchSetup } from './bench-circuits.js';
import { benchGas } from './bench-gas.js';
import { benchSequencer } from './bench-sequencer.js';
import { benchProver } from './bench-prover.js';
import { benchExplorer } from './bench-explorer.js';
import { benchSettlement } from './bench-settlement.js';

/**
 * `make bench`: runs every benchmark module and writes docs/benchmarks.md (machine, date, figures).
 * Each module exports an async function returning rows; components add theirs to SECTIONS.
 * `make bench BENCH='crypto tree'` runs only the named sections.
 */
interface Row {
  name: string;
  value: number;
  unit: string;
}

const perSecond = (unit: string) => (rows: Array<{ name: string; perSecond: number }>): Row[] =>
  rows.map((r) => ({ name: r.name, value: r.perSecond, unit }));

let proverRows: Row[] = [];

const SECTIONS: Array<{ key: string; title: string; run: () => Promise<Row[]> }> = [
  {
    key: 'crypto',
    title: 'core: crypto, one core (poseidon-lite and circomlibjs for comparison)',
    run: async () => perSecond('ops/s')(await benchCrypto({ compare: true })),
  },
  { key: 'tree', title: 'core: state tree, depth 32, in memory, one core', run: async () => perSecond('leaf updates/s')(await benchTree()) },
  { key: 'circuits', title: 'circuits: constraints, dev setup, witness and proof (snarkjs)', run: () => benchSetup() },
  { key: 'sequencer', title: 'sequencer: ingest over HTTP and batch building (2 cores)', run: async () => perSecond('tx/s')(await benchSequencer()) },
  { key: 'prover', title: 'prover: witness, proof, peak memory and worker overhead per circuit', run: async () => (proverRows = await benchProver()) },
  { key: 'gas', title: 'contracts: L1 gas (Hardhat network, Prague rules incl. the EIP-7623 calldata floor)', run: () => benchGas() },
  {
    key: 'settlement',
    title: 'sequencer: settlement groups, extra latency at the default policy (measured on a hardhat node; derived rows say so)',
    run: () => benchSettlement(proverRows),
  },
  { key: 'explorer', title: 'explorer: first render of the overview in Chromium, bundle size', run: () => benchExplorer() },
];

function format(row: Row): string {
  const digits = row.value < 10 ? 2 : row.value < 100 ? 1 : 0;
  return row.value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

const only = (process.env.BENCH ?? '').split(/\s+/).filter(Boolean);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
const lines = [
  '# Benchmarks',
  '',
  'Written by `make bench` (scripts/bench.ts); do not edit by hand. Figures are from one run on the machine',
  'below; rates are measured over a fixed time window after a warm-up.',
  '',
  `- machine: ${machine}`,
  `- date: ${new Date().toISOString()}`,
  '',
];
for (const section of SECTIONS.filter((s) => only.length === 0 || only.includes(s.key))) {
  console.log(`bench: ${section.title}`);
  const rows = await section.run();
  lines.push(`## ${section.title}`, '', '| benchmark | value | unit |', '|---|---:|---|');
  for (const row of rows) {
    lines.push(`| ${row.name} | ${format(row)} | ${row.unit} |`);
    console.log(`  ${row.name}: ${format(row)} ${row.unit}`);
  }
  lines.push('');
}
writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), lines.join('\n'));
console.log('bench: wrote docs/benchmarks.md');
