import { buildBatch, type Batch, type CircuitConfig } from '../core/build-batch.js';
import { TxType } from '../core/constants.js';
import { derivePublicKey } from '../core/eddsa.js';
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
 * A full batch of transfers on a state of the circuit's depth, built by core: batch 1 deposits
 * (`deposits`, from `ethAddr`) the 16 senders' accounts #1..#16 and the operator's fee account #17;
 * batch 2 fills every slot with a signed ETH transfer between the senders, paying a fee to #17.
 */
export function transferBatches(circuit: CircuitConfig, domain: RollupDomain = BENCH_DOMAIN, ethAddr = 0x1000n): { deposits: L1Tx[]; first: Batch; second: Batch } {
  const deposits: L1Tx[] = BENCH_KEYS.map(({ ax, ay }, i) => ({ txType: TxType.DEPOSIT, idx: i + 1, tokenId: ETH, amount: DEPOSIT, ethAddr, ax, ay }));
  const base = { circuit, domain, l1QueueStartHash: 0n, l1Txs: [] as L1Tx[], l2Txs: [] as SignedL2Tx[], feeIdx: [] as number[] };
  const state = new RollupState(circuit.depth);
  const first = buildBatch(state, { ...base, batchNumber: 1n, l1Txs: deposits });
  first.state.merge();
  const l2Txs = Array.from({ length: circuit.batchSize }, (_, k) => {
    const from = k % SENDERS;
    const tx = { fromIdx: from + 1, toIdx: ((from + 1) % SENDERS) + 1, amount: 10n ** 15n, fee: 2n * 10n ** 14n, nonce: BigInt(Math.floor(k / SENDERS)), tokenId: ETH };
    return signL2Tx(BENCH_KEYS[from]!.privateKey, tx, domain);
  });
  const second = buildBatch(state, { ...base, batchNumber: 2n, l1QueueStartHash: first.l1QueueEndHash, l2Txs, feeIdx: [SENDERS + 1] });
  return { deposits, first, second };
}
