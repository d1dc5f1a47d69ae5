import type { FastifyInstance } from 'fastify';
import { BatchDetail, BatchNumberParams, BatchPage, PageQuery, type L1Call } from '../../api/explorer.js';
import { ModuloError } from '../../core/errors.js';
import type { SequencerNode } from '../node.js';
import type { Groth16Proof } from '../proof.js';
import { errorResponses } from '../../api/error-body.js';
import type { ExplorerReads } from '../store/explorer-reads.js';
import type { OutboxKind } from '../store/outbox-store.js';
import { addressHex } from '../../api/scalars.js';
import type { ExplorerL1 } from './explorer-l1.js';
import { batchSummary, l1TxView, l2TxView } from './explorer-views.js';

export const DEFAULT_PAGE = 20;

/** A page's bounds from its query: `before` (exclusive; the newest when absent) and `limit`. */
export function page(query: PageQuery): { before: number; limit: number } {
  return { before: query.before === undefined ? Number.MAX_SAFE_INTEGER : Number(query.before), limit: query.limit === undefined ? DEFAULT_PAGE : Number(query.limit) };
}

/** GET /v1/explorer/batches (newest first) and /v1/explorer/batches/:n (slots, L1 calls with their gas, proof). */
export function explorerBatchRoutes(app: FastifyInstance, node: SequencerNode, reads: ExplorerReads, l1: ExplorerL1): void {
  app.get<{ Querystring: PageQuery }>(
    '/v1/explorer/batches',
    { schema: { tags: ['explorer'], summary: 'Sealed batches, newest first (next: the cursor of the next page)', querystring: PageQuery, response: { 200: BatchPage, ...errorResponses } } },
    async (request) => {
      const { before, limit } = page(request.query);
      const rows = reads.batches(before, limit);
      const last = rows.at(-1);
      return { batches: rows.map(batchSummary), next: rows.length === limit && last !== undefined && last.batchNumber > 1 ? last.batchNumber : null };
    },
  );

  /** The attempt of a rollup call that counts (confirmed, else the newest), with its receipt's gas. */
  async function l1Call(batchNumber: number, kind: OutboxKind, fallbackHash: string | null): Promise<L1Call | null> {
    const attempts = node.store.outbox.attempts(batchNumber, kind).filter((a) => a.status !== 'cancelled');
    const chosen = attempts.find((a) => a.status === 'confirmed') ?? attempts.at(-1);
    const hash = fallbackHash ?? chosen?.l1TxHash;
    if (hash === undefined) return null;
    const receipt = chosen?.status === 'signed' ? null : await l1.receipt(hash);
    return { l1TxHash: hash, status: fallbackHash !== null ? 'confirmed' : chosen!.status, blockNumber: receipt?.blockNumber ?? chosen?.minedBlock ?? null, gasUsed: receipt?.gasUsed ?? null };
  }

  app.get<{ Params: { n: string } }>(
    '/v1/explorer/batches/:n',
    { schema: { tags: ['explorer'], summary: 'A batch: its slots, L1 calls with their gas, public input and proof', params: BatchNumberParams, response: { 200: BatchDetail, ...errorResponses } } },
    async (request) => {
      const n = Number(request.params.n);
      const b = node.store.batches.get(n);
      const row = reads.batch(n);
      if (b === undefined || row === undefined) throw new ModuloError('NOT_FOUND', `no batch ${n}`, { batchNumber: n });
      const circuit = node.circuits.find((c) => c.id === b.circuitId);
      const proof = node.store.batches.proofJson(n);
      const [commit, prove] = await Promise.all([l1Call(n, 'commit', b.commitL1Tx), l1Call(n, 'prove', b.proveL1Tx)]);
      return {
        ...batchSummary(row),
        circuit: { id: b.circuitId, name: b.circuitName, depth: circuit?.config.depth ?? node.state.depth, batchSize: circuit?.config.batchSize ?? 0, feeSlots: circuit?.config.feeSlots ?? b.feeIdx.length },
        domain: { chainId: node.config.domain.chainId.toString(), rollupAddress: addressHex(node.config.domain.rollupAddress) },
        oldStateRoot: b.oldStateRoot,
        newStateRoot: b.newStateRoot,
        publicInputHash: b.publicInputHash,
        l1QueueStart: b.l1QueueStart,
        l1QueueStartHash: b.l1QueueStartHash,
        l1QueueEndHash: b.l1QueueEndHash,
        feeIdx: [...b.feeIdx],
        txData: b.txData,
        withdrawals: b.withdrawals,
        l1Txs: reads.l1TxsOfBatch(n).map(l1TxView),
        txs: reads.txsOfBatch(n).map(l2TxView),
        commit,
        prove,
        proof: proof === null ? null : (JSON.parse(proof) as Groth16Proof),
      };
    },
  );
}
