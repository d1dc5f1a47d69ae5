import { concatBytes, fromBytesBE, toBytesBE } from '../core/bits.js';
import { L2_TX_BYTES, WITHDRAWAL_BYTES } from '../core/constants.js';
import { ModuloError } from '../core/errors.js';

/**
 * commitAndProveBatches' `batches` argument: commitBatch's arguments of each batch, packed without the ABI's
 * padding (docs/protocol.md §9; contracts/PackedSettlement.sol reads it): circuitId, l1TxCount, l2TxCount and
 * withdrawalCount (4 bytes each, big-endian), newStateRoot (32), the circuit's fee idx (4 bytes each), the L2
 * slots' data (12 bytes each) and the withdrawal records (40 bytes each). The sequencer encodes it; the auditor
 * decodes it, knowing each circuit's fee slots from the contract.
 */
export interface PackedBatch {
  readonly circuitId: number;
  readonly newStateRoot: bigint;
  readonly l1TxCount: number;
  readonly feeIdx: readonly number[];
  readonly txData: Uint8Array;
  readonly withdrawals: Uint8Array;
}

/** circuitId, l1TxCount, l2TxCount, withdrawalCount (4 bytes each) and newStateRoot (32). */
export const PACKED_HEAD_BYTES = 48;
const U32 = 4;

export function encodePackedBatches(batches: readonly PackedBatch[]): Uint8Array {
  return concatBytes(batches.flatMap((b) => {
    if (b.txData.length % L2_TX_BYTES !== 0 || b.withdrawals.length % WITHDRAWAL_BYTES !== 0) {
      throw new Error(`invariant: batch data of ${b.txData.length} bytes or withdrawals of ${b.withdrawals.length} bytes are not whole records`);
    }
    const u32 = (v: number) => toBytesBE(BigInt(v), U32);
    return [
      u32(b.circuitId), u32(b.l1TxCount), u32(b.txData.length / L2_TX_BYTES), u32(b.withdrawals.length / WITHDRAWAL_BYTES),
      toBytesBE(b.newStateRoot, 32), ...b.feeIdx.map(u32), b.txData, b.withdrawals,
    ];
  }));
}

/** The batches of `packed`; `feeSlotsOf(circuitId)` gives each circuit's fee slots (undefined: not registered). */
export function decodePackedBatches(packed: Uint8Array, feeSlotsOf: (circuitId: number) => number | undefined): PackedBatch[] {
  const out: PackedBatch[] = [];
  let at = 0;
  const take = (n: number) => {
    if (at + n > packed.length) throw new ModuloError('CALLDATA_UNREADABLE', `packed batches end inside a record (${at + n} > ${packed.length} bytes)`);
    at += n;
    return packed.subarray(at - n, at);
  };
  const u32 = () => Number(fromBytesBE(take(U32)));
  while (at < packed.length) {
    const circuitId = u32();
    const l1TxCount = u32();
    const l2TxCount = u32();
    const withdrawalCount = u32();
    const newStateRoot = fromBytesBE(take(32));
    const feeSlots = feeSlotsOf(circuitId);
    if (feeSlots === undefined) throw new ModuloError('CALLDATA_UNREADABLE', `packed batch of unknown circuit ${circuitId}`, { circuitId });
    const feeIdx = Array.from({ length: feeSlots }, u32);
    out.push({ circuitId, newStateRoot, l1TxCount, feeIdx, txData: take(l2TxCount * L2_TX_BYTES), withdrawals: take(withdrawalCount * WITHDRAWAL_BYTES) });
  }
  return out;
}
