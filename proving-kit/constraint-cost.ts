import { L2_TX_BYTES } from '../core/constants.js';
import type { CircuitConfig } from '../core/build-batch.js';
import { publicInputPreimage } from '../core/public-input.js';
import { compileCircuit, compileTemplate, type CompileOptions, type TemplateMain } from './compile.js';

/**
 * Constraints per transfer, measured from compiles (docs/benchmarks.md, "circuits: constraints per
 * transfer"). One more tx slot adds the slot itself, its part of the batch glue and 96 bits to the
 * public-input sha256, which grows in 512-bit blocks: two batch sizes SLOT_STEP apart (16 slots = 1,536
 * bits = exactly 3 blocks) differ by SLOT_STEP slots and their fair share of sha256, whatever the
 * header's length. The smallest such pair is batch sizes 1 and 1 + SLOT_STEP.
 */

const SHA256_BLOCK_BITS = 512;
/** sha256 pads with a 1 bit and a 64-bit length: a message of n bits takes ceil((n + 65) / 512) blocks. */
const SHA256_PADDING_BITS = 65;
const SLOT_BITS = 8 * L2_TX_BYTES;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
/** The fewest slots whose tx data fills whole sha256 blocks: 16 (96-bit slots, 512-bit blocks). */
export const SLOT_STEP = SHA256_BLOCK_BITS / gcd(SLOT_BITS, SHA256_BLOCK_BITS);

/** Bits of the public-input preimage of a batch of this configuration (core's publicInputPreimage). */
export function preimageBits({ batchSize, feeSlots }: CircuitConfig): number {
  const zero = { domain: { chainId: 0n, rollupAddress: 0n }, batchNumber: 0n, oldStateRoot: 0n, newStateRoot: 0n };
  const statement = { ...zero, l1QueueStartHash: 0n, l1QueueEndHash: 0n, withdrawalsHash: 0n };
  return 8 * publicInputPreimage({ ...statement, feeIdx: new Array<number>(feeSlots).fill(0), txData: new Uint8Array(batchSize * L2_TX_BYTES) }).length;
}

export function sha256Blocks(messageBits: number): number {
  return Math.ceil((messageBits + SHA256_PADDING_BITS) / SHA256_BLOCK_BITS);
}

export interface PerTransfer {
  readonly smaller: { readonly batchSize: number; readonly constraints: number; readonly sha256Blocks: number };
  readonly larger: { readonly batchSize: number; readonly constraints: number; readonly sha256Blocks: number };
  /** (larger - smaller) / SLOT_STEP: a slot with its part of the glue and its fair share of sha256. */
  readonly perTransfer: number;
}

/** Compiles the batch circuit at depth and fee slots of `config` with 1 and 1 + SLOT_STEP slots. */
export async function measurePerTransfer(name: string, config: CircuitConfig, options: CompileOptions = {}): Promise<PerTransfer> {
  const sized = async (batchSize: number) => {
    const sizes = { ...config, batchSize };
    const { constraints } = await compileCircuit(`${name}-batch${batchSize}`, { ...options, config: sizes });
    return { batchSize, constraints, sha256Blocks: sha256Blocks(preimageBits(sizes)) };
  };
  const smaller = await sized(1);
  const larger = await sized(1 + SLOT_STEP);
  return { smaller, larger, perTransfer: (larger.constraints - smaller.constraints) / SLOT_STEP };
}

/**
 * Constraints of circomlib's Sha256 per SLOT_STEP slots of tx data, divided by SLOT_STEP: the two
 * templates hash the messages of batch sizes 1 and 1 + SLOT_STEP of `config`.
 */
export async function measureSha256Share(config: CircuitConfig, options: CompileOptions = {}): Promise<{ perBlock: number; perSlot: number }> {
  const counts: number[] = [];
  for (const batchSize of [1, 1 + SLOT_STEP]) {
    const bits = preimageBits({ ...config, batchSize });
    const spec: TemplateMain = { include: 'circomlib/circuits/sha256/sha256.circom', template: 'Sha256', params: [bits] };
    counts.push((await compileTemplate(`template-Sha256-${bits}`, spec, options)).constraints);
  }
  const added = counts[1]! - counts[0]!;
  const blocks = (SLOT_STEP * SLOT_BITS) / SHA256_BLOCK_BITS;
  return { perBlock: added / blocks, perSlot: added / SLOT_STEP };
}
