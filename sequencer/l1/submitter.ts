import type { Logger } from 'pino';
import { ModuloError } from '../../core/errors.js';
import type { SettlementMode } from '../config.js';
import type { Groth16Proof } from '../proof.js';
import type { BatchRecord } from '../store/batch-store.js';
import type { OutboxKind, OutboxRecord } from '../store/outbox-store.js';
import type { Store } from '../store/store.js';
import { InvalidProofRevert, type CommitArgs, type FeeQuote, type L1Client, type RollupCall } from './l1-client.js';

export interface SubmitterOptions {
  readonly client: L1Client;
  readonly store: Store;
  /** Blocks a mined send must be buried under before its batch counts as committed / finalized. */
  readonly confirmations: number;
  readonly bumpAfterMs: number;
  readonly bumpPercent: number;
  readonly maxFeePerGas: bigint;
  /** Gas limit = estimate × (100 + margin) / 100. */
  readonly gasMarginPercent?: number;
  /** Reverted sends of one (batch, kind) after which the submitter stops and waits for an operator. */
  readonly maxFailures?: number;
  /** At most this many proven batches settle in one proveBatches call (default 1: one proof per call). */
  readonly maxBatchesPerSettlement?: number;
  /** Fewer than the maximum settle once the oldest has waited this long since it was ready to settle (default 0). */
  readonly maxSettlementWaitMs?: number;
  /**
   * commit-then-prove (default here; the sequencer's config defaults to commit-and-prove): commitBatch per batch as
   * sealed, groups settled by proveBatches. commit-and-prove: no batch is committed alone; a group of proven,
   * uncommitted batches is committed and proven by one commitAndProveBatches call.
   */
  readonly settlementMode?: SettlementMode;
  readonly clock?: () => number;
  readonly log?: Logger;
  readonly onSend?: (kind: OutboxKind, how: 'first' | 'bump' | 'rebroadcast') => void;
}

export type SubmitterStep =
  | { readonly action: 'idle' }
  | { readonly action: 'waiting'; readonly nonce: number }
  | { readonly action: 'sent' | 'bumped'; readonly kind: OutboxKind; readonly batchNumber: number; readonly nonce: number }
  | { readonly action: 'confirmed' | 'failed'; readonly kind: OutboxKind; readonly batchNumber: number }
  | { readonly action: 'requeued'; readonly batchNumber: number }
  | { readonly action: 'blocked'; readonly reason: string };

/**
 * Sends commitBatch for each batch, and settles proven, committed batches in groups (one proveBatches call
 * for up to maxBatchesPerSettlement consecutive batches, one proof when alone), in order, one L1 tx at a
 * time. A group settles when it is full or when its oldest batch has waited maxSettlementWaitMs, so one
 * ready batch still settles after the wait; while a group fills, later batches are committed. In
 * commit-and-prove mode nothing is committed alone: once every committed batch is finalized, the next proven
 * batches are committed and proven as one group by commitAndProveBatches (an outbox commit row whose
 * firstBatch is set), with the same policy; a proof L1 refuses is named and its job requeued. Every send is
 * signed, written to the outbox, and only then broadcast; after a restart the outbox is followed
 * (rebroadcast verbatim, never re-signed with a new nonce) before anything new is decided, and new
 * sends are decided from the contract's own state (lastCommittedBatch, lastFinalizedBatch), so a batch
 * is never committed or proven twice. A send not mined in time is replaced at the same nonce with
 * higher fees; whichever attempt is mined settles it.
 */
export class L1Submitter {
  readonly #o: SubmitterOptions;
  readonly #clock: () => number;

  constructor(options: SubmitterOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
  }

  async poll(): Promise<SubmitterStep> {
    const { client, store } = this.#o;
    const latestNonce = await client.nonce('latest');
    await this.#cancelRolledBack(latestNonce);
    const open = store.outbox.open();
    if (open.length > 0) return this.#follow(open[0]!.nonce, latestNonce);
    return this.#next();
  }

