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
        uint256 p;
        assembly ("memory-safe") {
            p := add(preimage, 0x20)
        }
        _writeHeader(p, header);
        for (uint256 f = 0; f < feeIdx.length; ++f) {
            uint256 idx = feeIdx[f];
            uint256 at = HEADER_BYTES + f * FEE_IDX_BYTES;
            assembly ("memory-safe") {
                mstore(add(p, at), shl(224, idx))
            }
        }
        uint256 l2At = txDataAt + slots.l1TxCount * SLOT_BYTES;
        assembly ("memory-safe") {
            calldatacopy(add(p, l2At), l2TxData.offset, l2TxData.length)
        }
        return uint256(sha256(preimage)) % ProtocolConstants.FIELD_MODULUS;
    }

    /// @dev The same hash, of a batch whose fee idx (`feeSlots` of them, 4 bytes each, big-endian, as the preimage
    ///      holds them) are at calldata offset feeAt and whose `l2TxCount` slots of data are at txAt; built in scratch
    ///      memory past the free memory pointer, which it does not move, so that hashing one batch after another (a
    ///      settlement) reuses the same memory. Same obligations as hash.
    function hashAt(Header memory header, uint256 feeAt, uint256 feeSlots, uint256 txAt, uint256 l2TxCount, Slots memory slots)
        internal
        view
        returns (uint256 digest)
    {
        uint256 p;
        assembly ("memory-safe") {
            p := mload(0x40)
        }
        _writeHeader(p, header);
        // Unchecked: sizes of a few KiB at most (the caller checked the counts against the circuit).
        unchecked {
            uint256 txDataAt = HEADER_BYTES + feeSlots * FEE_IDX_BYTES;
            uint256 slotsLength = slots.batchSize * SLOT_BYTES;
            uint256 l2At = txDataAt + slots.l1TxCount * SLOT_BYTES;
            uint256 l2Length = l2TxCount * SLOT_BYTES;
            assembly ("memory-safe") {
                calldatacopy(add(p, HEADER_BYTES), feeAt, sub(txDataAt, HEADER_BYTES))
                // Zero the slots (an earlier preimage may be there): calldata past its end reads as zeros.
                calldatacopy(add(p, txDataAt), calldatasize(), slotsLength)
                calldatacopy(add(p, l2At), txAt, l2Length)
                if iszero(staticcall(gas(), 0x02, p, add(txDataAt, slotsLength), 0, 0x20)) { revert(0, 0) }
                digest := mload(0)
            }
        }
        digest %= ProtocolConstants.FIELD_MODULUS;
    }

    /// @dev The header's 196 bytes at p. Each mstore writes a whole word; fields are written in ascending order, so a
    ///      word's zero tail is overwritten by the next field or falls on what the caller writes next (fee idx).
    function _writeHeader(uint256 p, Header memory header) private pure {
        assembly ("memory-safe") {
            mstore(p, shl(192, mload(header)))
            mstore(add(p, 8), shl(96, mload(add(header, 0x20))))
            mstore(add(p, 28), shl(192, mload(add(header, 0x40))))
            mstore(add(p, 36), mload(add(header, 0x60)))
            mstore(add(p, 68), mload(add(header, 0x80)))
            mstore(add(p, 100), mload(add(header, 0xa0)))
            mstore(add(p, 132), mload(add(header, 0xc0)))
            mstore(add(p, 164), mload(add(header, 0xe0)))
        }
    }
}
