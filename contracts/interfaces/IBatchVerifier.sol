// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IBatchVerifier
/// @notice The Groth16 verifier of one batch circuit, generated from its verification key (contracts/verifiers/,
///         never hand-edited): snarkjs' single-proof verifier plus a batched check of many proofs
///         (proving-kit/export-batch-verifier.ts). The circuit has exactly one public input, the batch's
///         publicInputHash (docs/protocol.md §8).
interface IBatchVerifier {
    /// @notice True iff the proof verifies for the public input. snarkjs' verifier returns false (it does not
    ///         revert) for a public input >= r and for points that are not on the curve.
    /// @param _pA The proof's A point.
    /// @param _pB The proof's B point, coordinates in the order snarkjs' `exportSolidityCallData` gives them.
    /// @param _pC The proof's C point.
    /// @param _pubSignals The one public input.
    function verifyProof(
        uint256[2] calldata _pA,
        uint256[2][2] calldata _pB,
        uint256[2] calldata _pC,
        uint256[1] calldata _pubSignals
    ) external view returns (bool);

    /// @notice True iff every proofs[i] verifies for pubSignals[i] (false for an invalid one, up to a 2^-128
    ///         chance), checked with one pairing call of k + 3 pairs: Groth16's k equations combined with random
    ///         coefficients drawn from keccak256 of all proofs and inputs. False, never a revert, when the
    ///         lengths differ or are zero, a public input is >= r, a coordinate is >= q or a point is not on
    ///         its curve. A G2 point on the curve but outside its subgroup fails the pairing precompile, which
    ///         consumes the gas forwarded to it.
    /// @param proofs Each proof as 8 words: A.x, A.y, B (snarkjs' calldata order), C.x, C.y.
    /// @param pubSignals The one public input of each proof.
    function verifyProofs(uint256[8][] calldata proofs, uint256[] calldata pubSignals) external view returns (bool);
}
