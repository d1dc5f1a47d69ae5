import { BALANCE_BITS, ETH_ADDR_BITS, NONCE_BITS, TOKEN_BITS } from './constants.js';
import { assertBits, packFields } from './bits.js';
import { ModuloError } from './errors.js';
import { poseidon } from './poseidon.js';

/** An account leaf's content (docs/protocol.md §2). */
export interface AccountLeaf {
  readonly tokenId: bigint;
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly ax: bigint;
  readonly ay: bigint;
  readonly ethAddr: bigint;
}

/** The empty leaf's hash; an account that does not exist reads as EMPTY_ACCOUNT. */
export const EMPTY_LEAF = 0n;
export const EMPTY_ACCOUNT: AccountLeaf = { tokenId: 0n, nonce: 0n, balance: 0n, ax: 0n, ay: 0n, ethAddr: 0n };

export function assertAccount(account: AccountLeaf): void {
  assertBits(account.tokenId, TOKEN_BITS, 'tokenId');
  assertBits(account.nonce, NONCE_BITS, 'nonce');
  assertBits(account.balance, BALANCE_BITS, 'balance');
  assertBits(account.ethAddr, ETH_ADDR_BITS, 'ethAddr');
}

/** packedAccount (docs/protocol.md §2): tokenId, nonce, balance from the lowest bits. */
export function packAccount(account: AccountLeaf): bigint {
  assertAccount(account);
  return packFields([[account.tokenId, TOKEN_BITS], [account.nonce, NONCE_BITS], [account.balance, BALANCE_BITS]]);
}

export function accountLeafHash(account: AccountLeaf): bigint {
  return poseidon([packAccount(account), account.ax, account.ay, account.ethAddr]);
}

/**
 * An account exists iff its ethAddr is not 0: the contract creates accounts for `msg.sender` only, so the
 * circuit can tell an empty leaf from its fields. The tree leaf is 0 for an empty account.
 */
export function accountExists(account: AccountLeaf): boolean {
  return account.ethAddr !== 0n;
}

/** The value the tree holds for `account`: its leaf hash, or EMPTY_LEAF (and then all fields must be 0). */
export function accountLeafValue(account: AccountLeaf): bigint {
  if (accountExists(account)) return accountLeafHash(account);
  if (packAccount(account) !== 0n || account.ax !== 0n || account.ay !== 0n) {
    throw new ModuloError('MALFORMED', 'an account with ethAddr 0 is empty and must have every field 0');
  }
  return EMPTY_LEAF;
}
