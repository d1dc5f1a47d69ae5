// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ProtocolConstants} from "./ProtocolConstants.sol";

/// @title PublicInput
/// @notice The batch circuit's one public input, uint256(sha256(preimage)) mod r, built byte for byte as
///         docs/protocol.md §8 lays it out (core/public-input.ts is the reference).
library PublicInput {
    /// @dev The fixed-width fields that open the preimage.
    struct Header {
        uint64 chainId;
        address rollupAddress;
        uint64 batchNumber;
        uint256 oldStateRoot;
        uint256 newStateRoot;
        uint256 l1QueueStartHash;
        uint256 l1QueueEndHash;
        uint256 withdrawalsHash;
    }

    /// @dev Where the L2 tx data goes: after `l1TxCount` zero slots, in a preimage of `batchSize` slots.
    struct Slots {
        uint256 l1TxCount;
        uint256 batchSize;
    }

    /// @dev chainId (8) | rollupAddress (20) | batchNumber (8) | five 32-byte fields.
    uint256 internal constant HEADER_BYTES = 196;
    uint256 internal constant FEE_IDX_BYTES = ProtocolConstants.IDX_BITS / 8;
    uint256 internal constant SLOT_BYTES = ProtocolConstants.L2_TX_BYTES;

    /// @dev Hashes header | feeIdx (4 bytes each) | batchSize slots of tx data, where the first `l1TxCount` slots
    ///      are zero (L1 slots), then `l2TxData`, then zeros (NOOP padding). The caller guarantees
    ///      l1TxCount * 12 + l2TxData.length <= batchSize * 12 and that the roots are field elements.
    function hash(Header memory header, uint32[] calldata feeIdx, bytes calldata l2TxData, Slots memory slots)
        internal
        pure
        returns (uint256)
    {
        uint256 txDataAt = HEADER_BYTES + feeIdx.length * FEE_IDX_BYTES;
        // `new bytes` zero-fills: the L1 slots and the padding need no writes.
        bytes memory preimage = new bytes(txDataAt + slots.batchSize * SLOT_BYTES);
        assembly ("memory-safe") {
            let p := add(preimage, 0x20)
            // Each mstore writes a whole word; fields are written in ascending order, so a word's zero tail is
            // overwritten by the next field or falls on bytes that must be zero anyway (L1 slots, padding),
            // or past the end of the preimage into free memory.
            mstore(p, shl(192, mload(header)))
            mstore(add(p, 8), shl(96, mload(add(header, 0x20))))
            mstore(add(p, 28), shl(192, mload(add(header, 0x40))))
            mstore(add(p, 36), mload(add(header, 0x60)))
            mstore(add(p, 68), mload(add(header, 0x80)))
            mstore(add(p, 100), mload(add(header, 0xa0)))
            mstore(add(p, 132), mload(add(header, 0xc0)))
            mstore(add(p, 164), mload(add(header, 0xe0)))
        }
        for (uint256 f = 0; f < feeIdx.length; ++f) {
            uint256 idx = feeIdx[f];
            uint256 at = HEADER_BYTES + f * FEE_IDX_BYTES;
            assembly ("memory-safe") {
                mstore(add(add(preimage, 0x20), at), shl(224, idx))
            }
        }
        uint256 l2At = txDataAt + slots.l1TxCount * SLOT_BYTES;
        assembly ("memory-safe") {
            calldatacopy(add(add(preimage, 0x20), l2At), l2TxData.offset, l2TxData.length)
        }
        return uint256(sha256(preimage)) % ProtocolConstants.FIELD_MODULUS;
    }
}
