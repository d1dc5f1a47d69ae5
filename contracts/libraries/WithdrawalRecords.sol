// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {PoseidonT4} from "poseidon-solidity/PoseidonT4.sol";
import {IRollup} from "../interfaces/IRollup.sol";

/// @title WithdrawalRecords
/// @notice A batch's withdrawal records as commitBatch carries them: `ethAddr (20) | tokenId (4) | amount (16)`
///         each, big-endian (docs/protocol.md §7; core/withdrawals.ts).
library WithdrawalRecords {
    /// @dev core/withdrawals.ts WITHDRAWAL_BYTES.
    uint256 internal constant RECORD_BYTES = 40;

    /// @dev How many records `records` holds; reverts unless its length is a multiple of RECORD_BYTES.
    function count(bytes calldata records) internal pure returns (uint256) {
        if (records.length % RECORD_BYTES != 0) revert IRollup.WithdrawalsLengthInvalid(records.length);
        return records.length / RECORD_BYTES;
    }

    /// @dev Record `i`; the caller guarantees i < count(records).
    function at(bytes calldata records, uint256 i)
        internal
        pure
        returns (address ethAddr, uint32 tokenId, uint128 amount)
    {
        uint256 head;
        uint256 tail;
        assembly ("memory-safe") {
            let p := add(records.offset, mul(i, RECORD_BYTES))
            head := calldataload(p)
            tail := calldataload(add(p, 24))
        }
        ethAddr = address(uint160(head >> 96));
        tokenId = uint32(head >> 64);
        amount = uint128(tail >> 128);
    }

    /// @dev withdrawalsHash = Poseidon(withdrawalsHash, ethAddr, tokenId | amount << 32) over the records, from 0
    ///      (core's withdrawalsHash). Reverts on a malformed length or a zero amount.
    function hash(bytes calldata records) internal pure returns (uint256 chain) {
        uint256 n = count(records);
        for (uint256 i = 0; i < n; ++i) {
            (address ethAddr, uint32 tokenId, uint128 amount) = at(records, i);
            if (amount == 0) revert IRollup.WithdrawalAmountZero(i);
            chain = PoseidonT4.hash([chain, uint256(uint160(ethAddr)), uint256(tokenId) | (uint256(amount) << 32)]);
        }
    }

    /// @dev keccak256 of the records, 0 for none: what commitBatch stores and proveBatch checks.
    function digest(bytes calldata records) internal pure returns (bytes32) {
        return records.length == 0 ? bytes32(0) : keccak256(records);
    }
}
