import { buildBatch, type Batch, type CircuitConfig } from '../core/build-batch.js';
import { TxType } from '../core/constants.js';
import { derivePublicKey } from '../core/eddsa.js';
import { ModuloError } from '../core/errors.js';
import { signL2Tx } from '../core/l2-tx-hash.js';
import { RollupState } from '../core/rollup-state.js';
import type { L1Tx, RollupDomain, SignedL2Tx } from '../core/tx.js';

export const BENCH_DOMAIN: RollupDomain = { chainId: 31337n, rollupAddress: 0x5fbdb2315678afecb367f032d93f642f64180aa3n };
const SENDERS = 16;
const ETH = 0n;
export const DEPOSIT = 10n ** 18n;

/** The keys of the accounts #1..#17: 16 senders, then the operator's fee account. */
export const BENCH_KEYS = Array.from({ length: SENDERS + 1 }, (_, i) => {
  const privateKey = new Uint8Array(32).fill(i + 1);
  return { privateKey, ...derivePublicKey(privateKey) };
});

/**
 * Full batches of transfers on a state of the circuit's depth, built by core: batch 1 deposits
 * (`deposits`, from `ethAddr`) the 16 senders' accounts #1..#16 and the operator's fee account #17;
 * batches 2..count+1 (`transfers`; `second` is the first of them) fill every slot with a signed ETH
 * transfer between the senders, paying a fee to #17, each on the state the one before it left (the
 * senders' nonces and balances carry over; a deposit pays for about 800 transfers of its sender).
 */
export function transferBatches(circuit: CircuitConfig, domain: RollupDomain = BENCH_DOMAIN, ethAddr = 0x1000n, count = 1):
  { deposits: L1Tx[]; first: Batch; second: Batch; transfers: Batch[] } {
  const deposits: L1Tx[] = BENCH_KEYS.map(({ ax, ay }, i) => ({ txType: TxType.DEPOSIT, idx: i + 1, tokenId: ETH, amount: DEPOSIT, ethAddr, ax, ay }));
  const base = { circuit, domain, l1QueueStartHash: 0n, l1Txs: [] as L1Tx[], l2Txs: [] as SignedL2Tx[], feeIdx: [] as number[] };
  const state = new RollupState(circuit.depth);
  const first = buildBatch(state, { ...base, batchNumber: 1n, l1Txs: deposits });
  first.state.merge();
  const nonces = Array.from({ length: SENDERS }, () => 0n);
  const transfers: Batch[] = [];
  for (let b = 0; b < count; b++) {
    const l2Txs = Array.from({ length: circuit.batchSize }, (_, k) => {
      const from = k % SENDERS;
      const tx = { fromIdx: from + 1, toIdx: ((from + 1) % SENDERS) + 1, amount: 10n ** 15n, fee: 2n * 10n ** 14n, nonce: nonces[from]!++, tokenId: ETH };
      return signL2Tx(BENCH_KEYS[from]!.privateKey, tx, domain);
    });
    const batch = buildBatch(state, { ...base, batchNumber: BigInt(b + 2), l1QueueStartHash: first.l1QueueEndHash, l2Txs, feeIdx: [SENDERS + 1] });
    batch.state.merge();
    transfers.push(batch);
  }
  return { deposits, first, second: transfers[0]!, transfers };
}

/**
 * The settlements BENCH_LINKED_SETTLE_BATCHES names, in order: a comma-separated list of how many full
 * transfer batches each settles in one commitAndProveBatches (default "1": one batch alone).
 */
export function settlementSizes(value = process.env.BENCH_LINKED_SETTLE_BATCHES): number[] {
  const sizes = (value ?? '1').split(',').map((v) => Number(v.trim()));
  if (sizes.length === 0 || sizes.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new ModuloError('USAGE', `BENCH_LINKED_SETTLE_BATCHES=${value}: a comma-separated list of batch counts, each at least 1`);
  }
  return sizes;
}
