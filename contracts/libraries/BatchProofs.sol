// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IBatchVerifier} from "../interfaces/IBatchVerifier.sol";
import {IRollup} from "../interfaces/IRollup.sol";

/// @title BatchProofs
/// @notice Verifies the proofs of k consecutive batches with one batched check per verifier (docs/protocol.md §9).
library BatchProofs {
    /// @dev Proof i is batch `firstBatch + i`'s, to verify with verifiers[i] against publicInputs[i]. Batches that
    ///      share a verifier (a verification key) are checked together with its verifyProofs. When a check fails,
    ///      the proofs it covered are re-checked one by one, in batch order, and the first one that fails is named
    ///      by InvalidProof; nothing else is named, so a revert always points at a bad proof.
    function verify(
        uint64 firstBatch,
        IRollup.Proof[] calldata proofs,
        IBatchVerifier[] memory verifiers,
        uint256[] memory publicInputs
    ) internal view {
        uint256 k = proofs.length;
        uint256[] memory group = new uint256[](k);
        IBatchVerifier[] memory distinct = new IBatchVerifier[](k);
        uint256 groups = 0;
        for (uint256 i = 0; i < k; ++i) {
            uint256 g = 0;
            while (g < groups && distinct[g] != verifiers[i]) ++g;
            if (g == groups) distinct[groups++] = verifiers[i];
            group[i] = g;
        }
        bool[] memory failed = new bool[](groups);
        bool anyFailed = false;
        for (uint256 g = 0; g < groups; ++g) {
            failed[g] = !_verifyGroup(distinct[g], g, group, proofs, publicInputs);
            anyFailed = anyFailed || failed[g];
        }
        if (!anyFailed) return;
        uint256 firstFailed = k;
        for (uint256 i = 0; i < k; ++i) {
            if (!failed[group[i]]) continue;
            if (firstFailed == k) firstFailed = i;
            uint256[8][] memory one = new uint256[8][](1);
            uint256[] memory input = new uint256[](1);
            one[0] = _words(proofs[i]);
            input[0] = publicInputs[i];
            if (!verifiers[i].verifyProofs(one, input)) revert IRollup.InvalidProof(firstBatch + uint64(i));
        }
        // Only if a combined check failed where every proof alone passes (probability 2^-128 for honest proofs).
        revert IRollup.InvalidProof(firstBatch + uint64(firstFailed));
    }

    /// @dev verifyProofs of the proofs whose group is `g`, in batch order.
    function _verifyGroup(
        IBatchVerifier verifier,
        uint256 g,
        uint256[] memory group,
        IRollup.Proof[] calldata proofs,
        uint256[] memory publicInputs
    ) private view returns (bool) {
        uint256 n = 0;
        for (uint256 i = 0; i < group.length; ++i) if (group[i] == g) ++n;
        uint256[8][] memory words = new uint256[8][](n);
        uint256[] memory inputs = new uint256[](n);
        n = 0;
        for (uint256 i = 0; i < group.length; ++i) {
            if (group[i] != g) continue;
            words[n] = _words(proofs[i]);
            inputs[n++] = publicInputs[i];
        }
        return verifier.verifyProofs(words, inputs);
    }

    /// @dev A proof as verifyProofs takes it: A, B (as given), C; the struct's 8 words in order.
    function _words(IRollup.Proof calldata proof) private pure returns (uint256[8] memory out) {
        assembly ("memory-safe") {
            calldatacopy(out, proof, 256)
        }
    }
}
