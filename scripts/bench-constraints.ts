import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { circuitConfig, type CircuitName } from '../core/circuits.js';
import { ModuloError } from '../core/errors.js';
import { compileTemplate, type TemplateMain } from '../proving-kit/compile.js';
import { measurePerTransfer, measureSha256Share, SLOT_STEP } from '../proving-kit/constraint-cost.js';
import type { BenchRow } from './bench-circuits.js';

/**
 * Constraints per transfer of `prod` (depth 32; issue 13's goal: at most 30,000), from compiles only:
 * the batch circuit at prod's depth and fee slots with 1 and 1 + SLOT_STEP slots; then where a slot's
 * constraints go: Slot(DEPTH, FEE_SLOTS) compiled alone, each component it instantiates compiled alone
 * (read from circuits/slot.circom, so the list follows the source), its sha256 share and the batch glue.
 * Compiles are cached by content (build/circuits/): the first run compiles a 17-slot depth-32 batch
 * (746 s and 2.3 GB peak on the loaded 2-core machine), later runs read the stamps.
 */

const CIRCUITS_DIR = new URL('../circuits/', import.meta.url);

export const CONSTRAINTS_NOTE = [
  `Per transfer: (batch of ${1 + SLOT_STEP} slots - batch of 1) / ${SLOT_STEP}, both compiled with circom2 --O2; ${SLOT_STEP} slots add`,
  `${SLOT_STEP} x 96 tx data bits, exactly 3 sha256 blocks, so the figure holds a slot's fair share of the public-input`,
  'sha256. The other rows are templates compiled alone: the parts add up to the slot, and the slot, its sha256',
  'share and the glue add up to the figure per transfer.',
].join('\n');

export async function benchConstraints(name: CircuitName = 'prod'): Promise<BenchRow[]> {
  const config = circuitConfig(name);
  const { depth, feeSlots } = config;
  const unit = 'constraints';
  const m = await measurePerTransfer(name, config);
  const sha = await measureSha256Share(config);
  const slotParams = [depth, feeSlots];
  const slot = await compileTemplate(`template-Slot-${slotParams.join('-')}`, { include: 'slot.circom', template: 'Slot', params: slotParams });
  const rows: BenchRow[] = [
    {
      name: `constraints per transfer, depth ${depth}, ${feeSlots} fee slots: (batch of ${m.larger.batchSize} - batch of ${m.smaller.batchSize}) / ${SLOT_STEP}, with the slot's sha256 share (goal ≤ 30,000)`,
      value: m.perTransfer,
      unit,
    },
    ...[m.smaller, m.larger].map((b) => ({ name: `batch circuit, depth ${depth}, ${b.batchSize} slot${b.batchSize === 1 ? '' : 's'} (${b.sha256Blocks} sha256 blocks)`, value: b.constraints, unit })),
    { name: `Slot(${slotParams.join(', ')}) compiled alone`, value: slot.constraints, unit },
  ];
  let parts = 0;
  for (const part of slotParts(slotParams)) {
    const { constraints } = await compileTemplate(`slot-part-${part.label.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`, part.spec);
    parts += constraints * part.count;
    const each = part.count > 1 ? ` x ${part.count} (${constraints.toLocaleString('en-US')} each)` : '';
    rows.push({ name: `part of the slot: ${part.label}${each}`, value: constraints * part.count, unit });
  }
  rows.push(
    { name: 'part of the slot: the rest (Slot - its parts: its own selects, less what --O2 merges across parts)', value: slot.constraints - parts, unit },
    { name: `sha256 share per slot (96 tx data bits; ${sha.perBlock.toLocaleString('en-US')} per 512-bit block)`, value: sha.perSlot, unit },
    { name: 'batch glue per slot (per transfer - Slot - sha256 share)', value: m.perTransfer - slot.constraints - sha.perSlot, unit },
  );
  return rows;
}

interface Part {
  readonly label: string;
  readonly count: number;
  readonly spec: TemplateMain;
}

/** The components Slot(DEPTH, FEE_SLOTS) instantiates, with their parameters, read from circuits/slot.circom. */
function slotParts([depth, feeSlots]: number[]): Part[] {
  const source = readFileSync(new URL('slot.circom', CIRCUITS_DIR), 'utf8');
  const body = source.slice(source.indexOf('template Slot('));
  const vars: Record<string, number> = { DEPTH: depth!, FEE_SLOTS: feeSlots!, LEVELS: depth! / 2 };
  const declaring = templateFiles();
  const parts = new Map<string, Part>();
  for (const [, template, args] of body.matchAll(/component \w+ = (\w+)\(([^)]*)\);/g)) {
    const params = args!.split(',').map((a) => a.trim()).filter(Boolean).map((a) => vars[a] ?? Number(a));
    if (params.some((p) => !Number.isSafeInteger(p))) throw new ModuloError('BENCH_FAILED', `bench: cannot size ${template}(${args}) in slot.circom`);
    const label = `${template}(${params.join(', ')})`;
    const include = declaring.get(template!);
    if (!include) throw new ModuloError('BENCH_FAILED', `bench: no file under circuits/ declares ${template}`);
    const seen = parts.get(label);
    parts.set(label, { label, count: (seen?.count ?? 0) + 1, spec: { include, template: template!, params } });
  }
  return [...parts.values()];
}

function templateFiles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of readdirSync(CIRCUITS_DIR).filter((f) => f.endsWith('.circom'))) {
    for (const [, name] of readFileSync(new URL(file, CIRCUITS_DIR), 'utf8').matchAll(/^template (\w+)\(/gm)) out.set(name!, file);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchConstraints()) console.log(`${row.name}: ${row.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${row.unit}`);
  process.exit(0);
}
