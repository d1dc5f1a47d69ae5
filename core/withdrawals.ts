import { AMOUNT_BITS, ETH_ADDR_BITS, TOKEN_BITS, WITHDRAWAL_BYTES } from './constants.js';
import { assertBits, concatBytes, fromBytesBE, packFields, toBytesBE } from './bits.js';
import { ModuloError } from './errors.js';
import { poseidon } from './poseidon.js';

/** A withdrawal a batch emits, credited to `ethAddr` on L1 when the batch finalizes (docs/protocol.md §7). */
export interface Withdrawal {
  readonly ethAddr: bigint;
  readonly tokenId: bigint;
  readonly amount: bigint;
}

export const WITHDRAWALS_GENESIS_HASH = 0n;

function assertWithdrawal(w: Withdrawal): void {
  assertBits(w.ethAddr, ETH_ADDR_BITS, 'ethAddr');
  assertBits(w.tokenId, TOKEN_BITS, 'tokenId');
  assertBits(w.amount, AMOUNT_BITS, 'amount');
  if (w.amount === 0n) throw new ModuloError('MALFORMED', 'a withdrawal record has a non-zero amount');
}

/** withdrawalsHash = Poseidon(withdrawalsHash, ethAddr, tokenId | amount << 32), from 0 (docs/protocol.md §7). */
export function nextWithdrawalsHash(previous: bigint, w: Withdrawal): bigint {
  assertWithdrawal(w);
  return poseidon([previous, w.ethAddr, packFields([[w.tokenId, TOKEN_BITS], [w.amount, AMOUNT_BITS]])]);
}

export function withdrawalsHash(list: readonly Withdrawal[]): bigint {
  return list.reduce(nextWithdrawalsHash, WITHDRAWALS_GENESIS_HASH);
}

/** ethAddr(20) | tokenId(4) | amount(16) per record: the commitBatch calldata. */
export function encodeWithdrawals(list: readonly Withdrawal[]): Uint8Array {
  return concatBytes(
    list.flatMap((w) => {
      assertWithdrawal(w);
      return [toBytesBE(w.ethAddr, 20), toBytesBE(w.tokenId, 4), toBytesBE(w.amount, 16)];
    }),
  );
}

export function decodeWithdrawals(bytes: Uint8Array): Withdrawal[] {
  if (bytes.length % WITHDRAWAL_BYTES !== 0) {
    throw new ModuloError('MALFORMED', `withdrawals length ${bytes.length} is not a multiple of ${WITHDRAWAL_BYTES}`);
  }
  const out: Withdrawal[] = [];
  for (let i = 0; i < bytes.length; i += WITHDRAWAL_BYTES) {
    const w = {
      ethAddr: fromBytesBE(bytes.subarray(i, i + 20)),
      tokenId: fromBytesBE(bytes.subarray(i + 20, i + 24)),
      amount: fromBytesBE(bytes.subarray(i + 24, i + 40)),
    };
    assertWithdrawal(w);
    out.push(w);
  }
  return out;
}
