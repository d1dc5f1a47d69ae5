import type { FastifyInstance } from 'fastify';
import { AccountTxPage, AddressParams, AddressView, HashParams, IdxParams, NumberMatch, NumberParams, PageQuery, TxDetail, type AccountView } from '../../api/explorer.js';
import { inTree } from '../../core/leaf-update.js';
import { ModuloError } from '../../core/errors.js';
import type { SequencerNode } from '../node.js';
import { errorResponses } from '../../api/error-body.js';
import { l1TxStatus, txStatus, type ExplorerReads, type TxRow } from '../store/explorer-reads.js';
import { addressHex } from '../../api/scalars.js';
import { page } from './explorer-batches.js';
import type { ExplorerL1 } from './explorer-l1.js';
import { l1TxView, l2TxView } from './explorer-views.js';

const RECENT_L1_TXS = 20;

/** received → included (sealed) → committed → proven → finalized, each with its time (null: not yet). */
function timeline(row: TxRow | null, batch: { sealedAt: number | null; committedAt: number | null; provenAt: number | null; finalizedAt: number | null } | undefined, receivedAt: number | null) {
  if (row?.status === 'rejected') return [{ status: 'pending', at: row.receivedAt }, { status: 'rejected', at: null }];
  return [
    { status: 'pending', at: receivedAt },
    { status: 'included', at: batch?.sealedAt ?? null },
    { status: 'committed', at: batch?.committedAt ?? null },
    { status: 'proven', at: batch?.provenAt ?? null },
    { status: 'finalized', at: batch?.finalizedAt ?? null },
  ];
}

/**
 * GET /v1/explorer/txs/:hash (an L2 tx, or the L1 tx an L1 transaction queued, with its timeline),
 * /v1/explorer/accounts/:idx/txs (an account's txs, newest first) and /v1/explorer/addresses/:ethAddr
 * (the accounts of an L1 address and what it can claim on L1), /v1/explorer/numbers/:n (what a number
 * names, for the search box: a batch, an account idx, both or neither; never a 404).
 */
export function explorerAccountRoutes(app: FastifyInstance, node: SequencerNode, reads: ExplorerReads, l1: ExplorerL1): void {
  app.get<{ Params: { hash: string } }>(
    '/v1/explorer/txs/:hash',
    { schema: { tags: ['explorer'], summary: 'An L2 tx, or the L1 tx queued by an L1 transaction, with its timeline', params: HashParams, response: { 200: TxDetail, ...errorResponses } } },
    async (request) => {
      const hash = request.params.hash.toLowerCase();
      const row = reads.tx(hash);
      if (row !== undefined) {
        const reason = row.reasonCode === null ? null : { code: row.reasonCode, message: row.reason ?? '' };
        return { kind: 'l2', status: txStatus(row), l2Tx: l2TxView(row), l1Tx: null, reason, timeline: timeline(row, row, row.receivedAt) };
      }
      const queued = reads.l1TxByHash(hash);
      if (queued === undefined) throw new ModuloError('NOT_FOUND', `no L2 tx and no L1 tx ${hash}`, { txHash: hash });
      const batch = queued.batchNumber === null ? undefined : reads.batch(queued.batchNumber);
      return { kind: 'l1', status: l1TxStatus(batch), l2Tx: null, l1Tx: l1TxView(queued), reason: null, timeline: timeline(null, batch, null) };
    },
  );

  app.get<{ Params: { idx: string }; Querystring: PageQuery }>(
    '/v1/explorer/accounts/:idx/txs',
    { schema: { tags: ['explorer'], summary: 'L2 txs from or to an account (newest first) and its newest L1 txs', params: IdxParams, querystring: PageQuery, response: { 200: AccountTxPage, ...errorResponses } } },
    async (request) => {
      const idx = Number(request.params.idx);
      const { before, limit } = page(request.query);
      const rows = reads.txsOfIdx(idx, before, limit);
      const last = rows.at(-1);
      return {
        txs: rows.map(l2TxView),
        next: rows.length === limit && last !== undefined ? last.seq : null,
        l1Txs: reads.l1TxsOfIdx(idx, RECENT_L1_TXS).map(l1TxView),
      };
    },
  );

  app.get<{ Params: { n: string } }>(
    '/v1/explorer/numbers/:n',
    { schema: { tags: ['explorer'], summary: 'Whether a number is a sealed batch and an account idx', params: NumberParams, response: { 200: NumberMatch, ...errorResponses } } },
    async (request) => {
      const n = Number(request.params.n);
      return { batch: n >= 1 && n <= node.store.batches.lastNumber(), account: inTree(n, node.state.depth) && node.mempool.view.exists(n) };
    },
  );

  app.get<{ Params: { ethAddr: string } }>(
    '/v1/explorer/addresses/:ethAddr',
    { schema: { tags: ['explorer'], summary: 'The accounts of an L1 address and its claimable credits on L1', params: AddressParams, response: { 200: AddressView, ...errorResponses } } },
    async (request) => {
      const ethAddr = BigInt(request.params.ethAddr);
      const accounts: AccountView[] = reads.idxOfAddress(ethAddr.toString()).map((idx) => {
        const a = node.state.getAccount(idx);
        return { idx, tokenId: Number(a.tokenId), nonce: a.nonce.toString(), balance: a.balance.toString(), ax: a.ax.toString(), ay: a.ay.toString(), ethAddr: addressHex(a.ethAddr) };
      });
      return { ethAddr: addressHex(ethAddr), accounts, credits: await l1.credits(addressHex(ethAddr)) };
    },
  );
}
