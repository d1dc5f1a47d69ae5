import { Contract, JsonRpcProvider, toQuantity, Transaction, Wallet } from 'ethers';
import { rollupInterface } from '../../l1/rollup-abi.js';
import { decodeL1TxQueued, rollupEventTopic } from '../../l1/rollup-events.js';
import {
  InvalidProofRevert, type CommittedBatch, type FeeQuote, type L1Client, type L1Receipt, type QueuedL1TxEvent, type RegisteredCircuit, type RollupCall,
  type RollupChainState, type SignedL1Tx,
} from './l1-client.js';
import { solidityProof } from './proof-calldata.js';
import { fromHex, toHex } from '../../core/bits.js';
import { encodePackedBatches } from '../../l1/settlement-calldata.js';

export interface EthersL1Options {
  readonly rpcUrl: string;
  readonly privateKey: string;
  readonly rollupAddress: string;
  readonly chainId: bigint;
  /** Polling interval of the provider, ms (Hardhat: small). */
  readonly pollingIntervalMs?: number;
}

/** A log as eth_getLogs returns it. */
interface RawLog {
  readonly topics: string[];
  readonly data: string;
  readonly blockNumber: string;
  readonly blockHash: string;
  readonly transactionHash: string;
  readonly removed?: boolean;
}

/** Errors a node returns for a tx it already has: broadcasting the same signed tx again is fine. */
const ALREADY_KNOWN = /already known|known transaction|already imported|nonce too low|transaction already exists/i;

/**
 * L1Client over ethers 6 JSON-RPC, against the Rollup contract. Chain reads that must reflect a reorg
 * at once (head, block hashes, logs, receipts, nonces) go to the node as raw JSON-RPC: ethers' provider
 * methods may answer them from a short-lived cache.
 */
export class EthersL1Client implements L1Client {
  readonly provider: JsonRpcProvider;
  readonly wallet: Wallet;
  readonly rollup: Contract;
  readonly #address: string;
  readonly #chainId: bigint;

  constructor(o: EthersL1Options) {
    this.provider = new JsonRpcProvider(o.rpcUrl, Number(o.chainId), { staticNetwork: true, pollingInterval: o.pollingIntervalMs ?? 1000 });
    this.wallet = new Wallet(o.privateKey, this.provider);
    this.#address = o.rollupAddress;
    this.#chainId = o.chainId;
    this.rollup = new Contract(o.rollupAddress, rollupInterface, this.provider);
  }

  /** Asked of the node every time (ethers' getBlockNumber may answer from a short cache). */
  async head(): Promise<number> {
    return Number(await this.provider.send('eth_blockNumber', []));
  }

  async blockHash(number: number): Promise<string | null> {
    const block = await this.provider.send('eth_getBlockByNumber', [toQuantity(number), false]) as { hash: string } | null;
    return block?.hash ?? null;
  }

