import type { PublicKey } from '../core/eddsa.js';
import { l2TxHash, verifyL2TxSignature } from '../core/l2-tx-hash.js';
import type { RollupDomain, SignedL2Tx } from '../core/tx.js';

export interface SignatureCheck {
  /** l2TxHash: the signed message and the tx's id. */
  readonly hash: bigint;
  readonly valid: boolean;
}

/** Hashes an L2 tx and checks its signature; the slow part of ingest, so it may run off the main thread. */
export interface SignatureVerifier {
  verify(tx: SignedL2Tx, publicKey: PublicKey): Promise<SignatureCheck>;
  close(): Promise<void>;
}

export function checkSignature(tx: SignedL2Tx, publicKey: PublicKey, domain: RollupDomain): SignatureCheck {
  return { hash: l2TxHash(tx, domain), valid: verifyL2TxSignature(tx, domain, publicKey) };
}

/** Verifies on the calling thread (tests, and machines where workers do not pay). */
export class InlineVerifier implements SignatureVerifier {
  readonly #domain: RollupDomain;

  constructor(domain: RollupDomain) {
    this.#domain = domain;
  }

  async verify(tx: SignedL2Tx, publicKey: PublicKey): Promise<SignatureCheck> {
    return checkSignature(tx, publicKey, this.#domain);
  }

  async close(): Promise<void> {}
}
