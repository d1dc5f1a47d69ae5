// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IBatchVerifier
/// @notice The Groth16 verifier of one batch circuit, as snarkjs generates it (contracts/verifiers/, never
///         hand-edited). The circuit has exactly one public input, the batch's publicInputHash
///         (docs/protocol.md §8).
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
}
