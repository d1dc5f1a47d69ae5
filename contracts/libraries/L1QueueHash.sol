// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";

/// @title L1QueueHash
/// @notice The L1 queue's Poseidon chain (docs/protocol.md §6; core/l1-queue.ts).
library L1QueueHash {
    /// @dev txType | idx << 8 | tokenId << 40 | amount << 72 (200 bits, core's packL1Tx).
    function pack(uint8 txType, uint32 idx, uint32 tokenId, uint128 amount) internal pure returns (uint256) {
        return uint256(txType) | (uint256(idx) << 8) | (uint256(tokenId) << 40) | (uint256(amount) << 72);
    }

    /// @dev l1QueueHash[i+1] = Poseidon(l1QueueHash[i], packedL1Tx, ethAddr, ax, ay) (core's nextL1QueueHash).
    function next(uint256 previous, uint256 packedL1Tx, address ethAddr, uint256 ax, uint256 ay)
        internal
        pure
        returns (uint256)
    {
        return PoseidonT6.hash([previous, packedL1Tx, uint256(uint160(ethAddr)), ax, ay]);
    }
}
