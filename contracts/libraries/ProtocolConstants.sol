// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title ProtocolConstants
/// @notice Bit widths and sizes of the Modulo protocol, mirrored by name from core/constants.ts
///         (docs/protocol.md, "Widths"). test/contracts/constants.test.ts asserts the mirror agrees.
library ProtocolConstants {
    uint256 internal constant IDX_BITS = 32;
    uint256 internal constant TOKEN_BITS = 32;
    uint256 internal constant NONCE_BITS = 40;
    uint256 internal constant BALANCE_BITS = 128;
    uint256 internal constant AMOUNT_BITS = 128;
    uint256 internal constant ETH_ADDR_BITS = 160;
    uint256 internal constant TX_TYPE_BITS = 8;
    uint256 internal constant CHAIN_ID_BITS = 64;
    uint256 internal constant BATCH_NUMBER_BITS = 64;
    uint256 internal constant AMOUNT_FLOAT_BITS = 24;
    uint256 internal constant FEE_FLOAT_BITS = 8;
    uint256 internal constant FLOAT_EXPONENT_BITS = 5;
    uint256 internal constant L2_TX_BYTES = 12;
    uint256 internal constant WITHDRAWAL_BYTES = 40;
    uint256 internal constant FIELD_MODULUS =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @dev core/constants.ts `TxType`: the L1 tx types the contract queues (test/contracts/constants.test.ts).
    uint8 internal constant TX_TYPE_DEPOSIT = 1;
    uint8 internal constant TX_TYPE_FORCED_EXIT = 2;
}
