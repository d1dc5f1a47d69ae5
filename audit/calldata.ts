import { getBytes, type JsonRpcProvider } from 'ethers';
import type { Groth16Proof } from '../proving-kit/ffjs.js';
import { ModuloError } from '../core/errors.js';
import { rollupInterface } from '../l1/rollup-abi.js';
import { decodePackedBatches, type PackedBatch } from '../l1/settlement-calldata.js';

/** commitBatch's arguments as published in the committing tx's calldata. */
export interface CommitCalldata {
  readonly circuitId: number;
  readonly batchNumber: number;
  readonly newStateRoot: bigint;
  readonly l1TxCount: number;
  readonly feeIdx: readonly number[];
  readonly txData: Uint8Array;
  readonly withdrawals: Uint8Array;
}

type Decoded = { name: string; args: { getValue(name: string): unknown } };

async function decodeCall(provider: JsonRpcProvider, txHash: string, rollup: string): Promise<Decoded> {
  const tx = await provider.getTransaction(txHash);
  if (tx === null) throw new ModuloError('L1_UNREACHABLE', `the L1 node does not return tx ${txHash}`);
  if (tx.to?.toLowerCase() !== rollup.toLowerCase()) {
    throw new ModuloError('CALLDATA_UNREADABLE', `tx ${txHash} calls ${tx.to}, not the rollup: its calldata cannot be read without tracing`, { txHash, to: tx.to });
  }
  const parsed = rollupInterface.parseTransaction({ data: tx.data, value: tx.value });
  if (parsed === null) throw new ModuloError('CALLDATA_UNREADABLE', `tx ${txHash}: calldata is not a Rollup call`, { txHash });
  return parsed;
}

/** The index of `batchNumber` in a settlement call that starts at `firstBatch` and holds `count` batches. */
function indexIn(call: Decoded, txHash: string, batchNumber: number, count: number): number {
  const i = batchNumber - Number(call.args.getValue('firstBatch'));
  if (i < 0 || i >= count) throw new ModuloError('CALLDATA_UNREADABLE', `tx ${txHash} (${call.name}) does not carry batch ${batchNumber}`, { txHash, batchNumber });
  return i;
}

/** Every batch a commitAndProveBatches tx carries, from firstBatch on; `feeSlotsOf` gives each circuit's fee slots. */
export async function settlementCalldata(provider: JsonRpcProvider, rollup: string, txHash: string, feeSlotsOf: (circuitId: number) => number | undefined): Promise<CommitCalldata[]> {
  const call = await decodeCall(provider, txHash, rollup);
  if (call.name !== 'commitAndProveBatches') throw new ModuloError('CALLDATA_UNREADABLE', `tx ${txHash} is ${call.name}, not commitAndProveBatches`, { txHash });
  const firstBatch = Number(call.args.getValue('firstBatch'));
  return decodePackedBatches(getBytes(call.args.getValue('batches') as string), feeSlotsOf).map((b: PackedBatch, i) => ({ ...b, batchNumber: firstBatch + i }));
}

/**
 * The commit arguments of `batchNumber`, from the calldata of the tx that committed it: commitBatch, or one
 * entry of commitAndProveBatches.
 */
export async function commitCalldata(provider: JsonRpcProvider, rollup: string, txHash: string, batchNumber: number, feeSlotsOf: (circuitId: number) => number | undefined = () => undefined): Promise<CommitCalldata> {
  const call = await decodeCall(provider, txHash, rollup);
  if (call.name === 'commitAndProveBatches') {
    const batches = await settlementCalldata(provider, rollup, txHash, feeSlotsOf);
    return batches[indexIn(call, txHash, batchNumber, batches.length)]!;
  }
  if (call.name !== 'commitBatch') throw new ModuloError('CALLDATA_UNREADABLE', `tx ${txHash} is ${call.name}, not a commit`, { txHash });
  return commitOf(call.args, Number(call.args.getValue('batchNumber')));
}

function commitOf(a: { getValue(name: string): unknown }, batchNumber: number): CommitCalldata {
  return {
    circuitId: Number(a.getValue('circuitId')),
    batchNumber,
    newStateRoot: BigInt(a.getValue('newStateRoot') as bigint),
    l1TxCount: Number(a.getValue('l1TxCount')),
    feeIdx: (a.getValue('feeIdx') as bigint[]).map(Number),
    txData: getBytes(a.getValue('txData') as string),
    withdrawals: getBytes(a.getValue('withdrawals') as string),
  };
}

type SolidityProof = { a: bigint[]; b: bigint[][]; c: bigint[] };

/**
 * The proof that finalized `batchNumber`, as snarkjs' proof.json, from the calldata of the settling tx:
 * the batch's entry of proveBatches or commitAndProveBatches.
 */
export async function proofCalldata(provider: JsonRpcProvider, rollup: string, txHash: string, batchNumber: number): Promise<Groth16Proof> {
  const call = await decodeCall(provider, txHash, rollup);
  let p: SolidityProof;
  if (call.name === 'proveBatches' || call.name === 'commitAndProveBatches') {
    const proofs = call.args.getValue('proofs') as SolidityProof[];
    p = proofs[indexIn(call, txHash, batchNumber, proofs.length)]!;
  } else {
    throw new ModuloError('CALLDATA_UNREADABLE', `tx ${txHash} is ${call.name}, not a proof`, { txHash });
  }
  const s = (v: bigint | undefined) => String(v ?? 0n);
  // IRollup.Proof orders B's Fp2 coordinates as the Solidity verifier wants them: swapped from snarkjs'.
  return {
    pi_a: [s(p.a[0]), s(p.a[1]), '1'],
    pi_b: [[s(p.b[0]![1]), s(p.b[0]![0])], [s(p.b[1]![1]), s(p.b[1]![0])], ['1', '0']],
    pi_c: [s(p.c[0]), s(p.c[1]), '1'],
    protocol: 'groth16',
    curve: 'bn128',
  };
}
