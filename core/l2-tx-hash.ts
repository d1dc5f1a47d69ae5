import { signPoseidon, verifyPoseidon, type PublicKey } from './eddsa.js';
import { AMOUNT_FLOAT, encodeFloat, FEE_FLOAT } from './float.js';
import { poseidon } from './poseidon.js';
import { assertL2Tx, type L2Tx, type RollupDomain, type SignedL2Tx } from './tx.js';
import { assertDomain } from './domain.js';

/** fromIdx | toIdx << 32 | amountFloat << 64 | feeFloat << 88 | nonce << 96 | tokenId << 136 */
export function packL2Tx(tx: L2Tx): bigint {
  assertL2Tx(tx);
  return (
    BigInt(tx.fromIdx) |
    (BigInt(tx.toIdx) << 32n) |
    (BigInt(encodeFloat(tx.amount, AMOUNT_FLOAT)) << 64n) |
    (BigInt(encodeFloat(tx.fee, FEE_FLOAT)) << 88n) |
    (tx.nonce << 96n) |
    (tx.tokenId << 136n)
  );
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