  async queuedL1Txs(fromBlock: number, toBlock: number): Promise<QueuedL1TxEvent[]> {
    const logs = await this.provider.send('eth_getLogs', [
      { address: this.#address, topics: [rollupEventTopic('L1TxQueued')], fromBlock: toQuantity(fromBlock), toBlock: toQuantity(toBlock) },
    ]) as RawLog[];
    return logs.filter((log) => !log.removed).map((log) => this.#l1TxOf(log)).sort((a, b) => a.queueIndex - b.queueIndex);
  }

  async rollupState(): Promise<RollupChainState> {
    const [committed, finalized, length] = await Promise.all([
      this.rollup.getFunction('lastCommittedBatch')(),
      this.rollup.getFunction('lastFinalizedBatch')(),
      this.rollup.getFunction('l1QueueLength')(),
    ]);
    return { lastCommittedBatch: Number(committed), lastFinalizedBatch: Number(finalized), l1QueueLength: Number(length) };
  }

  async committedBatch(batchNumber: number): Promise<CommittedBatch> {
    const b = (await this.rollup.getFunction('batch')(batchNumber)) as { publicInputHash: bigint; newStateRoot: bigint };
    return { publicInputHash: b.publicInputHash, newStateRoot: b.newStateRoot };
  }

  async circuits(): Promise<RegisteredCircuit[]> {
    const count = Number(await this.rollup.getFunction('circuitCount')());
    const out: RegisteredCircuit[] = [];
    for (let id = 0; id < count; id++) {
      const c = (await this.rollup.getFunction('circuit')(id)) as { batchSize: bigint; feeSlots: bigint };
      out.push({ id, batchSize: Number(c.batchSize), feeSlots: Number(c.feeSlots) });
    }
    return out;
  }

  async nonce(tag: 'latest' | 'pending'): Promise<number> {
    return Number(await this.provider.send('eth_getTransactionCount', [this.wallet.address, tag]));
  }

  async feeQuote(): Promise<FeeQuote> {
    const data = await this.provider.getFeeData();
    const priority = data.maxPriorityFeePerGas ?? 1_000_000_000n;
    return { maxFeePerGas: data.maxFeePerGas ?? (data.gasPrice ?? 0n) * 2n + priority, maxPriorityFeePerGas: priority };
  }

  async estimateGas(call: RollupCall): Promise<bigint> {
    try {
      return await this.provider.estimateGas({ from: this.wallet.address, to: this.#address, data: this.#data(call) });
    } catch (error) {
      const data = (error as { data?: string }).data;
      const parsed = typeof data === 'string' ? rollupInterface.parseError(data) : null;
      if (parsed?.name === 'InvalidProof') throw new InvalidProofRevert(Number(parsed.args[0]));
      throw error;
    }
  }

  async sign(call: RollupCall, nonce: number, gasLimit: bigint, fees: FeeQuote): Promise<SignedL1Tx> {
    return this.#sign({ to: this.#address, data: this.#data(call), nonce, gasLimit, ...fees });
  }

  async signCancel(nonce: number, fees: FeeQuote): Promise<SignedL1Tx> {
    return this.#sign({ to: this.wallet.address, data: '0x', nonce, gasLimit: 21_000n, ...fees });
  }

  async broadcast(raw: string): Promise<void> {
    try {
      await this.provider.broadcastTransaction(raw);
    } catch (error) {
      if (!ALREADY_KNOWN.test(String((error as Error).message))) throw error;
    }
  }

  async receipt(txHash: string): Promise<L1Receipt | null> {
    const r = await this.provider.send('eth_getTransactionReceipt', [txHash]) as { blockNumber: string; blockHash: string; status: string } | null;
    return r === null ? null : { blockNumber: Number(r.blockNumber), blockHash: r.blockHash, success: Number(r.status) === 1 };
  }

  /** Stops the provider's polling so the process can exit. */
  destroy(): void {
    this.provider.destroy();
  }

  async #sign(tx: { to: string; data: string; nonce: number; gasLimit: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }): Promise<SignedL1Tx> {
    const raw = await this.wallet.signTransaction({ ...tx, type: 2, chainId: this.#chainId, value: 0n });
    return { raw, hash: Transaction.from(raw).hash! };
  }

  #data(call: RollupCall): string {
    if (call.kind === 'commit') {
      return rollupInterface.encodeFunctionData('commitBatch', [
        call.circuitId, call.batchNumber, BigInt(call.newStateRoot), call.l1TxCount, [...call.feeIdx], call.txData, call.withdrawals,
      ]);
    }
    const proofs = (call: { proofs: ReadonlyArray<Parameters<typeof solidityProof>[0]> }) => call.proofs.map((proof) => {
      const p = solidityProof(proof);
      return [p.a, p.b, p.c];
    });
    if (call.kind === 'settle') return rollupInterface.encodeFunctionData('proveBatches', [call.firstBatch, proofs(call), [...call.withdrawals]]);
    if (call.kind === 'commitAndSettle') {
      const packed = encodePackedBatches(call.batches.map((b) => ({
        circuitId: b.circuitId, newStateRoot: BigInt(b.newStateRoot), l1TxCount: b.l1TxCount, feeIdx: b.feeIdx, txData: fromHex(b.txData), withdrawals: fromHex(b.withdrawals),
      })));
      return rollupInterface.encodeFunctionData('commitAndProveBatches', [call.firstBatch, toHex(packed), proofs(call)]);
    }
    // One batch alone: proveBatches of one proof (the contract has no single-proof entry point).
    const p = solidityProof(call.proof);
    return rollupInterface.encodeFunctionData('proveBatches', [call.batchNumber, [[p.a, p.b, p.c]], [call.withdrawals]]);
  }

  #l1TxOf(log: RawLog): QueuedL1TxEvent {
    return { ...decodeL1TxQueued(log), blockNumber: Number(log.blockNumber), blockHash: log.blockHash, txHash: log.transactionHash };
  }
}
