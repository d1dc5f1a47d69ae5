import type { FastifyInstance } from 'fastify';
import { ModuloError } from '../../core/errors.js';
import { BatchParams, BatchView } from '../../api/batch.js';
import { errorResponses } from '../../api/error-body.js';
import { PATHS } from '../../api/paths.js';
import { addressHex } from '../../api/scalars.js';
import { txToBody } from '../../api/tx.js';
import type { SequencerNode } from '../node.js';
import { batchStatus } from '../store/batch-store.js';

/** GET /v1/batches/:n: a batch, its status and its txs in slot order. */
export function batchRoutes(app: FastifyInstance, node: SequencerNode): void {
  app.get<{ Params: BatchParams; Reply: BatchView }>(
    PATHS.batch,
    {
      schema: { tags: ['batches'], summary: 'A sealed batch with its L1 and L2 txs', params: BatchParams, response: { 200: BatchView, ...errorResponses } },
    },
    async (request) => {
      const n = Number(request.params.n);
      const b = node.store.batches.get(n);
      if (b === undefined) throw new ModuloError('NOT_FOUND', `no batch ${n}`, { batchNumber: n });
      return {
        batchNumber: b.number,
        status: batchStatus(b),
        circuit: { id: b.circuitId, name: b.circuitName },
        ...b,
        feeIdx: [...b.feeIdx],
        l1Txs: node.store.l1.byBatch(n).map((e) => ({
          queueIndex: e.queueIndex,
          txType: e.tx.txType,
          idx: String(e.tx.idx),
          tokenId: e.tx.tokenId.toString(),
          amount: e.tx.amount.toString(),
          ethAddr: addressHex(e.tx.ethAddr),
          l1TxHash: e.l1TxHash,
        })),
        txs: node.store.txs.byBatch(n).map((t) => ({ txHash: t.hash, position: t.position!, tx: txToBody(t.tx) })),
      };
    },
  );
}
