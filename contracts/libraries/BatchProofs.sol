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
    ///      by InvalidProof (should every one pass alone, which happens with probability 2^-128, the failed
    ///      group's first batch is named).
    function verify(
        uint64 firstBatch,
        IRollup.Proof[] calldata proofs,
        IBatchVerifier[] memory verifiers,
        uint256[] memory publicInputs
    ) internal view {
        uint256 k = proofs.length;
        uint256[] memory group = new uint256[](k);
        bool[] memory failed;
        if (_sameVerifier(verifiers)) {
            // The common case, one circuit: every proof is in group 0.
            if (_verifyGroup(verifiers[0], 0, k, group, proofs, publicInputs)) return;
            failed = new bool[](1);
            failed[0] = true;
        } else {
            failed = _verifyGroups(k, group, proofs, verifiers, publicInputs);
            if (failed.length == 0) return;
        }
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

    function _sameVerifier(IBatchVerifier[] memory verifiers) private pure returns (bool same) {
        same = true;
        assembly ("memory-safe") {
            let first := mload(add(verifiers, 0x20))
            let end := add(add(verifiers, 0x20), shl(5, mload(verifiers)))
            for { let p := add(verifiers, 0x40) } lt(p, end) { p := add(p, 0x20) } {
                if iszero(eq(mload(p), first)) {
                    same := 0
                    break
                }
            }
        }
    }

    /// @dev Groups the proofs by verifier (group[i] := the group of proof i) and checks each group; returns which
    ///      groups failed, or nothing when none did.
    function _verifyGroups(
        uint256 k,
        uint256[] memory group,
        IRollup.Proof[] calldata proofs,
        IBatchVerifier[] memory verifiers,
        uint256[] memory publicInputs
    ) private view returns (bool[] memory failed) {
        IBatchVerifier[] memory distinct = new IBatchVerifier[](k);
        uint256 groups = 0;
        // Unchecked: i < k and g <= groups <= k index arrays of k entries; nothing here can overflow.
        unchecked {
            for (uint256 i = 0; i < k; ++i) {
                uint256 g = 0;
                while (g < groups && distinct[g] != verifiers[i]) ++g;
                if (g == groups) distinct[groups++] = verifiers[i];
                group[i] = g;
            }
        }
        failed = new bool[](groups);
        bool anyFailed = false;
        for (uint256 g = 0; g < groups; ++g) {
            failed[g] = !_verifyGroup(distinct[g], g, _count(group, g), group, proofs, publicInputs);
            anyFailed = anyFailed || failed[g];
        }
        if (!anyFailed) failed = new bool[](0);
    }

    function _count(uint256[] memory group, uint256 g) private pure returns (uint256 n) {
        unchecked {
            for (uint256 i = 0; i < group.length; ++i) if (group[i] == g) ++n;
        }
    }

    /// @dev verifyProofs of the n proofs whose group is `g`, in batch order. The call data is written directly (the
    ///      proofs copied from calldata as they are, all at once when every proof is in the group), which costs less
    ///      than ABI-encoding nested memory arrays.
    function _verifyGroup(
        IBatchVerifier verifier,
        uint256 g,
        uint256 n,
        uint256[] memory group,
        IRollup.Proof[] calldata proofs,
        uint256[] memory publicInputs
    ) private view returns (bool ok) {
        // selector | offset of proofs | offset of inputs | n | n proofs (8 words each) | n | n inputs
        bytes memory data = new bytes(4 + 32 * 4 + n * 288);
        uint256 inputsAt = 0x40 + 0x20 + n * 256;
        bytes4 selector = IBatchVerifier.verifyProofs.selector;
        uint256 words;
        assembly ("memory-safe") {
            words := add(data, 36)
            mstore(add(data, 32), selector)
            mstore(words, 0x40)
            mstore(add(words, 0x20), inputsAt)
            mstore(add(words, 0x40), n)
            mstore(add(words, inputsAt), n)
        }
        if (n == proofs.length) {
            assembly ("memory-safe") {
                calldatacopy(add(words, 0x60), proofs.offset, mul(n, 256))
                mcopy(add(words, add(inputsAt, 0x20)), add(publicInputs, 0x20), mul(n, 32))
            }
        } else {
            uint256 j = 0;
            for (uint256 i = 0; i < group.length; ++i) {
                if (group[i] != g) continue;
                IRollup.Proof calldata proof = proofs[i];
                uint256 input = publicInputs[i];
                assembly ("memory-safe") {
                    calldatacopy(add(words, add(0x60, mul(j, 256))), proof, 256)
                    mstore(add(words, add(add(inputsAt, 0x20), mul(j, 32))), input)
                }
                ++j;
            }
        }
        assembly ("memory-safe") {
            let success := staticcall(gas(), verifier, add(data, 32), mload(data), 0, 0x20)
            ok := and(and(success, eq(returndatasize(), 0x20)), eq(mload(0), 1))
        }
    }

    /// @dev A proof as verifyProofs takes it: A, B (as given), C; the struct's 8 words in order.
    function _words(IRollup.Proof calldata proof) private pure returns (uint256[8] memory out) {
        assembly ("memory-safe") {
            calldatacopy(out, proof, 256)
        }
    }
}
