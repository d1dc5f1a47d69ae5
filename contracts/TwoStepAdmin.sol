// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ITwoStepAdmin} from "./interfaces/ITwoStepAdmin.sol";

/// @title TwoStepAdmin
/// @notice AccessControl with exactly one admin, who hands the role on in two steps (see ITwoStepAdmin). A mistyped
///         address never receives the role, and everyone watching sees the change coming. Why not OpenZeppelin's
///         AccessControlDefaultAdminRules: it does the same and more (changeable delay, owner()), but its 2.3 KB of
///         code do not fit next to the rollup under the 24,576-byte contract limit (docs/operations.md, "Roles").
abstract contract TwoStepAdmin is AccessControl, ITwoStepAdmin {
    uint64 private immutable _adminDelay;
    address private _admin;
    address private _pendingAdmin;
    uint64 private _acceptAfter;

    constructor(address admin, uint64 adminDelay) {
        _adminDelay = adminDelay;
        _admin = admin;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc ITwoStepAdmin
    function beginDefaultAdminTransfer(address newAdmin) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint64 acceptAfter = newAdmin == address(0) ? 0 : uint64(block.timestamp) + _adminDelay;
        _pendingAdmin = newAdmin;
        _acceptAfter = acceptAfter;
        emit DefaultAdminTransferScheduled(newAdmin, acceptAfter);
    }

    /// @inheritdoc ITwoStepAdmin
    function acceptDefaultAdminTransfer() external {
        address pending = _pendingAdmin;
        if (msg.sender != pending || pending == address(0)) revert AdminTransferNotPending(msg.sender, pending);
        if (block.timestamp < _acceptAfter) revert AdminTransferTooEarly(_acceptAfter);
        _revokeRole(DEFAULT_ADMIN_ROLE, _admin);
        _grantRole(DEFAULT_ADMIN_ROLE, pending);
        _admin = pending;
        delete _pendingAdmin;
        delete _acceptAfter;
    }

    /// @inheritdoc ITwoStepAdmin
    function defaultAdmin() external view returns (address) {
        return _admin;
    }

    /// @inheritdoc ITwoStepAdmin
    function pendingDefaultAdmin() external view returns (address newAdmin, uint64 acceptAfter) {
        return (_pendingAdmin, _acceptAfter);
    }

    /// @inheritdoc ITwoStepAdmin
    function defaultAdminDelay() external view returns (uint64) {
        return _adminDelay;
    }

    /// @dev The admin role only moves through the two steps above.
    function grantRole(bytes32 role, address account) public override {
        if (role == DEFAULT_ADMIN_ROLE) revert AdminRoleTwoStep();
        super.grantRole(role, account);
    }

    /// @dev The admin role only moves through the two steps above.
    function revokeRole(bytes32 role, address account) public override {
        if (role == DEFAULT_ADMIN_ROLE) revert AdminRoleTwoStep();
        super.revokeRole(role, account);
    }

    /// @dev The admin role only moves through the two steps above: the rollup always has an admin.
    function renounceRole(bytes32 role, address account) public override {
        if (role == DEFAULT_ADMIN_ROLE) revert AdminRoleTwoStep();
        super.renounceRole(role, account);
    }
}
