// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IBridge} from "./IBridge.sol";

/// @title IExodus
/// @notice The escape hatch (docs/protocol.md §10): when an L1 tx waits longer than `forceDeadline` for a
///         finalized batch, anyone switches the rollup to exodus; then owners take their leaf balances out by
///         Merkle proof against the last finalized root, and deposits no finalized batch consumed are refunded.
///         Both credit the recipient, who pulls with `claim`.
interface IExodus {
    /// @notice An account leaf's fields (docs/protocol.md §2).
    struct AccountLeaf {
        uint32 tokenId;
        uint40 nonce;
        uint128 balance;
        uint256 ax;
        uint256 ay;
        address ethAddr;
    }

    /// @notice Every L1 tx ever queued is consumed by a finalized batch: nothing is overdue.
    error NoPendingL1Tx();
    /// @notice The oldest pending L1 tx, `queueIndex`, was queued at `queuedAt`; exodus is possible after
    ///         `deadline`.
    error ExodusNotDue(uint256 queueIndex, uint64 queuedAt, uint256 deadline);
    /// @notice Only possible in exodus mode.
    error ExodusNotActive();
    /// @notice `idx` is 0 or outside the `depth`-bit tree.
    error IdxOutOfRange(uint32 idx, uint8 depth);
    /// @notice A proof has `length` levels of siblings, the tree `levels`.
    error ProofLengthMismatch(uint256 length, uint256 levels);
    /// @notice A key coordinate or sibling is not a field element (>= r).
    error NotInField(uint256 value);
    /// @notice The leaf and siblings lead to `computedRoot`, not to the last finalized root `stateRoot`.
    error AccountProofInvalid(uint32 idx, uint256 computedRoot, uint256 stateRoot);
    /// @notice The leaf of `idx` has no balance to withdraw.
    error AccountBalanceZero(uint32 idx);
    /// @notice The leaf of `idx` was already withdrawn in exodus.
    error AccountAlreadyWithdrawn(uint32 idx);
    /// @notice Only queue entries `firstPending` .. `length` - 1 were never consumed by a finalized batch.
    error L1TxNotPending(uint256 queueIndex, uint256 firstPending, uint256 length);
    /// @notice The fields given for `queueIndex` do not hash to the chain: `computed` is not l1QueueHash[i+1].
    error L1TxMismatch(uint256 queueIndex, uint256 computed, uint256 stored);
    /// @notice Only deposits are refunded; the entry at `queueIndex` has type `txType`.
    error NotADeposit(uint256 queueIndex, uint8 txType);
    /// @notice The deposit at `queueIndex` was already refunded.
    error DepositAlreadyRefunded(uint256 queueIndex);

    /// @notice Exodus started: `queueIndex` (queued at `queuedAt`) was overdue; `stateRoot`, the root of
    ///         batch `lastFinalizedBatch`, is what exodus withdrawals prove against.
    event ExodusActivated(uint256 queueIndex, uint64 queuedAt, uint64 lastFinalizedBatch, uint256 stateRoot);
    /// @notice The balance of leaf `idx` was credited to its ethAddr.
    event ExodusWithdrawn(uint32 indexed idx, address indexed ethAddr, uint32 indexed tokenId, uint128 amount);
    /// @notice The deposit at `queueIndex` was credited back to its depositor.
    event DepositRefunded(uint256 indexed queueIndex, address indexed ethAddr, uint32 indexed tokenId, uint128 amount);

    /// @notice Switches to exodus mode. Anyone may call it once the oldest L1 tx not consumed by a finalized
    ///         batch has waited more than `forceDeadline` seconds. Irreversible: committed but unproven
    ///         batches are void.
    function activateExodus() external;

    /// @notice Credits `leaf.balance` of `leaf.tokenId` to `leaf.ethAddr`, given a proof of the leaf at `idx`
    ///         against the last finalized root: `siblings[k]` are the three other children at level k, in
    ///         ascending position (core's `RollupState.prove`). Anyone may submit it; once per idx.
    function withdrawExodus(uint32 idx, AccountLeaf calldata leaf, uint256[3][] calldata siblings) external;

    /// @notice Credits back the deposit queued at `queueIndex`, never consumed by a finalized batch, to its
    ///         ethAddr. `l1Tx` are its fields (from its L1TxQueued event), checked against the chain. Anyone
    ///         may submit it; once per queue index.
    function refundDeposit(uint256 queueIndex, IBridge.L1Tx calldata l1Tx) external;

    /// @notice True once exodus is active.
    function exodusActive() external view returns (bool);

    /// @notice True once the leaf of `idx` was withdrawn in exodus.
    function exodusWithdrawn(uint32 idx) external view returns (bool);

    /// @notice True once the deposit at `queueIndex` was refunded in exodus.
    function depositRefunded(uint256 queueIndex) external view returns (bool);
}
