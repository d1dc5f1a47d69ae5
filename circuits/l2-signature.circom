pragma circom 2.1.0;

include "circomlib/circuits/eddsaposeidon.circom";
include "circomlib/circuits/poseidon.circom";

// BabyCheckIfEnabled(): proves that (x, y) is on BabyJubJub, a x^2 + y^2 = 1 + d x^2 y^2, when
// `enabled` is 1; nothing when it is 0. Four constraints.
// Caller obligations: `enabled` is boolean.
template BabyCheckIfEnabled() {
    signal input enabled;
    signal input x;
    signal input y;

    var A = 168700;
    var D = 168696;
    signal x2 <== x * x;
    signal y2 <== y * y;
    signal x2y2 <== x2 * y2;
    enabled * (A * x2 + y2 - 1 - D * x2y2) === 0;
}

// L2TxSignature(): when `enabled` is 1, proves that (r8x, r8y, s) is an EdDSA-Poseidon signature by the
// key (ax, ay) of l2TxHash = Poseidon(chainId, rollupAddress, packedL2Tx) (docs/protocol.md §3), with the
// key and R8 on the curve, S below the subgroup order and 8A not the identity (circomlib's
// EdDSAPoseidonVerifier checks those two). When `enabled` is 0 it proves that the signature is all zeros,
// and the verifier is fed the key (0, 0): whatever the account's key, a disabled verifier never divides
// by zero (an off-curve key written by a deposit could otherwise make a forced exit unprovable).
// Caller obligations: `enabled` is boolean and derived from constrained tx-type bits; packedL2Tx packs
// range-checked fields.
template L2TxSignature() {
    signal input enabled;
    signal input chainId;
    signal input rollupAddress;
    signal input packedL2Tx;
    signal input ax;
    signal input ay;
    signal input r8x;
    signal input r8y;
    signal input s;

    component message = Poseidon(3);
    message.inputs <== [chainId, rollupAddress, packedL2Tx];

    (1 - enabled) * r8x === 0;
    (1 - enabled) * r8y === 0;
    (1 - enabled) * s === 0;

    component keyOnCurve = BabyCheckIfEnabled();
    keyOnCurve.enabled <== enabled;
    keyOnCurve.x <== ax;
    keyOnCurve.y <== ay;
    component r8OnCurve = BabyCheckIfEnabled();
    r8OnCurve.enabled <== enabled;
    r8OnCurve.x <== r8x;
    r8OnCurve.y <== r8y;

    component verifier = EdDSAPoseidonVerifier();
    verifier.enabled <== enabled;
    verifier.Ax <== enabled * ax;
    verifier.Ay <== enabled * ay;
    verifier.S <== s;
    verifier.R8x <== r8x;
    verifier.R8y <== r8y;
    verifier.M <== message.out;
}
