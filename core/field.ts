import { ModuloError } from './errors.js';

/**
 * The BN254 scalar field r: every circuit signal, Poseidon input and BabyJubJub coordinate lives here.
 * The contract's verifier rejects public inputs >= r, so core never produces one.
 */
export const FIELD_MODULUS =
  21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/**
 * Order l of BabyJubJub's prime subgroup (the curve has 8 * l points). EdDSA scalars live mod l and
 * the circuit rejects a signature whose S is not below l.
 */
export const SUBGROUP_ORDER =
  2736030358979909402780800718157159386076813972158567259200215660948447373041n;

/** True for a canonical field element: a bigint in [0, r). */
export function isField(x: bigint): boolean {
  return typeof x === 'bigint' && x >= 0n && x < FIELD_MODULUS;
}

/** Throws NOT_IN_FIELD unless `x` is a canonical field element; `what` names it in the message. */
export function assertField(x: bigint, what: string): void {
  if (!isField(x)) {
    throw new ModuloError('NOT_IN_FIELD', `${what} must be a field element in [0, r), got ${String(x)}`, {
      field: what,
      value: String(x),
    });
  }
}
