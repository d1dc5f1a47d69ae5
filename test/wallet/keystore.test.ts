import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEV_USER_KEYS } from '../../devnet/accounts.js';
import { derivePublicKey } from '../../core/eddsa.js';
import { createAccount, freeDevKey, listAccounts, loadAccount } from '../../wallet/keystore.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modulo-wallet-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('keystore', () => {
  test('stores a BabyJubJub key and an L1 key, readable by the owner only, and loads them back', () => {
    const created = createAccount(dir, 'alice', { l1Key: DEV_USER_KEYS[0]! });
    expect(statSync(created.path).mode & 0o777).toBe(0o600);
    const loaded = loadAccount(dir, 'alice');
    expect(derivePublicKey(loaded.privateKey)).toEqual({ ax: created.ax, ay: created.ay });
    expect(loaded.l1.address).toBe(new Wallet(DEV_USER_KEYS[0]!).address);
    expect(listAccounts(dir).map((a) => a.name)).toEqual(['alice']);
  });

  test('refuses to overwrite an account, and names a missing one with the command that creates it', () => {
    createAccount(dir, 'alice', { l1Key: DEV_USER_KEYS[0]! });
    expect(() => createAccount(dir, 'alice', { l1Key: DEV_USER_KEYS[1]! })).toThrow(expect.objectContaining({ code: 'WALLET_EXISTS' }));
    expect(() => loadAccount(dir, 'bob')).toThrow(/modulo account new bob/);
  });

  test.each(['../x', 'a b', '', '-x'])('refuses the account name "%s"', (name) => {
    expect(() => createAccount(dir, name, { l1Key: DEV_USER_KEYS[0]! })).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });

  test('hands out the devnet\'s funded keys in order, each once', () => {
    expect(freeDevKey(dir, DEV_USER_KEYS)).toBe(DEV_USER_KEYS[0]);
    createAccount(dir, 'alice', { l1Key: DEV_USER_KEYS[0]! });
    expect(freeDevKey(dir, DEV_USER_KEYS)).toBe(DEV_USER_KEYS[1]);
    DEV_USER_KEYS.slice(1).forEach((key, i) => createAccount(dir, `u${i}`, { l1Key: key }));
    expect(() => freeDevKey(dir, DEV_USER_KEYS)).toThrow(expect.objectContaining({ code: 'NO_DEV_ACCOUNT' }));
  });
});
