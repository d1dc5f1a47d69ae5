import type { FastifyInstance } from 'fastify';
import { accountExists } from '../../core/account.js';
import { createsAccount } from '../../core/tx.js';
import { ModuloError } from '../../core/errors.js';
import { inTree } from '../../core/leaf-update.js';
import { AccountList, AccountView, IdxParams, KeyQuery, accountToJson } from '../../api/account.js';
import { errorResponses } from '../../api/error-body.js';
import { fieldFromWire } from '../../api/scalars.js';
import { PATHS } from '../../api/paths.js';
import type { SequencerNode } from '../node.js';

/** GET /v1/accounts/:idx and GET /v1/accounts?ax=&ay= (every idx of a key). */
export function accountRoutes(app: FastifyInstance, node: SequencerNode): void {
  /** The account as of the last sealed batch, with its pending nonce and balance; null if neither has it. */
  function account(idx: number): AccountView | null {
    if (!inTree(idx, node.state.depth)) return null;
    const pending = node.mempool.view;
    if (!pending.exists(idx)) return null;
    const sealed = node.state.exists(idx) ? node.state.getAccount(idx) : { ...pending.getAccount(idx), nonce: 0n, balance: 0n };
    const p = pending.getAccount(idx);
    return { ...accountToJson(idx, sealed), pending: { nonce: p.nonce.toString(), balance: p.balance.toString() } };
  }

  app.get<{ Params: IdxParams; Reply: AccountView }>(
    PATHS.account,
    {
      schema: {
        tags: ['accounts'],
        summary: 'An account: as of the last sealed batch, and pending',
        params: IdxParams,
        response: { 200: AccountView, ...errorResponses },
      },
    },
    async (request) => {
      const idx = Number(request.params.idx);
      const found = account(idx);
      if (found === null) throw new ModuloError('NOT_FOUND', `no account ${idx}`, { idx });
      return found;
    },
  );

  app.get<{ Querystring: KeyQuery; Reply: AccountList }>(
    PATHS.accounts,
    {
      schema: {
        tags: ['accounts'],
        summary: 'Every account of a BabyJubJub public key (one per token)',
        querystring: KeyQuery,
        response: { 200: AccountList, ...errorResponses },
      },
    },
    async (request) => {
      const ax = fieldFromWire(request.query.ax, 'ax');
      const ay = fieldFromWire(request.query.ay, 'ay');
      const idxs = new Set(node.store.accounts.idxOfKey(ax, ay));
      // Accounts created by deposits seen but not yet batched.
      for (const { tx } of node.mempool.l1Txs()) {
        if (!createsAccount(tx) || tx.ax !== ax || tx.ay !== ay || !inTree(tx.idx, node.state.depth)) continue;
        const created = node.mempool.view.getAccount(tx.idx);
        if (accountExists(created) && created.ax === ax && created.ay === ay) idxs.add(tx.idx);
      }
      const accounts = [...idxs].sort((a, b) => a - b).map(account).filter((a) => a !== null);
      return { accounts };
    },
  );
}
