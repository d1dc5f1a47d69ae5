import { packFields } from './bits.js';
import { IDX_BITS, NONCE_BITS, TOKEN_BITS } from './constants.js';
import { signPoseidon, verifyPoseidon, type PublicKey } from './eddsa.js';
import { AMOUNT_FLOAT, encodeFloat, FEE_FLOAT } from './float.js';
import { poseidon } from './poseidon.js';
import { assertL2Tx, type L2Tx, type RollupDomain, type SignedL2Tx } from './tx.js';
import { assertDomain } from './domain.js';

/** packedL2Tx (docs/protocol.md §3): fromIdx, toIdx, amountFloat, feeFloat, nonce, tokenId from the lowest bits. */
export function packL2Tx(tx: L2Tx): bigint {
  assertL2Tx(tx);
  return packFields([
    [BigInt(tx.fromIdx), IDX_BITS],
    [BigInt(tx.toIdx), IDX_BITS],
    [BigInt(encodeFloat(tx.amount, AMOUNT_FLOAT)), AMOUNT_FLOAT.bits],
    [BigInt(encodeFloat(tx.fee, FEE_FLOAT)), FEE_FLOAT.bits],
    [tx.nonce, NONCE_BITS],
    [tx.tokenId, TOKEN_BITS],
  ]);
}

/** The message the sender signs and the tx's identifier: Poseidon(chainId, rollupAddress, packedL2Tx). */
export function l2TxHash(tx: L2Tx, domain: RollupDomain): bigint {
  assertDomain(domain);
  return poseidon([domain.chainId, domain.rollupAddress, packL2Tx(tx)]);
}

export function signL2Tx(privateKey: Uint8Array, tx: L2Tx, domain: RollupDomain): SignedL2Tx {
  return { ...tx, signature: signPoseidon(privateKey, l2TxHash(tx, domain)) };
}

export function verifyL2TxSignature(tx: SignedL2Tx, domain: RollupDomain, publicKey: PublicKey): boolean {
  return verifyPoseidon(l2TxHash(tx, domain), tx.signature, publicKey);
}
