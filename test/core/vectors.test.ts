import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, test } from 'vitest';
import { accountLeafHash, packAccount } from '../../core/account.js';
import { TxType } from '../../core/constants.js';
import { l1QueueHashes, packL1Tx } from '../../core/l1-queue.js';
import { l2TxHash, packL2Tx } from '../../core/l2-tx-hash.js';
import { publicInputHash, publicInputPreimage } from '../../core/public-input.js';
import { txDataOf } from '../../core/tx-data.js';
import { encodeWithdrawals, withdrawalsHash } from '../../core/withdrawals.js';

/**
 * test/vectors/protocol.json is written by scripts/gen-vectors-protocol.ts from circomlibjs Poseidon and
 * node:crypto sha256 only, so these cases check core against an implementation it shares nothing with.
 */
type Decimal = string;
interface Vectors {
  accountLeaf: Array<{
    account: Record<'tokenId' | 'nonce' | 'balance' | 'ax' | 'ay' | 'ethAddr', Decimal>;
    packed: Decimal;
    hash: Decimal;
  }>;
  l1Queue: Array<{
    tx: { txType: number; idx: number } & Record<'tokenId' | 'amount' | 'ethAddr' | 'ax' | 'ay', Decimal>;
    packed: Decimal;
    hashAfter: Decimal;
  }>;
  withdrawals: Array<{ record: Record<'ethAddr' | 'tokenId' | 'amount', Decimal>; bytes: string; hashAfter: Decimal }>;
  l2TxHash: {
    domain: Record<'chainId' | 'rollupAddress', Decimal>;
    tx: { fromIdx: number; toIdx: number } & Record<'amount' | 'fee' | 'nonce' | 'tokenId', Decimal>;
    amountFloat: number;
    feeFloat: number;
    packed: Decimal;
    hash: Decimal;
  };
  publicInput: {
    statement: Record<'chainId' | 'rollupAddress' | 'batchNumber' | 'oldStateRoot' | 'newStateRoot', Decimal> &
      Record<'l1QueueStartHash' | 'l1QueueEndHash' | 'withdrawalsHash', Decimal> & { feeIdx: number[]; txData: string };
    preimage: string;
    hash: Decimal;
  };
}

const vectors = JSON.parse(readFileSync(new URL('../vectors/protocol.json', import.meta.url), 'utf8')) as Vectors;

/** Decimal strings to bigints, numbers kept. */
function big<T extends Record<string, unknown>>(record: T): { [K in keyof T]: T[K] extends string ? bigint : T[K] } {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? BigInt(v) : v])) as never;
}


describe('protocol vectors', () => {
  test.each(vectors.accountLeaf.map((v, i) => ({ i, ...v })))('account leaf $i: packAccount and accountLeafHash', (v) => {
    const account = big(v.account);
    expect(packAccount(account)).toBe(BigInt(v.packed));
    expect(accountLeafHash(account)).toBe(BigInt(v.hash));
  });

  test('L1 queue chain of 3 txs: packL1Tx and l1QueueHashes', () => {
    const txs = vectors.l1Queue.map((v) => ({ ...big(v.tx), txType: v.tx.txType as typeof TxType.DEPOSIT }));
    expect(txs.map(packL1Tx)).toEqual(vectors.l1Queue.map((v) => BigInt(v.packed)));
    expect(l1QueueHashes(txs)).toEqual(vectors.l1Queue.map((v) => BigInt(v.hashAfter)));
  });

  test('withdrawals chain of 2 records: encodeWithdrawals and withdrawalsHash', () => {
    const records = vectors.withdrawals.map((v) => big(v.record));
    expect(bytesToHex(encodeWithdrawals(records))).toBe(vectors.withdrawals.map((v) => v.bytes).join(''));
    records.forEach((_, i) => {
      expect(withdrawalsHash(records.slice(0, i + 1))).toBe(BigInt(vectors.withdrawals[i]!.hashAfter));
    });
  });

  test('l2TxHash: float encoding, packL2Tx and the hash', () => {
    const v = vectors.l2TxHash;
    const tx = big(v.tx);
    expect(txDataOf(tx)).toMatchObject({ amountFloat: v.amountFloat, feeFloat: v.feeFloat });
    expect(packL2Tx(tx)).toBe(BigInt(v.packed));
    expect(l2TxHash(tx, big(v.domain))).toBe(BigInt(v.hash));
  });

  test('public input: preimage bytes and hash of a fixed statement', () => {
    const { statement: s, preimage, hash } = vectors.publicInput;
    const statement = {
      ...big({
        batchNumber: s.batchNumber,
        oldStateRoot: s.oldStateRoot,
        newStateRoot: s.newStateRoot,
        l1QueueStartHash: s.l1QueueStartHash,
        l1QueueEndHash: s.l1QueueEndHash,
        withdrawalsHash: s.withdrawalsHash,
      }),
      domain: big({ chainId: s.chainId, rollupAddress: s.rollupAddress }),
      feeIdx: s.feeIdx,
      txData: hexToBytes(s.txData),
    };
    expect(bytesToHex(publicInputPreimage(statement))).toBe(preimage);
    expect(publicInputHash(statement)).toBe(BigInt(hash));
  });
});
