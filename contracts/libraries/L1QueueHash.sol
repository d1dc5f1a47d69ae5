// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";
import {ProtocolConstants} from "./ProtocolConstants.sol";

/// @title L1QueueHash
/// @notice The L1 queue's Poseidon chain (docs/protocol.md §6; core/l1-queue.ts).
library L1QueueHash {
    /// @dev txType | idx << 8 | tokenId << 40 | amount << 72 (200 bits, core's packL1Tx).
    ///      The offsets are sums of constants: unchecked, so that the compiler folds them.
    function pack(uint8 txType, uint32 idx, uint32 tokenId, uint128 amount) internal pure returns (uint256) {
        unchecked {
            return uint256(txType) | (uint256(idx) << ProtocolConstants.TX_TYPE_BITS)
                | (uint256(tokenId) << (ProtocolConstants.TX_TYPE_BITS + ProtocolConstants.IDX_BITS))
                | (uint256(amount) << (ProtocolConstants.TX_TYPE_BITS + ProtocolConstants.IDX_BITS + ProtocolConstants.TOKEN_BITS));
        }
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
