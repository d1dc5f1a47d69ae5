// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title ITwoStepAdmin
/// @notice The rollup's admin role (OpenZeppelin AccessControl's DEFAULT_ADMIN_ROLE, which grants and revokes the
///         other roles) has exactly one holder, who hands it on in two steps: the admin names a successor, who
///         accepts after a delay fixed at deployment (docs/operations.md, "Roles"). The function names are those
///         of OpenZeppelin's AccessControlDefaultAdminRules.
interface ITwoStepAdmin {
    /// @notice The admin role is never granted, revoked or renounced directly: it moves in two steps
    ///         (beginDefaultAdminTransfer, acceptDefaultAdminTransfer).
    error AdminRoleTwoStep();
    /// @notice Only the pending admin `pending` may accept the transfer, not `sender`.
    error AdminTransferNotPending(address sender, address pending);
    /// @notice The pending admin may accept at `acceptAfter`, not before.
    error AdminTransferTooEarly(uint64 acceptAfter);

    /// @notice The admin named `newAdmin` (0: cancelled) as its successor, who may accept from `acceptAfter` on.
    event DefaultAdminTransferScheduled(address indexed newAdmin, uint64 acceptAfter);

    /// @notice Names `newAdmin` the pending admin (address(0) cancels a pending transfer); it may accept after
    ///         adminDelay seconds. Admin role only. A new call replaces the pending one.
    function beginDefaultAdminTransfer(address newAdmin) external;

    /// @notice The pending admin takes the admin role, which the current admin loses. Only once the delay is over.
    function acceptDefaultAdminTransfer() external;

    /// @notice The holder of the admin role (exactly one at all times).
    function defaultAdmin() external view returns (address);

    /// @notice The pending admin and when it may accept (both 0 when none).
    function pendingDefaultAdmin() external view returns (address newAdmin, uint64 acceptAfter);

    /// @notice Seconds between naming a new admin and its acceptance.
    function defaultAdminDelay() external view returns (uint64);
}
