// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {PoseidonT4} from "poseidon-solidity/PoseidonT4.sol";
import {IRollup} from "../interfaces/IRollup.sol";
import {ProtocolConstants} from "./ProtocolConstants.sol";

/// @title WithdrawalRecords
/// @notice A batch's withdrawal records as commitBatch carries them: `ethAddr (20) | tokenId (4) | amount (16)`
///         each, big-endian (docs/protocol.md §7; core/withdrawals.ts).
library WithdrawalRecords {
    /// @dev A record's amount starts after its ethAddr and tokenId.
    uint256 private constant AMOUNT_AT = (ProtocolConstants.ETH_ADDR_BITS + ProtocolConstants.TOKEN_BITS) / 8;

    /// @dev How many records `records` holds; reverts unless its length is a multiple of WITHDRAWAL_BYTES.
    function count(bytes calldata records) internal pure returns (uint256) {
        if (records.length % ProtocolConstants.WITHDRAWAL_BYTES != 0) {
            revert IRollup.WithdrawalsLengthInvalid(records.length);
        }
        return records.length / ProtocolConstants.WITHDRAWAL_BYTES;
    }

    /// @dev Record `i`; the caller guarantees i < count(records).
    function at(bytes calldata records, uint256 i)
        internal
        pure
        returns (address ethAddr, uint32 tokenId, uint128 amount)
    {
        // Unchecked: i < count(records), and the rest are sums of constants, which the compiler then folds.
        unchecked {
            uint256 headAt = i * ProtocolConstants.WITHDRAWAL_BYTES;
            uint256 tailAt = headAt + AMOUNT_AT;
            uint256 head;
            uint256 tail;
            assembly ("memory-safe") {
                head := calldataload(add(records.offset, headAt))
                tail := calldataload(add(records.offset, tailAt))
            }
            // Each field is the top bits of the word that starts with it.
            ethAddr = address(uint160(head >> (256 - ProtocolConstants.ETH_ADDR_BITS)));
            tokenId = uint32(head >> (256 - ProtocolConstants.ETH_ADDR_BITS - ProtocolConstants.TOKEN_BITS));
            amount = uint128(tail >> (256 - ProtocolConstants.AMOUNT_BITS));
        }
    }

    /// @dev withdrawalsHash = Poseidon(withdrawalsHash, ethAddr, tokenId | amount << 32) over the records, from 0
    ///      (core's withdrawalsHash). Reverts on a malformed length or a zero amount.
    function hash(bytes calldata records) internal pure returns (uint256 chain) {
        uint256 n = count(records);
        for (uint256 i = 0; i < n; ++i) {
            (address ethAddr, uint32 tokenId, uint128 amount) = at(records, i);
            if (amount == 0) revert IRollup.WithdrawalAmountZero(i);
            chain = PoseidonT4.hash(
                [chain, uint256(uint160(ethAddr)), uint256(tokenId) | (uint256(amount) << ProtocolConstants.TOKEN_BITS)]
            );
        }
    }

    /// @dev keccak256 of the records, 0 for none: what commitBatch stores and proveBatches checks.
    function digest(bytes calldata records) internal pure returns (bytes32) {
        return records.length == 0 ? bytes32(0) : keccak256(records);
    }
}
