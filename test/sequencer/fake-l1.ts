import { createHash } from 'node:crypto';
import { fromHex } from '../../core/bits.js';
import type { CircuitConfig } from '../../core/build-batch.js';
import { L2_TX_BYTES } from '../../core/constants.js';
import { nextL1QueueHash } from '../../core/l1-queue.js';
import { publicInputHash } from '../../core/public-input.js';
import { zeroHashes } from '../../core/state-tree.js';
import type { L1Tx, RollupDomain } from '../../core/tx.js';
import { decodeWithdrawals, withdrawalsHash } from '../../core/withdrawals.js';
import {
  InvalidProofRevert, type CommitArgs, type CommittedBatch, type FeeQuote, type L1Client, type L1Receipt, type QueuedL1TxEvent, type RegisteredCircuit,
  type RollupCall, type RollupChainState, type SignedL1Tx,
} from '../../sequencer/l1/l1-client.js';

interface SentTx {
  readonly hash: string;
  readonly nonce: number;
  readonly call: RollupCall | null;
  readonly fees: FeeQuote;
}

interface Block {
  readonly number: number;
  readonly hash: string;
  readonly txs: Array<SentTx & { success: boolean }>;
  readonly events: QueuedL1TxEvent[];
}

interface ContractState {
  lastCommitted: number;
  lastFinalized: number;
  committedRoot: bigint;
  queueHashes: bigint[];
  l1QueueCommitted: number;
  batches: Map<number, CommittedBatch & { l1QueueEnd: number }>;
}

/**
 * An L1 chain in memory with a Rollup contract that checks commits and proofs the way IRollup
 * specifies: commits in order, the public input rebuilt from its own storage (with core), proofs in
 * order and only of committed batches, one or a settlement of several (any proof whose pi_a[0] is not "0" verifies). Blocks are mined
 * on demand; a reorg replaces the newest blocks, putting their txs back in the mempool.
 */
export class FakeL1 implements L1Client {
  readonly blocks: Block[] = [{ number: 0, hash: hashOf('genesis'), txs: [], events: [] }];
  readonly mempool = new Map<number, SentTx>();
  readonly broadcasts: string[] = [];
  automine = false;
  gasPrice = 10n;
  /** The next mined rollup call reverts (as if the contract refused it). */
  failNext = false;
  #salt = 0;
  #queued: L1Tx[] = [];

  constructor(readonly domain: RollupDomain, readonly registered: ReadonlyArray<CircuitConfig & { id: number }>) {}

  // --- test controls -------------------------------------------------------------------------

  /** Queues an L1 tx in the next mined block. */
  deposit(tx: L1Tx): void {
    this.#queued.push(tx);
  }

  mine(count = 1): void {
    for (let i = 0; i < count; i++) {
      const number = this.blocks.length;
      const state = this.#replay();
      const txs: Block['txs'] = [];
      const mined = this.#minedNonce();
      for (let n = mined; this.mempool.has(n); n++) {
        const tx = this.mempool.get(n)!;
        this.mempool.delete(n);
        const fail = this.failNext && tx.call !== null;
        if (fail) this.failNext = false;
        txs.push({ ...tx, success: !fail && this.#apply(state, tx.call) });
      }
      const events = this.#queued.map((tx, k) => {
        const queueIndex = state.queueHashes.length - 1 + k;
        return { queueIndex, tx, l1QueueHash: 0n, blockNumber: number, blockHash: '', txHash: hashOf(`l1tx ${queueIndex} ${this.#salt}`) };
      });
      this.#queued = [];
      const hash = hashOf(`block ${number} ${this.#salt} ${txs.map((t) => t.hash).join()} ${events.length}`);
      let h = state.queueHashes[state.queueHashes.length - 1]!;
      for (const e of events) {
        h = nextL1QueueHash(h, e.tx);
        Object.assign(e, { l1QueueHash: h, blockHash: hash });
      }
      this.blocks.push({ number, hash, txs, events });
    }
  }

  /** Replaces the newest `depth` blocks with `newBlocks` empty ones; their txs return to the mempool. */
  reorg(depth: number, newBlocks = depth, { keepTxs = true } = {}): void {
    const dropped = this.blocks.splice(this.blocks.length - depth, depth);
    this.#salt += 1;
    if (keepTxs) for (const b of dropped) for (const t of b.txs) this.mempool.set(t.nonce, t);
    const auto = this.automine;
    this.automine = false;
    const held = new Map(this.mempool);
    this.mempool.clear();
    this.mine(newBlocks);
    for (const [n, t] of held) this.mempool.set(n, t);
    this.automine = auto;
  }

