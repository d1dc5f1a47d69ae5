import { sha256 } from '@noble/hashes/sha2.js';
import { BATCH_NUMBER_BITS, CHAIN_ID_BITS, IDX_BITS, L2_TX_BYTES } from './constants.js';
import { assertBits, concatBytes, fromBytesBE, toBytesBE } from './bits.js';
import { assertDomain } from './domain.js';
import { ModuloError } from './errors.js';
import { FIELD_MODULUS } from './field.js';
import { assertIdx, type RollupDomain } from './tx.js';

/** Everything the contract checks about a batch (docs/protocol.md §8). */
export interface BatchStatement {
  readonly domain: RollupDomain;
  readonly batchNumber: bigint;
  readonly oldStateRoot: bigint;
  readonly newStateRoot: bigint;
  readonly l1QueueStartHash: bigint;
  readonly l1QueueEndHash: bigint;
  readonly withdrawalsHash: bigint;
  readonly feeIdx: readonly number[];
  /** batchSize * 12 bytes: every slot's data, zeros for L1 slots and padding. */
  readonly txData: Uint8Array;
}

function field32(value: bigint, what: string): Uint8Array {
  if (value < 0n || value >= FIELD_MODULUS) {
    throw new ModuloError('NOT_IN_FIELD', `${what} is not a field element: ${value}`);
  }
  return toBytesBE(value, 32);
}

export function publicInputPreimage(s: BatchStatement): Uint8Array {
  assertDomain(s.domain);
  assertBits(s.batchNumber, BATCH_NUMBER_BITS, 'batchNumber');
  if (s.txData.length % L2_TX_BYTES !== 0) {
    throw new ModuloError('MALFORMED', `txData length ${s.txData.length} is not a multiple of ${L2_TX_BYTES}`);
  }
  return concatBytes([
    toBytesBE(s.domain.chainId, CHAIN_ID_BITS / 8),
    toBytesBE(s.domain.rollupAddress, 20),
    toBytesBE(s.batchNumber, BATCH_NUMBER_BITS / 8),
    field32(s.oldStateRoot, 'oldStateRoot'),
    field32(s.newStateRoot, 'newStateRoot'),
    field32(s.l1QueueStartHash, 'l1QueueStartHash'),
    field32(s.l1QueueEndHash, 'l1QueueEndHash'),
    field32(s.withdrawalsHash, 'withdrawalsHash'),
    ...s.feeIdx.map((idx) => {
      assertIdx(idx, 'feeIdx');
      return toBytesBE(BigInt(idx), IDX_BITS / 8);
    }),
    s.txData,
  ]);
}

/** The circuit's one public input: uint256(sha256(preimage)) mod r. */
export function publicInputHash(s: BatchStatement): bigint {
  return fromBytesBE(sha256(publicInputPreimage(s))) % FIELD_MODULUS;
}