  /** Follows the send at `nonce` (all its attempts) until one is mined and buried, or the nonce is lost. */
  async #follow(nonce: number, latestNonce: number): Promise<SubmitterStep> {
    const { client, store } = this.#o;
    const now = this.#clock();
    const attempts = store.outbox.atNonce(nonce);
    const live = attempts.filter((a) => a.status === 'signed' || a.status === 'sent' || a.status === 'mined');
    const latest = live[live.length - 1]!;
    for (const a of attempts) {
      const receipt = await client.receipt(a.l1TxHash);
      if (receipt === null) continue;
      for (const other of live) if (other.id !== a.id) store.outbox.setStatus(other.id, 'replaced', now);
      const depth = (await client.head()) - receipt.blockNumber + 1;
      if (depth < Math.max(1, this.#o.confirmations)) {
        store.outbox.setStatus(a.id, 'mined', now, { minedBlock: receipt.blockNumber });
        return { action: 'waiting', nonce };
      }
      return receipt.success ? this.#confirmed(a, now) : this.#failed(a, now, 'reverted on L1');
    }
    if (latestNonce > nonce) {
      for (const a of live) store.outbox.setStatus(a.id, 'failed', now, { error: 'nonce used by another transaction' });
      this.#o.log?.error({ nonce }, 'L1 nonce used by a transaction not in the outbox');
      return { action: 'failed', kind: latest.kind, batchNumber: latest.batchNumber };
    }
    if (latest.status === 'signed' || latest.status === 'mined') {
      // Never broadcast (crash between write and send), or mined then reorged out: send the same bytes.
      await client.broadcast(latest.raw);
      store.outbox.setStatus(latest.id, 'sent', now);
      this.#o.onSend?.(latest.kind, 'rebroadcast');
      return { action: 'waiting', nonce };
    }
    if (now - latest.createdAt >= this.#o.bumpAfterMs) return this.#bump(latest, now);
    return { action: 'waiting', nonce };
  }

  async #bump(latest: OutboxRecord, now: number): Promise<SubmitterStep> {
    const { client, store } = this.#o;
    const quote = await client.feeQuote();
    const raise = (v: bigint) => (v * BigInt(100 + this.#o.bumpPercent) + 99n) / 100n;
    const fees = this.#cap({
      maxFeePerGas: max(raise(latest.maxFeePerGas), quote.maxFeePerGas),
      maxPriorityFeePerGas: max(raise(latest.maxPriorityFeePerGas), quote.maxPriorityFeePerGas),
    });
    if (fees.maxFeePerGas <= latest.maxFeePerGas) {
      await client.broadcast(latest.raw); // at the fee cap: keep the tx known to the node
      return { action: 'waiting', nonce: latest.nonce };
    }
    const signed = latest.kind === 'cancel'
      ? await client.signCancel(latest.nonce, fees)
      : await client.sign(this.#call(latest.kind, latest.batchNumber, latest.firstBatch), latest.nonce, await this.#gasLimitOf(latest), fees);
    const row = store.outbox.insert({ ...latest, attempt: store.outbox.nextAttempt(latest.batchNumber, latest.kind), l1TxHash: signed.hash, raw: signed.raw, ...fees }, now);
    await client.broadcast(signed.raw);
    store.outbox.setStatus(row.id, 'sent', now);
    this.#o.onSend?.(latest.kind, 'bump');
    this.#o.log?.info({ batch: latest.batchNumber, kind: latest.kind, nonce: latest.nonce, maxFeePerGas: fees.maxFeePerGas.toString() }, 'L1 send bumped');
    return { action: 'bumped', kind: latest.kind, batchNumber: latest.batchNumber, nonce: latest.nonce };
  }

  async #confirmed(a: OutboxRecord, now: number): Promise<SubmitterStep> {
    const { client, store } = this.#o;
    const grouped = a.kind === 'commit' && a.firstBatch !== null;
    if (grouped) {
      // commitAndProveBatches keeps only the last batch's root; the proofs bound every public input to ours.
      const onChain = await client.committedBatch(a.batchNumber);
      const local = store.batches.get(a.batchNumber);
      if (local === undefined || onChain.newStateRoot.toString() !== BigInt(local.newStateRoot).toString()) {
        throw new ModuloError('L1_MISMATCH', `batch ${a.batchNumber} settled on L1 with another root than the local one`, { batchNumber: a.batchNumber });
      }
    } else if (a.kind === 'commit') {
      const onChain = await client.committedBatch(a.batchNumber);
      const local = store.batches.get(a.batchNumber);
      if (local === undefined || onChain.publicInputHash.toString() !== local.publicInputHash) {
        throw new ModuloError('L1_MISMATCH', `batch ${a.batchNumber} committed on L1 differs from the local one`, { batchNumber: a.batchNumber });
      }
    }
    store.transaction(() => {
      store.outbox.setStatus(a.id, 'confirmed', now, { minedBlock: a.minedBlock });
      if (a.kind === 'commit') {
        for (let n = a.firstBatch ?? a.batchNumber; n <= a.batchNumber; n++) {
          store.batches.setCommitted(n, a.l1TxHash, now);
          if (grouped) store.batches.setFinalized(n, a.l1TxHash, now);
          store.undo.forget(n); // a committed batch is never rolled back
        }
      }
      // One settlement finalizes every batch it carries (L1 emits one BatchFinalized, for the last).
      if (a.kind === 'prove') for (let n = a.firstBatch ?? a.batchNumber; n <= a.batchNumber; n++) store.batches.setFinalized(n, a.l1TxHash, now);
    });
    this.#o.log?.info({ batch: a.batchNumber, kind: a.kind, l1Tx: a.l1TxHash }, 'L1 send confirmed');
    return { action: 'confirmed', kind: a.kind, batchNumber: a.batchNumber };
  }

