import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CircuitConfig } from '../core/build-batch.js';
import { compileTemplate, type CompiledCircuit, type CompileOptions, type TemplateMain } from './compile.js';
import { makeLinkPlan, readPartLayout, type LinkPlan, type PartKind } from './link-plan.js';
import { writeLinkedR1cs } from './link-r1cs.js';
import { withLock } from './lock.js';
import { sha256File } from './binfile.js';
import type { CircuitBuild } from './key-meta.js';
import { WITNESS_BUNDLE, writeWitnessBundle, type LinkedPart } from './witness-bundle.js';

/**
 * A batch circuit in linked form (docs/setup.md, "Linked circuits"): its parts compiled by circom2 as
 * their own mains (the head BatchHead, SlotPart for the first and the other slots, TailPart), and the
 * linked R1CS of `batchSize` slots written to build/circuits/<name>/main.r1cs, with link.json naming
 * the parts (their circuit hashes and the sha256 of their r1cs) and main.linked.bin, the witness bundle
 * a prover computes the witness with (witness-bundle.ts). No compile sees more than one slot, so the
 * size is bounded by the prover's memory, not circom2's 4 GiB.
 */

const BUILD_DIR = fileURLToPath(new URL('../build/circuits/', import.meta.url));
/** Bumped when the linked outputs' layout changes. */
const LINK_LAYOUT = 'linked r1cs + link.json + main.linked.bin: 3';

export const PART_KINDS: readonly PartKind[] = ['head', 'first', 'slot', 'tail'];

export interface LinkedCircuit {
  readonly dir: string;
  readonly r1cs: string;
  /** The witness bundle (main.linked.bin): the linked circuit's `wasm` artifact. */
  readonly wasm: string;
  readonly config: CircuitConfig;
  readonly parts: Readonly<Record<PartKind, CompiledCircuit>>;
  readonly plan: LinkPlan;
  readonly constraints: number;
  /** Hash of the parts' hashes and the batch size: the linked circuit's content hash. */
  readonly hash: string;
}

/** The main component of each part at a configuration's sizes. */
export function partMains({ depth, batchSize, feeSlots }: CircuitConfig): Record<PartKind, TemplateMain> {
  return {
    head: { include: 'batch-head.circom', template: 'BatchHead', params: [depth, batchSize, feeSlots], publicInputs: HEAD_SHARED },
    first: { include: 'batch-parts.circom', template: 'SlotPart', params: [depth, feeSlots, 1], publicInputs: SLOT_SHARED },
    slot: { include: 'batch-parts.circom', template: 'SlotPart', params: [depth, feeSlots, 0], publicInputs: [...SLOT_SHARED, 'withdrawalsHash'] },
    tail: { include: 'batch-parts.circom', template: 'TailPart', params: [depth, batchSize, feeSlots], publicInputs: ['publicInputHash', ...TAIL_SHARED] },
  };
}

/**
 * Each part's inputs that another part also reads (the batch inputs shared, the outputs of other parts),
 * made public in the part's compile: circom never removes a main's public inputs, as it never removes
 * its outputs, so each is a wire to identify. (The linked R1CS has one public input, publicInputHash.)
 * An input one part alone reads stays private, for --O2 to simplify as it does in the whole compile.
 */
const HEAD_SHARED = ['feeAccountTokenId', 'feeAccountBalance', 'feeAccountAx', 'feeAccountAy', 'feeAccountEthAddr'];
const SLOT_SHARED = ['isL1', 'chainId', 'rollupAddress', 'stateRoot', 'l1QueueHash', 'feeTokenId', 'feeActive', 'fromIdx', 'toIdx', 'amountFloat', 'feeFloat'];
const TAIL_SHARED = [
  'chainId', 'rollupAddress', 'oldStateRoot', 'stateRoot', 'l1QueueStartHash', 'l1QueueEndHash', 'withdrawalsHash', 'collectedFee', 'keptDataBits',
  'fromIdx', 'toIdx', 'amountFloat', 'feeFloat', 'feeIdxBits', 'feePacked', 'feeExists', 'feeAccountBalance', 'feeAccountAx', 'feeAccountAy', 'feeAccountEthAddr',
];

/**
 * Compiles the parts (each cached by content like any compile) and links them (cached by their hashes).
 * `partPrefix` names the parts' compiles apart (a mutant's parts, compiled from `options.sourceDir`).
 */