  contract(): ContractState {
    return this.#replay();
  }

  // --- L1Client ---------------------------------------------------------------------------------

  async head(): Promise<number> {
    return this.blocks.length - 1;
  }

  async blockHash(number: number): Promise<string | null> {
    return this.blocks[number]?.hash ?? null;
  }

  async queuedL1Txs(fromBlock: number, toBlock: number): Promise<QueuedL1TxEvent[]> {
    return this.blocks.slice(Math.max(0, fromBlock), toBlock + 1).flatMap((b) => b.events);
  }

  async rollupState(): Promise<RollupChainState> {
    const s = this.#replay();
    return { lastCommittedBatch: s.lastCommitted, lastFinalizedBatch: s.lastFinalized, l1QueueLength: s.queueHashes.length - 1 };
  }

  async committedBatch(batchNumber: number): Promise<CommittedBatch> {
    return this.#replay().batches.get(batchNumber) ?? { publicInputHash: 0n, newStateRoot: 0n };
  }

  async circuits(): Promise<RegisteredCircuit[]> {
    return this.registered.map((c) => ({ id: c.id, batchSize: c.batchSize, feeSlots: c.feeSlots }));
  }

  async nonce(tag: 'latest' | 'pending'): Promise<number> {
    let n = this.#minedNonce();
    if (tag === 'pending') while (this.mempool.has(n)) n++;
    return n;
  }

  async feeQuote(): Promise<FeeQuote> {
    return { maxFeePerGas: this.gasPrice * 2n, maxPriorityFeePerGas: this.gasPrice / 10n };
  }

