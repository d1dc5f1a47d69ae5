import { describe, expect, test } from 'vitest';
import type { PublicKey } from '../../core/eddsa.js';
import type { SignedL2Tx } from '../../core/tx.js';
import { TxType } from '../../core/constants.js';
import { checkSignature, type SignatureCheck, type SignatureVerifier } from '../../sequencer/signature-verifier.js';
import { DOMAIN, ETH, MIN_FEE, TOKEN, alice, bob, carol, depositNew, fundedNode, queueL1, signed, transfer, user } from './fixtures.js';
import { rejectionCode } from '../fixtures/errors.js';

/** Verifies like the real thing but answers in the order the test releases them. */
class ManualVerifier implements SignatureVerifier {
  readonly waiting: Array<() => void> = [];
  verify(tx: SignedL2Tx, key: PublicKey): Promise<SignatureCheck> {
    return new Promise((resolve) => this.waiting.push(() => resolve(checkSignature(tx, key, DOMAIN))));
  }
  async close(): Promise<void> {}
}

describe('Mempool: checks against the pending state', () => {
  test('an accepted transfer moves the pending balances and nonce and credits the fee at once', async () => {
    const node = fundedNode();
    await node.mempool.submit(transfer(alice, 1, 2, 1000n, 0n));
    const view = node.mempool.view;
    expect(view.getAccount(1)).toMatchObject({ nonce: 1n, balance: 10n ** 18n - 1000n - MIN_FEE });
    expect(view.getAccount(2).balance).toBe(5n * 10n ** 17n + 1000n);
    expect(view.getAccount(3).balance).toBe(MIN_FEE);
    expect(node.state.getAccount(1).nonce).toBe(0n); // the sealed state is untouched until a batch
    await node.close();
  });

  test('nonces must follow the pending nonce: per account, txs are in nonce order', async () => {
    const node = fundedNode();
    expect(await rejectionCode(node.mempool.submit(transfer(alice, 1, 2, 1n, 1n)))).toBe('WRONG_NONCE');
    expect(await rejectionCode(node.mempool.submit(transfer(alice, 1, 2, 1n, 0n)))).toBeUndefined();
    expect(await rejectionCode(node.mempool.submit(transfer(alice, 1, 2, 2n, 0n)))).toBe('WRONG_NONCE');
    expect(await rejectionCode(node.mempool.submit(transfer(alice, 1, 2, 1n, 1n)))).toBeUndefined();
    expect(node.mempool.l2Txs().map((p) => p.tx.nonce)).toEqual([0n, 1n]);
    await node.close();
  });

  test('a balance already spent by an accepted tx cannot be spent again', async () => {
    const node = fundedNode();
    const six = 6n * 10n ** 17n;
    expect(await rejectionCode(node.mempool.submit(transfer(alice, 1, 2, six, 0n)))).toBeUndefined();
    expect(await rejectionCode(node.mempool.submit(transfer(alice, 1, 2, six, 1n)))).toBe('INSUFFICIENT_BALANCE');
    await node.close();
  });

  test('funds received in an accepted tx can be spent before any batch', async () => {
    const node = fundedNode();
    const big = 9n * 10n ** 17n;
    expect(await rejectionCode(node.mempool.submit(transfer(bob, 2, 1, big, 0n)))).toBe('INSUFFICIENT_BALANCE');
    await node.mempool.submit(transfer(alice, 1, 2, big, 0n));
    expect(await rejectionCode(node.mempool.submit(transfer(bob, 2, 1, big, 0n)))).toBeUndefined();
    await node.close();
  });

  test('an account created by a deposit seen on L1 can be used before its batch', async () => {
    const node = fundedNode();
    const dave = user(40);
    queueL1(node, [depositNew(dave, 5, ETH, 10n ** 15n)]);
    expect(await rejectionCode(node.mempool.submit(transfer(alice, 1, 5, 1000n, 0n)))).toBeUndefined();
    expect(await rejectionCode(node.mempool.submit(transfer(dave, 5, 1, 1000n, 0n)))).toBeUndefined();
    await node.close();
  });

  test('txs are admitted in arrival order even when their signatures verify out of order', async () => {
    const verifier = new ManualVerifier();
    const node = fundedNode({}, { signatureVerifier: verifier });
    const first = node.mempool.submit(transfer(alice, 1, 2, 1n, 0n));
    const second = node.mempool.submit(transfer(alice, 1, 2, 1n, 1n));
    expect(node.mempool.inFlight).toBe(2);
    verifier.waiting[1]!();
    await new Promise((r) => setImmediate(r));
    expect(node.mempool.size).toBe(0); // the second waits for the first
    verifier.waiting[0]!();
    expect(await rejectionCode(first)).toBeUndefined();
    expect(await rejectionCode(second)).toBeUndefined();
    await node.close();
  });

  test.each([
    ['a bad signature', () => ({ ...transfer(alice, 1, 2, 1n, 0n), signature: transfer(bob, 2, 1, 1n, 0n).signature }), 'INVALID_SIGNATURE'],
    ['a sender that does not exist', () => transfer(alice, 9, 2, 1n, 0n), 'UNKNOWN_ACCOUNT'],
    ['a receiver that does not exist', () => transfer(alice, 1, 9, 1n, 0n), 'UNKNOWN_ACCOUNT'],
    ['a receiver of another token', () => transfer(alice, 1, 4, 1n, 0n), 'TOKEN_MISMATCH'],
    ['a tx in a token the sender does not hold', () => transfer(alice, 1, 4, 1n, 0n, 0n, TOKEN), 'TOKEN_MISMATCH'],
    ['an amount that is not a float', () => ({ ...transfer(alice, 1, 2, 1n, 0n), amount: 1234567n }), 'NOT_REPRESENTABLE'],
    ['a fee below the minimum', () => transfer(alice, 1, 2, 1n, 0n, 7n), 'FEE_TOO_LOW'],
    ['a fee in a token without a fee account', () => transfer(carol, 4, 4, 1n, 0n, 1n, TOKEN), 'NO_FEE_SLOT'],
    ['an amount above the balance', () => transfer(alice, 1, 2, 2n * 10n ** 18n, 0n), 'INSUFFICIENT_BALANCE'],
  ] as Array<[string, () => SignedL2Tx, string]>)('refuses %s', async (_name, make, code) => {
    const node = fundedNode();
    expect(await rejectionCode(node.mempool.submit(make()))).toBe(code);
    expect(node.mempool.size).toBe(0);
    await node.close();
  });

  test('a replayed tx is ALREADY_KNOWN, pending or included', async () => {
    const node = fundedNode();
    const tx = transfer(alice, 1, 2, 1n, 0n);
    await node.mempool.submit(tx);
    expect(await rejectionCode(node.mempool.submit(tx))).toBe('ALREADY_KNOWN');
    node.batcher.seal();
    expect(await rejectionCode(node.mempool.submit(tx))).toBe('ALREADY_KNOWN');
    await node.close();
  });

  test('is bounded: MEMPOOL_FULL beyond maxPending', async () => {
    const node = fundedNode({ mempool: { maxPending: 1, verifyWorkers: 0 } });
    await node.mempool.submit(transfer(alice, 1, 2, 1n, 0n));
    expect(await rejectionCode(node.mempool.submit(transfer(bob, 2, 1, 1n, 0n)))).toBe('MEMPOOL_FULL');
    await node.close();
  });

  test('a forced exit seen on L1 drops the accepted txs it invalidates, with the reason', async () => {
    const node = fundedNode();
    const hash = await node.mempool.submit(transfer(alice, 1, 2, 1000n, 0n));
    queueL1(node, [{ txType: TxType.FORCED_EXIT, idx: 1, tokenId: 0n, amount: 0n, ethAddr: alice.ethAddr, ax: 0n, ay: 0n }]);
    expect(node.mempool.size).toBe(0);
    expect(node.store.txs.get(hash)).toMatchObject({ status: 'rejected', reasonCode: 'INSUFFICIENT_BALANCE' });
    await node.close();
  });

  test('after a restart the pending state is rebuilt from the store', async () => {
    const node = fundedNode();
    await node.mempool.submit(transfer(alice, 1, 2, 1000n, 0n));
    await node.mempool.submit(signed(bob, { fromIdx: 2, toIdx: 0, amount: 7n, fee: MIN_FEE, nonce: 0n, tokenId: ETH }));
    const before = [1, 2, 3].map((i) => node.mempool.view.getAccount(i));
    node.mempool.reload();
    expect([1, 2, 3].map((i) => node.mempool.view.getAccount(i))).toEqual(before);
    expect(node.mempool.size).toBe(2);
    await node.close();
  });
});
