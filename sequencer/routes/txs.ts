import type { FastifyInstance } from 'fastify';
import { ModuloError } from '../../core/errors.js';
import { errorResponses } from '../../api/error-body.js';
import { PATHS } from '../../api/paths.js';
import { TxAccepted, TxBody, TxHashParams, TxView, txFromBody, txToBody } from '../../api/tx.js';
import type { SequencerNode } from '../node.js';
import { batchStatus } from '../store/batch-store.js';

/** POST /v1/txs (submit a signed transfer or withdrawal), GET /v1/txs/:hash (where it is now). */
export function txRoutes(app: FastifyInstance, node: SequencerNode): void {
  app.post<{ Body: TxBody; Reply: TxAccepted }>(
    PATHS.txs,
    {
      schema: {
        tags: ['txs'],
        summary: 'Submit a signed L2 tx (toIdx 0: a withdrawal)',
        description: 'Accepted only if valid against the pending state (sealed state plus accepted txs): nonce = the sender\'s pending nonce.',
        body: TxBody,
        response: { 200: TxAccepted, ...errorResponses },
      },
    },
    async (request) => {
      const txHash = await node.mempool.submit(txFromBody(request.body));
      node.metrics.txsAccepted.inc();
      return { txHash };
    },
  );

  app.get<{ Params: TxHashParams; Reply: TxView }>(
    PATHS.tx,
    {
      schema: {
        tags: ['txs'],
        summary: 'A tx and its status: pending → included → committed → proven → finalized, or rejected',
        params: TxHashParams,
        response: { 200: TxView, ...errorResponses },
      },
    },
    async (request) => {
      const hash = request.params.hash.toLowerCase();
      const stored = node.store.txs.get(hash);
      if (stored === undefined) throw new ModuloError('NOT_FOUND', `no tx ${hash}`, { txHash: hash });
      let status: TxView['status'] = stored.status;
      if (stored.status === 'included') {
        const batch = node.store.batches.get(stored.batchNumber!)!;
        const s = batchStatus(batch);
        status = s === 'sealed' ? 'included' : s;
      }
      return {
        txHash: stored.hash,
        status,
        tx: txToBody(stored.tx),
        batchNumber: stored.batchNumber,
        position: stored.position,
        reason: stored.reasonCode === null ? null : { code: stored.reasonCode, message: stored.reason ?? '' },
        receivedAt: stored.receivedAt,
      };
    },
  );
}
