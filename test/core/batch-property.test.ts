import { describe, expect, test } from 'vitest';
import { buildBatch } from '../../core/build-batch.js';
import { ModuloError } from '../../core/errors.js';
import { AMOUNT_FLOAT, floorToFloat } from '../../core/float.js';
import { RollupState } from '../../core/rollup-state.js';
import type { L1Tx, SignedL2Tx } from '../../core/tx.js';
import type { AccountLeaf } from '../../core/account.js';
import { DOMAIN, depositNew, forcedExit, prng, signed, topUp, user, type User } from '../fixtures/rollup.js';

const CIRCUIT = { depth: 8, batchSize: 6, feeSlots: 2 } as const;
const TOKENS = [0n, 1n];

/** Random batches of every tx type; invariants checked after each one. */
function simulate(seed: number, batches: number): void {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const users = [1, 2, 3, 4].map((i) => user(seed * 10 + i));
  const owners = new Map<number, User>();
  const state = new RollupState(CIRCUIT.depth);
  const deposited = new Map<bigint, bigint>(TOKENS.map((t) => [t, 0n]));
  const withdrawn = new Map<bigint, bigint>(TOKENS.map((t) => [t, 0n]));
  let nextIdx = 1;
  // Fee accounts, one per token, created in the first batch.
  const feeIdx = [1, 2];
  let queue: L1Tx[] = TOKENS.map((t) => depositNew(users[0]!, nextIdx++, t, 0n));
  feeIdx.forEach((idx) => owners.set(idx, users[0]!));

  for (let b = 1; b <= batches; b += 1) {
    const l1Txs = [...queue];
    queue = [];
    while (l1Txs.length < 3) {
      const r = random();
      const amount = BigInt(Math.floor(random() * 1e6));
      const token = pick(TOKENS);
      if (r < 0.5) {
        const owner = pick(users);
        owners.set(nextIdx, owner);
        l1Txs.push(depositNew(owner, nextIdx++, token, amount));
      } else if (r < 0.8) {
        l1Txs.push(topUp(pick(users).ethAddr, Math.floor(random() * (nextIdx + 2)), token, amount));
      } else {
        l1Txs.push(forcedExit(pick(users).ethAddr, Math.floor(random() * nextIdx)));
      }
    }
    for (const tx of l1Txs) deposited.set(tx.tokenId, deposited.get(tx.tokenId)! + tx.amount);

    // L1 first, so L2 txs of this batch see the new accounts: plan them on a scratch batch of the L1 part.
    const afterL1 = buildBatch(state, { circuit: CIRCUIT, domain: DOMAIN, batchNumber: BigInt(b), l1QueueStartHash: 0n, l1Txs, l2Txs: [], feeIdx }).state;
    const l2Txs: SignedL2Tx[] = [];
    const nonces = new Map<number, bigint>();
    const spent = new Map<number, bigint>();
    for (let attempt = 0; attempt < 6 && l1Txs.length + l2Txs.length < CIRCUIT.batchSize; attempt += 1) {
      const fromIdx = 1 + Math.floor(random() * (nextIdx - 1));
      const from = afterL1.getAccount(fromIdx);
      const owner = owners.get(fromIdx);
      if (!afterL1.exists(fromIdx) || owner === undefined) continue;
      const available = from.balance - (spent.get(fromIdx) ?? 0n);
      if (available <= 0n) continue;
      const fee = available > 10n && random() < 0.5 ? 1n : 0n;
      const amount = floorToFloat(BigInt(Math.floor(random() * Number(available - fee))), AMOUNT_FLOAT);
      const sameToken = [...owners.keys()].filter((i) => afterL1.exists(i) && afterL1.getAccount(i).tokenId === from.tokenId);
      const toIdx = random() < 0.25 ? 0 : pick(sameToken);
      const nonce = nonces.get(fromIdx) ?? from.nonce;
      l2Txs.push(signed(owner, { fromIdx, toIdx, amount, fee, nonce, tokenId: from.tokenId }));
      nonces.set(fromIdx, nonce + 1n);
      spent.set(fromIdx, (spent.get(fromIdx) ?? 0n) + amount + fee);
      if (toIdx !== 0) spent.set(toIdx, (spent.get(toIdx) ?? 0n) - amount);
    }

    const batch = buildBatch(state, { circuit: CIRCUIT, domain: DOMAIN, batchNumber: BigInt(b), l1QueueStartHash: 0n, l1Txs, l2Txs, feeIdx });
    batch.state.merge();
    for (const w of batch.withdrawals) withdrawn.set(w.tokenId, withdrawn.get(w.tokenId)! + w.amount);

    // The root equals the root of a tree rebuilt from scratch out of the accounts.
    const accounts: Array<[number, AccountLeaf]> = [];
    for (let idx = 0; idx < nextIdx + 2; idx += 1) if (state.exists(idx)) accounts.push([idx, state.getAccount(idx)]);
    const rebuilt = new RollupState(CIRCUIT.depth);
    rebuilt.setAccounts(accounts);
    expect(rebuilt.root).toBe(state.root);

    // Value is conserved per token: deposited = L2 balances + withdrawn (refunds included).
    for (const token of TOKENS) {
      const held = accounts.filter(([, a]) => a.tokenId === token).reduce((sum, [, a]) => sum + a.balance, 0n);
      expect(held + withdrawn.get(token)!).toBe(deposited.get(token));
    }
  }
}

describe('buildBatch on random tx sequences', () => {
  test.each([1, 2, 3])('seed %i: roots match a rebuild from scratch and value is conserved', (seed) => {
    simulate(seed, 4);
  });

  test('a failed batch leaves the state exactly as it was', () => {
    const state = new RollupState(CIRCUIT.depth);
    const alice = user(7);
    buildBatch(state, { circuit: CIRCUIT, domain: DOMAIN, batchNumber: 1n, l1QueueStartHash: 0n, l1Txs: [depositNew(alice, 1, 0n, 100n)], l2Txs: [], feeIdx: [] }).state.merge();
    const root = state.root;
    const good = signed(alice, { fromIdx: 1, toIdx: 1, amount: 10n, fee: 0n, nonce: 0n, tokenId: 0n });
    const bad = signed(alice, { fromIdx: 1, toIdx: 1, amount: 1000n, fee: 0n, nonce: 1n, tokenId: 0n });
    expect(() => buildBatch(state, { circuit: CIRCUIT, domain: DOMAIN, batchNumber: 2n, l1QueueStartHash: 0n, l1Txs: [], l2Txs: [good, bad], feeIdx: [] })).toThrow(ModuloError);
    expect(state.root).toBe(root);
    expect(state.getAccount(1)).toMatchObject({ nonce: 0n, balance: 100n });
  });
});
