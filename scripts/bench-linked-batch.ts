import { buildBatch, type CircuitConfig } from '../core/build-batch.js';
import { circuitInputToJson } from '../core/circuit-input.js';
import { TxType } from '../core/constants.js';
import { derivePublicKey } from '../core/eddsa.js';
import { signL2Tx } from '../core/l2-tx-hash.js';
import { RollupState } from '../core/rollup-state.js';
import type { L1Tx, RollupDomain, SignedL2Tx } from '../core/tx.js';

const DOMAIN: RollupDomain = { chainId: 31337n, rollupAddress: 0x5fbdb2315678afecb367f032d93f642f64180aa3n };
const SENDERS = 16;
const ETH = 0n;

/**
 * A full batch of transfers on a state of the circuit's depth, built by core: batch 1 deposits
 * SENDERS accounts (#1..#16) and the operator's fee account (#17); batch 2, whose circuit input this
 * returns, fills every slot with a signed ETH transfer between them, paying a fee to #17.
 */
export function transferBatch(circuit: CircuitConfig): { input: Record<string, unknown>; publicInputHash: bigint; transfers: number } {
  const keys = Array.from({ length: SENDERS + 1 }, (_, i) => new Uint8Array(32).fill(i + 1));
  const deposit = (i: number): L1Tx => {
    const { ax, ay } = derivePublicKey(keys[i]!);
    return { txType: TxType.DEPOSIT, idx: i + 1, tokenId: ETH, amount: 10n ** 18n, ethAddr: 0x1000n + BigInt(i + 1), ax, ay };
  };
  const base = { circuit, domain: DOMAIN, l1QueueStartHash: 0n, l1Txs: [] as L1Tx[], l2Txs: [] as SignedL2Tx[], feeIdx: [] as number[] };
  const state = new RollupState(circuit.depth);
  const first = buildBatch(state, { ...base, batchNumber: 1n, l1Txs: keys.map((_, i) => deposit(i)) });
  first.state.merge();
  const l2Txs = Array.from({ length: circuit.batchSize }, (_, k) => {
    const from = k % SENDERS;
    const tx = { fromIdx: from + 1, toIdx: ((from + 1) % SENDERS) + 1, amount: 10n ** 15n, fee: 2n * 10n ** 14n, nonce: BigInt(Math.floor(k / SENDERS)), tokenId: ETH };
    return signL2Tx(keys[from]!, tx, DOMAIN);
  });
  const second = buildBatch(state, { ...base, batchNumber: 2n, l1QueueStartHash: first.l1QueueEndHash, l2Txs, feeIdx: [SENDERS + 1] });
  return { input: circuitInputToJson(second.circuitInput), publicInputHash: second.publicInputHash, transfers: l2Txs.length };
}
