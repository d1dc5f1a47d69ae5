// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IBatchVerifier} from "../interfaces/IBatchVerifier.sol";

/// @title RejectingVerifier
/// @notice Test-only verifier that rejects every proof: a circuit slot for tests that commit batches (or check
///         the InvalidProof path) without a real verifier. Never a stand-in for a proof that should pass.
contract RejectingVerifier is IBatchVerifier {
    function verifyProof(uint256[2] calldata, uint256[2][2] calldata, uint256[2] calldata, uint256[1] calldata)
        external
        pure
        returns (bool)
    {
        return false;
    }

    function verifyProofs(uint256[8][] calldata, uint256[] calldata) external pure returns (bool) {
        return false;
    }
}
