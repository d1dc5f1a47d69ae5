import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { benchCrypto } from './bench-crypto.js';
import { benchTree } from './bench-tree.js';
import { benchSetup } from './bench-circuits.js';
import { benchConstraints, CONSTRAINTS_NOTE } from './bench-constraints.js';
import { benchGas } from './bench-gas.js';
import { benchSequencer } from './bench-sequencer.js';
import { benchProver, externalProverNote } from './bench-prover.js';
import { benchExplorer } from './bench-explorer.js';
import { benchSettlement } from './bench-settlement.js';
import { benchLinked, linkedNote } from './bench-linked.js';

/**
 * `make bench`: runs every benchmark module and writes docs/benchmarks.md (machine, date, figures).
 * Each module exports an async function returning rows; components add theirs to SECTIONS.
 * `make bench BENCH='crypto tree'` runs only the named sections and replaces just those in the file.
 */
interface Row {
  name: string;
  value: number;
  unit: string;
}

const perSecond = (unit: string) => (rows: Array<{ name: string; perSecond: number }>): Row[] =>
  rows.map((r) => ({ name: r.name, value: r.perSecond, unit }));

let proverRows: Row[] = [];

/** A section's `note` is printed under its heading (what the rows include, or why some are absent). */
/** An `optIn` section runs only when BENCH names it (it takes long or most of the machine). */
const SECTIONS: Array<{ key: string; title: string; optIn?: boolean; note?: () => string; run: () => Promise<Row[]> }> = [
  {
    key: 'crypto',
    title: 'core: crypto, one core (poseidon-lite and circomlibjs for comparison)',
    run: async () => perSecond('ops/s')(await benchCrypto({ compare: true })),
  },
  { key: 'tree', title: 'core: state tree, depth 32, in memory, one core', run: async () => perSecond('leaf updates/s')(await benchTree()) },
  { key: 'circuits', title: 'circuits: constraints, dev setup, witness and proof (snarkjs)', run: () => benchSetup() },
  {
    key: 'constraints',
    title: 'circuits: constraints per transfer at prod\'s depth and fee slots, and where a slot\'s go (compiled)',
    note: () => CONSTRAINTS_NOTE,
    run: () => benchConstraints(),
  },
  { key: 'sequencer', title: 'sequencer: ingest over HTTP and batch building (2 cores)', run: async () => perSecond('tx/s')(await benchSequencer()) },
  {
    key: 'prover',
    title: 'prover: witness, proof, peak memory and worker overhead per circuit',
    note: () => externalProverNote(),
    run: async () => (proverRows = await benchProver()),
  },
  { key: 'gas', title: 'contracts: L1 gas (Hardhat network, Prague rules incl. the EIP-7623 calldata floor)', run: () => benchGas() },
  {
    key: 'settlement',
    title: 'sequencer: settlement groups, extra latency at the default policy (measured on a hardhat node; derived rows say so)',
    run: () => benchSettlement(proverRows),
  },
  { key: 'explorer', title: 'explorer: first render of the overview in Chromium, bundle size', run: () => benchExplorer() },
  {
    key: 'linked',
    title: 'circuits: the large batch in linked form (128 slots, depth 32): build, dev setup, witness, proofs',
    optIn: true,
    note: () => linkedNote(),
    run: () => benchLinked(),
  },
];

function format(row: Row): string {
  // Counts print as counted: a constraint count is whole unless it is a share (per transfer: 32,615.5).
  const count = row.unit === 'constraints';
  const digits = count ? (Number.isInteger(row.value) ? 0 : 1) : row.value < 10 ? 2 : row.value < 100 ? 1 : 0;
  return row.value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

const only = (process.env.BENCH ?? '').split(/\s+/).filter(Boolean);
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
const DOC = new URL('../docs/benchmarks.md', import.meta.url);
const header = [
  '# Benchmarks',
  '',
  'Written by `make bench` (scripts/bench.ts); do not edit by hand. Figures are from one run on the machine',
  'below; rates are measured over a fixed time window after a warm-up.',
  '',
  `- machine: ${machine}`,
  `- date: ${new Date().toISOString()}`,
  `- load average at the start (1 min): ${loadavg()[0]!.toFixed(1)}`,
  '',
];
const measured = new Map<string, string[]>();
for (const section of SECTIONS.filter((s) => (only.length === 0 ? !s.optIn : only.includes(s.key)))) {
  console.log(`bench: ${section.title}`);
  const [started, load] = [new Date().toISOString(), loadavg()[0]!.toFixed(1)];
  const rows = await section.run();
  const lines = [`## ${section.title}`, ''];
  if (section.note) lines.push(section.note(), '');
  // A section run alone keeps the file's other sections: it says when it was measured.
  if (only.length > 0) lines.push(`Measured alone (BENCH='${only.join(' ')}') from ${started}, load average ${load} at the start; ${machine}.`, '');
  lines.push('| benchmark | value | unit |', '|---|---:|---|');
  for (const row of rows) {
    lines.push(`| ${row.name} | ${format(row)} | ${row.unit} |`);
    console.log(`  ${row.name}: ${format(row)} ${row.unit}`);
  }
  measured.set(section.title, [...lines, '']);
}
writeFileSync(DOC, (only.length > 0 && existsSync(DOC) ? spliceSections(readFileSync(DOC, 'utf8'), measured) : [...header, ...[...measured.values()].flat()]).join('\n'));
console.log('bench: wrote docs/benchmarks.md');

/** The file's lines with the sections just measured in place of the old ones (new ones at the end). */
function spliceSections(doc: string, sections: Map<string, string[]>): string[] {
  const out: string[] = [];
  const placed = new Set<string>();
  let skipping = false;
  for (const line of doc.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('## ')) {
      const title = line.slice(3);
      skipping = sections.has(title);
      if (skipping) {
        out.push(...sections.get(title)!);
        placed.add(title);
      }
    }
    if (!skipping) out.push(line);
  }
  if (out.at(-1) !== '') out.push('');
  for (const [title, lines] of sections) if (!placed.has(title)) out.push(...lines);
  return out;
}