  async estimateGas(call: RollupCall): Promise<bigint> {
    if (call.kind === 'settle' || call.kind === 'commitAndSettle') {
      const bad = call.proofs.findIndex((p) => p.pi_a[0] === '0');
      if (bad >= 0) throw new InvalidProofRevert(call.firstBatch + bad);
    }
    if (!this.#apply(this.#replay(), call)) throw new Error(`execution reverted (${call.kind} of batch ${call.batchNumber})`);
    return 500_000n;
  }

  async sign(call: RollupCall, nonce: number, _gasLimit: bigint, fees: FeeQuote): Promise<SignedL1Tx> {
    const raw = JSON.stringify({ call, nonce, fees }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return { raw, hash: hashOf(raw) };
  }

  async signCancel(nonce: number, fees: FeeQuote): Promise<SignedL1Tx> {
    const raw = JSON.stringify({ call: null, nonce, fees }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return { raw, hash: hashOf(raw) };
  }

  async broadcast(raw: string): Promise<void> {
    this.broadcasts.push(raw);
    const parsed = JSON.parse(raw) as { call: RollupCall | null; nonce: number; fees: { maxFeePerGas: string; maxPriorityFeePerGas: string } };
    const tx: SentTx = {
      hash: hashOf(raw),
      nonce: parsed.nonce,
      call: parsed.call,
      fees: { maxFeePerGas: BigInt(parsed.fees.maxFeePerGas), maxPriorityFeePerGas: BigInt(parsed.fees.maxPriorityFeePerGas) },
    };
    if (tx.nonce < this.#minedNonce()) return; // "nonce too low": already mined, nothing to do
    const existing = this.mempool.get(tx.nonce);
    if (existing !== undefined && existing.hash !== tx.hash && tx.fees.maxFeePerGas * 10n < existing.fees.maxFeePerGas * 11n) {
      throw new Error('replacement transaction underpriced');
    }
    this.mempool.set(tx.nonce, tx);
    if (this.automine) this.mine();
  }

  async receipt(txHash: string): Promise<L1Receipt | null> {
    for (const b of this.blocks) {
      const t = b.txs.find((x) => x.hash === txHash);
      if (t) return { blockNumber: b.number, blockHash: b.hash, success: t.success };
    }
    return null;
  }

  /** Another sender's tx takes our next nonce (a key used outside the sequencer). */
  stealNonce(): void {
    const nonce = this.#minedNonce();
    this.mempool.set(nonce, { hash: hashOf(`stolen ${nonce}`), nonce, call: null, fees: { maxFeePerGas: 10n ** 12n, maxPriorityFeePerGas: 10n ** 12n } });
  }

  /** Every commit / prove / settle / commitAndSettle mined, in order (what landed on L1); a settle's batchNumber is its last batch. */
  landed(): Array<{ kind: string; batchNumber: number; firstBatch?: number; success: boolean }> {
    return this.blocks.flatMap((b) => b.txs.filter((t) => t.call !== null).map((t) => {
      const call = t.call!;
      return { kind: call.kind, batchNumber: call.batchNumber, ...(call.kind === 'settle' || call.kind === 'commitAndSettle' ? { firstBatch: call.firstBatch } : {}), success: t.success };
    }));
  }

  // --- the contract -----------------------------------------------------------------------------

  #minedNonce(): number {
    return this.blocks.reduce((n, b) => n + b.txs.length, 0);
  }

  /** The contract's state after every mined block. */
  #replay(): ContractState {
    const levels = (this.registered[0]?.depth ?? 2) / 2;
    const s: ContractState = { lastCommitted: 0, lastFinalized: 0, committedRoot: zeroHashes(levels)[levels]!, queueHashes: [0n], l1QueueCommitted: 0, batches: new Map() };
    for (const b of this.blocks) {
      for (const t of b.txs) if (t.success) this.#apply(s, t.call);
      for (const e of b.events) s.queueHashes.push(e.l1QueueHash);
    }
    return s;
  }

  /** Applies a call to `s` if it would succeed; false (and `s` unchanged) if it reverts. */
  #apply(s: ContractState, call: RollupCall | null): boolean {
    if (call === null) return true;
    if (call.kind === 'prove') {
      if (call.batchNumber !== s.lastFinalized + 1 || call.batchNumber > s.lastCommitted || call.proof.pi_a[0] === '0') return false;
      s.lastFinalized = call.batchNumber;
      return true;
    }
    if (call.kind === 'settle') {
      if (call.firstBatch !== s.lastFinalized + 1 || call.batchNumber > s.lastCommitted || call.proofs.some((p) => p.pi_a[0] === '0')) return false;
      s.lastFinalized = call.batchNumber;
      return true;
    }
    if (call.kind === 'commitAndSettle') {
      if (s.lastFinalized !== s.lastCommitted || call.firstBatch !== s.lastCommitted + 1 || call.proofs.some((p) => p.pi_a[0] === '0')) return false;
      const next: ContractState = { ...s, queueHashes: [...s.queueHashes], batches: new Map(s.batches) };
      if (!call.batches.every((c) => this.#commit(next, c))) return false;
      Object.assign(s, next, { lastFinalized: next.lastCommitted });
      return true;
    }
    return this.#commit(s, call);
  }

  /** Applies a commit to `s` if it would succeed; false (and `s` unchanged) if it reverts. */
  #commit(s: ContractState, call: CommitArgs): boolean {
    const circuit = this.registered.find((c) => c.id === call.circuitId);
    const pending = s.queueHashes.length - 1 - s.l1QueueCommitted;
    if (circuit === undefined || call.batchNumber !== s.lastCommitted + 1 || call.l1TxCount > pending) return false;
    const txData = new Uint8Array(circuit.batchSize * L2_TX_BYTES);
    txData.set(fromHex(call.txData), call.l1TxCount * L2_TX_BYTES);
    const end = s.l1QueueCommitted + call.l1TxCount;
    const hash = publicInputHash({
      domain: this.domain,
      batchNumber: BigInt(call.batchNumber),
      oldStateRoot: s.committedRoot,
      newStateRoot: BigInt(call.newStateRoot),
      l1QueueStartHash: s.queueHashes[s.l1QueueCommitted]!,
      l1QueueEndHash: s.queueHashes[end]!,
      withdrawalsHash: withdrawalsHash(decodeWithdrawals(fromHex(call.withdrawals))),
      feeIdx: call.feeIdx,
      txData,
    });
    s.lastCommitted = call.batchNumber;
    s.committedRoot = BigInt(call.newStateRoot);
    s.l1QueueCommitted = end;
    s.batches.set(call.batchNumber, { publicInputHash: hash, newStateRoot: BigInt(call.newStateRoot), l1QueueEnd: end });
    return true;
  }
}

function hashOf(text: string): string {
  return `0x${createHash('sha256').update(text).digest('hex')}`;
}