export async function compileLinked(name: string, config: CircuitConfig, options: CompileOptions & { readonly partPrefix?: string } = {}): Promise<LinkedCircuit> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const mains = partMains(config);
  const parts = {} as Record<PartKind, CompiledCircuit>;
  for (const kind of PART_KINDS) {
    const spec = mains[kind];
    parts[kind] = await compileTemplate(`${options.partPrefix ?? ''}part-${spec.template}-${spec.params!.join('-')}${options.substitutions ? '-sub' : ''}`, spec, { ...options, log });
  }
  const hash = createHash('sha256').update(`${LINK_LAYOUT}\0${config.batchSize}\0`)
    .update(PART_KINDS.map((kind) => parts[kind].hash).join('\0')).digest('hex').slice(0, 16);
  const layouts = Object.fromEntries(PART_KINDS.map((kind) => [kind, readPartLayout(kind, parts[kind].r1cs, parts[kind].sym)])) as Record<PartKind, ReturnType<typeof readPartLayout>>;
  const plan = makeLinkPlan(layouts, config.batchSize);
  const dir = join(BUILD_DIR, name);
  const r1cs = join(dir, 'main.r1cs');
  const wasm = join(dir, WITNESS_BUNDLE);
  const linked = (constraints: number): LinkedCircuit => ({ dir, r1cs, wasm, config, parts, plan, constraints, hash });
  const stamped = await readLinkStamp(dir, hash);
  if (stamped !== null && !options.force) return linked(stamped);
  await mkdir(BUILD_DIR, { recursive: true });
  return withLock(join(BUILD_DIR, `${name}.lock`), (line) => log(`circuits: ${line}`), async () => {
    const again = await readLinkStamp(dir, hash);
    if (again !== null && !options.force) return linked(again);
    const started = Date.now();
    const tmp = `${dir}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    const partFiles = Object.fromEntries(PART_KINDS.map((kind) => [kind, parts[kind].r1cs])) as Record<PartKind, string>;
    const { nConstraints } = writeLinkedR1cs(plan, partFiles, join(tmp, 'main.r1cs'));
    const seconds = (Date.now() - started) / 1000;
    const link = {
      form: 'linked',
      config,
      parts: Object.fromEntries(PART_KINDS.map((kind) => [kind, { main: mains[kind], circuitHash: parts[kind].hash, constraints: parts[kind].constraints }])),
    };
    await writeFile(join(tmp, 'link.json'), `${JSON.stringify(link, null, 2)}\n`);
    writeWitnessBundle(join(tmp, WITNESS_BUNDLE), {
      config,
      parts: Object.fromEntries(PART_KINDS.map((kind): [PartKind, LinkedPart] => [kind, { layout: layouts[kind], wasm: readFileSync(parts[kind].wasm) }])) as Record<PartKind, LinkedPart>,
    });
    await writeFile(join(tmp, 'stamp.json'), `${JSON.stringify({ hash, constraints: nConstraints, seconds }, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    log(`circuits: ${name}: linked ${config.batchSize} slots, ${nConstraints} constraints in ${seconds.toFixed(1)} s`);
    return linked(nConstraints);
  });
}

/** What a key's sidecar says of a linked circuit: its parts (proving-kit/key-meta.ts). */
export function linkedBuild(linked: LinkedCircuit): CircuitBuild {
  const mains = partMains(linked.config);
  const parts = Object.fromEntries(PART_KINDS.map((kind) => {
    const { template, params } = mains[kind];
    return [kind, { main: `${template}(${params!.join(', ')})`, circuitHash: linked.parts[kind].hash, r1csSha256: sha256File(linked.parts[kind].r1cs) }];
  }));
  return { form: 'linked', batchSize: linked.config.batchSize, parts };
}

async function readLinkStamp(dir: string, hash: string): Promise<number | null> {
  try {
    const stamp = JSON.parse(await readFile(join(dir, 'stamp.json'), 'utf8')) as { hash: string; constraints: number };
    return stamp.hash === hash && existsSync(join(dir, 'main.r1cs')) && existsSync(join(dir, WITNESS_BUNDLE)) ? stamp.constraints : null;
  } catch {
    return null;
  }
}
