import { describe, expect, test } from 'vitest';
import { l2TxHash } from '../../core/l2-tx-hash.js';
import { SignaturePool } from '../../sequencer/signature-pool.js';
import { DOMAIN, alice, bob, transfer } from './fixtures.js';

describe('SignaturePool', () => {
  test('checks on worker threads what the inline check would: hash and validity, in request order', async () => {
    const pool = new SignaturePool(DOMAIN, 2);
    try {
      const good = Array.from({ length: 6 }, (_, n) => transfer(alice, 1, 2, 1000n, BigInt(n)));
      const forged = { ...transfer(alice, 1, 2, 5n, 0n), signature: transfer(bob, 2, 1, 5n, 0n).signature };
      const txs = [...good, forged];
      const checks = await Promise.all(txs.map((tx) => pool.verify(tx, alice)));
      expect(checks.map((c) => c.valid)).toEqual([true, true, true, true, true, true, false]);
      expect(checks.map((c) => c.hash)).toEqual(txs.map((tx) => l2TxHash(tx, DOMAIN)));
    } finally {
      await pool.close();
    }
  });
});
