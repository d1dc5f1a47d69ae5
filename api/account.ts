import Type, { type Static } from 'typebox';
import type { AccountLeaf } from '../core/account.js';
import { Address, Amount, Field, Idx, Nonce, TokenId, addressHex } from './scalars.js';

export const IdxParams = Type.Object({ idx: Idx }, { additionalProperties: false });
export type IdxParams = Static<typeof IdxParams>;

/** GET /v1/accounts?ax=&ay=: the accounts of a BabyJubJub public key. */
export const KeyQuery = Type.Object({ ax: Field, ay: Field }, { additionalProperties: false });
export type KeyQuery = Static<typeof KeyQuery>;

/** GET /v1/accounts/:idx: an account as of the last sealed batch, and pending. */
export const AccountView = Type.Object({
  idx: Idx,
  tokenId: TokenId,
  nonce: Nonce,
  balance: Amount,
  ax: Field,
  ay: Field,
  ethAddr: Address,
  pending: Type.Object(
    { nonce: Nonce, balance: Amount },
    { description: 'after the txs accepted and L1 txs seen but not yet batched' },
  ),
});
export type AccountView = Static<typeof AccountView>;

export const AccountList = Type.Object({ accounts: Type.Array(AccountView) });
export type AccountList = Static<typeof AccountList>;

/** An account leaf in its wire form, without the pending part. */
export function accountToJson(idx: number, a: AccountLeaf): Omit<AccountView, 'pending'> {
  return {
    idx: String(idx),
    tokenId: a.tokenId.toString(),
    nonce: a.nonce.toString(),
    balance: a.balance.toString(),
    ax: a.ax.toString(),
    ay: a.ay.toString(),
    ethAddr: addressHex(a.ethAddr),
  };
}