  #failed(a: OutboxRecord, now: number, error: string): SubmitterStep {
    this.#o.store.outbox.setStatus(a.id, 'failed', now, { minedBlock: a.minedBlock, error });
    this.#o.log?.error({ batch: a.batchNumber, kind: a.kind, l1Tx: a.l1TxHash }, `L1 send failed: ${error}`);
    return { action: 'failed', kind: a.kind, batchNumber: a.batchNumber };
  }

  /**
   * Nothing in flight: settle the proven batches after the last finalized one if the group is due (full, or
   * its oldest has waited long enough), else commit the next batch (commit-then-prove), or, once every committed
   * batch is finalized, commit and prove the next group (commit-and-prove). The group is decided from L1 state.
   */
  async #next(): Promise<SubmitterStep> {
    const { client, store } = this.#o;
    const chain = await client.rollupState();
    if (chain.lastCommittedBatch > store.batches.lastNumber()) {
      throw new ModuloError('L1_MISMATCH', `L1 has batch ${chain.lastCommittedBatch} committed; this store has ${store.batches.lastNumber()}`);
    }
    store.batches.finalizeUpTo(chain.lastFinalizedBatch, this.#clock());
    const first = chain.lastFinalizedBatch + 1;
    const together = this.#o.settlementMode === 'commit-and-prove';
    // Committed, unproven batches (proveBatches) first; in commit-and-prove mode, when there are none, the batches
    // not yet committed (commitAndProveBatches).
    const upTo = together && chain.lastCommittedBatch === chain.lastFinalizedBatch ? store.batches.lastNumber() : chain.lastCommittedBatch;
    const last = this.#dueGroupEnd(first, upTo);
    if (last !== null) {
      return upTo > chain.lastCommittedBatch ? this.#send('commit', store.batches.get(last)!, first) : this.#send('prove', store.batches.get(last)!, first);
    }
    const toCommit = together ? undefined : store.batches.get(chain.lastCommittedBatch + 1);
    return toCommit === undefined ? { action: 'idle' } : this.#send('commit', toCommit);
  }

  /** The last batch of the group first .. (at most upTo) to settle now: proven in a row, and full or waited long enough. */
  #dueGroupEnd(first: number, upTo: number): number | null {
    const max = Math.max(1, this.#o.maxBatchesPerSettlement ?? 1);
    let last = first - 1;
    while (last - first + 1 < max && last + 1 <= upTo && this.#o.store.batches.proofJson(last + 1) !== null) last++;
    return last >= first && (last - first + 1 === max || this.#waitedEnough(first)) ? last : null;
  }

  /** Whether batch `n` has been ready to settle (proven, and committed unless it is to be committed with it) for maxSettlementWaitMs. */
  #waitedEnough(n: number): boolean {
    const b = this.#o.store.batches.get(n)!;
    const readySince = Math.max(b.provenAt ?? 0, b.committedAt ?? 0);
    return this.#clock() - readySince >= (this.#o.maxSettlementWaitMs ?? 0);
  }

  /**
   * A commit of `batch` (firstBatch null), a commit and proof of firstBatch .. batch (commit with firstBatch), or a
   * settlement of firstBatch .. batch (prove; proveBatches of one proof when it is the batch alone).
   */
  async #send(kind: 'commit' | 'prove', batch: BatchRecord, firstBatch: number | null = null): Promise<SubmitterStep> {
    const { client, store } = this.#o;
    if (store.outbox.failures(batch.number, kind) >= (this.#o.maxFailures ?? 3)) {
      return { action: 'blocked', reason: `${kind} of batch ${batch.number} reverted ${this.#o.maxFailures ?? 3} times: needs an operator` };
    }
    const first = kind === 'prove' && firstBatch === batch.number ? null : firstBatch;
    const call = this.#call(kind, batch.number, first);
    let gasLimit: bigint;
    try {
      gasLimit = this.#withMargin(await client.estimateGas(call));
    } catch (error) {
      if (error instanceof InvalidProofRevert) return this.#refuseProof(error.batchNumber);
      this.#o.log?.warn({ batch: batch.number, kind, err: error }, 'L1 call would revert; not sent');
      return { action: 'blocked', reason: `${kind} of batch ${batch.number} would revert: ${(error as Error).message}` };
    }
    const fees = this.#cap(await client.feeQuote());
    const nonce = await client.nonce('pending');
    const signed = await client.sign(call, nonce, gasLimit, fees);
    const now = this.#clock();
    const row = store.outbox.insert(
      { batchNumber: batch.number, firstBatch: first, kind, nonce, attempt: store.outbox.nextAttempt(batch.number, kind), l1TxHash: signed.hash, raw: signed.raw, ...fees },
      now,
    );
    await client.broadcast(signed.raw);
    store.outbox.setStatus(row.id, 'sent', now);
    this.#o.onSend?.(kind, 'first');
    this.#o.log?.info({ batch: batch.number, kind, nonce, l1Tx: signed.hash }, 'L1 send');
    return { action: 'sent', kind, batchNumber: batch.number, nonce };
  }

  /**
   * L1 refuses batch n's proof (the sequencer checked it against its own key, so the keys differ or the proof
   * was corrupted): the proof is dropped and the batch's job queued again. The batches before n settle
   * without it once their group is due; n and the ones after wait for its new proof.
   */
  #refuseProof(n: number): SubmitterStep {
    const { store } = this.#o;
    const now = this.#clock();
    store.transaction(() => {
      store.batches.clearProof(n);
      store.jobs.reopen(n, 'proof refused on L1 (InvalidProof)', now);
    });
    this.#o.log?.error({ batch: n }, 'L1 refuses the proof of batch: proving it again');
    return { action: 'requeued', batchNumber: n };
  }

  /**
   * A rollback cancelled sends that may still be in the L1 mempool: one that landed would commit a
   * batch that no longer exists. Each such nonce, not yet used, gets a 0-value self-transfer that
   * outbids it; it is then followed like any send.
   */
  async #cancelRolledBack(latestNonce: number): Promise<void> {
    const { client, store } = this.#o;
    for (const c of store.outbox.cancelledFrom(latestNonce)) {
      if (store.outbox.atNonce(c.nonce).some((a) => a.kind === 'cancel' || a.status === 'sent' || a.status === 'mined')) continue;
      const raise = (v: bigint) => (v * BigInt(100 + this.#o.bumpPercent) + 99n) / 100n;
      const quote = await client.feeQuote();
      const fees = this.#cap({ maxFeePerGas: max(raise(c.maxFeePerGas), quote.maxFeePerGas), maxPriorityFeePerGas: max(raise(c.maxPriorityFeePerGas), quote.maxPriorityFeePerGas) });
      const signed = await client.signCancel(c.nonce, fees);
      const now = this.#clock();
      const row = store.outbox.insert({ batchNumber: c.batchNumber, kind: 'cancel', nonce: c.nonce, attempt: store.outbox.nextAttempt(c.batchNumber, 'cancel'), l1TxHash: signed.hash, raw: signed.raw, ...fees }, now);
      await client.broadcast(signed.raw);
      store.outbox.setStatus(row.id, 'sent', now);
      this.#o.onSend?.('cancel', 'first');
    }
  }

  /**
   * The call of a send: a commit of `batchNumber` (with firstBatch: a commit and proof of firstBatch ..
   * batchNumber), or a settlement of firstBatch .. batchNumber.
   */
  #call(kind: OutboxKind, batchNumber: number, firstBatch: number | null): RollupCall {
    const batches = this.#o.store.batches;
    const proof = (n: number) => JSON.parse(batches.proofJson(n)!) as Groth16Proof;
    if (kind === 'commit' && firstBatch !== null) {
      const numbers = Array.from({ length: batchNumber - firstBatch + 1 }, (_, i) => firstBatch + i);
      return { kind: 'commitAndSettle', firstBatch, batchNumber, batches: numbers.map((n) => commitArgs(batches.get(n)!)), proofs: numbers.map(proof) };
    }
    if (kind === 'prove' && firstBatch !== null && firstBatch < batchNumber) {
      const numbers = Array.from({ length: batchNumber - firstBatch + 1 }, (_, i) => firstBatch + i);
      return { kind: 'settle', firstBatch, batchNumber, proofs: numbers.map(proof), withdrawals: numbers.map((n) => batches.get(n)!.withdrawals) };
    }
    const b = batches.get(batchNumber)!;
    if (kind === 'prove') return { kind, batchNumber, proof: proof(batchNumber), withdrawals: b.withdrawals };
    return { kind: 'commit', ...commitArgs(b) };
  }

  /** A bump keeps the first attempt's gas limit (the call is the same). */
  async #gasLimitOf(a: OutboxRecord): Promise<bigint> {
    const call = this.#call(a.kind, a.batchNumber, a.firstBatch);
    try {
      return this.#withMargin(await this.#o.client.estimateGas(call));
    } catch {
      return 3_000_000n;
    }
  }

  #withMargin(gas: bigint): bigint {
    return (gas * BigInt(100 + (this.#o.gasMarginPercent ?? 25))) / 100n;
  }

  #cap(fees: FeeQuote): FeeQuote {
    const maxFeePerGas = min(fees.maxFeePerGas, this.#o.maxFeePerGas);
    return { maxFeePerGas, maxPriorityFeePerGas: min(fees.maxPriorityFeePerGas, maxFeePerGas) };
  }
}

function commitArgs(b: BatchRecord): CommitArgs {
  return { circuitId: b.circuitId, batchNumber: b.number, newStateRoot: b.newStateRoot, l1TxCount: b.l1TxCount, feeIdx: b.feeIdx, txData: b.txData, withdrawals: b.withdrawals };
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);
const min = (a: bigint, b: bigint) => (a < b ? a : b);
