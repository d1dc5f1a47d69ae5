import { buildBatch, type CircuitConfig } from '../core/build-batch.js';
import { circuitInputToJson } from '../core/circuit-input.js';
import { TxType } from '../core/constants.js';
import { derivePublicKey } from '../core/eddsa.js';
import { signL2Tx } from '../core/l2-tx-hash.js';
import { RollupState } from '../core/rollup-state.js';
import type { L1Tx, RollupDomain } from '../core/tx.js';

const DOMAIN: RollupDomain = { chainId: 31337n, rollupAddress: 0x5fbdb2315678afecb367f032d93f642f64180aa3n };

/** A batch with a deposit and a signed transfer on top of two funded accounts: the input of batch 2. */
export function sampleBatchInput(circuit: CircuitConfig): Record<string, unknown> {
  const keys = [1, 2].map((seed) => new Uint8Array(32).fill(seed));
  const deposit = (i: number, idx: number): L1Tx => {
    const { ax, ay } = derivePublicKey(keys[i]!);
    return { txType: TxType.DEPOSIT, idx, tokenId: 0n, amount: 10n ** 18n, ethAddr: 0x1000n + BigInt(idx), ax, ay };
  };
  const base = { circuit, domain: DOMAIN, l1QueueStartHash: 0n, l2Txs: [], feeIdx: [] };
  const state = new RollupState(circuit.depth);
  const first = buildBatch(state, { ...base, batchNumber: 1n, l1Txs: [deposit(0, 1), deposit(1, 2)] });
  first.state.merge();
  const transfer = signL2Tx(keys[0]!, { fromIdx: 1, toIdx: 2, amount: 10n ** 17n, fee: 0n, nonce: 0n, tokenId: 0n }, DOMAIN);
  const l1Txs = circuit.batchSize > 1 ? [deposit(1, 3)] : [];
  const second = buildBatch(state, { ...base, batchNumber: 2n, l1QueueStartHash: first.l1QueueEndHash, l1Txs, l2Txs: [transfer] });
  return circuitInputToJson(second.circuitInput);
}
