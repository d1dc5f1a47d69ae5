// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MaliciousERC20
/// @notice Test-only token that, while moving value, calls back into `target` with `callback` (a reentrancy
///         attempt) and records how that call ended; or reverts every transfer when `frozen`.
contract MaliciousERC20 is ERC20 {
    error TransfersFrozen();

    address public target;
    bytes public callback;
    bool public frozen;
    bool public reentered;
    bool public reentrySucceeded;
    bytes public reentryError;

    constructor() ERC20("Malicious", "MAL") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setCallback(address target_, bytes calldata callback_) external {
        target = target_;
        callback = callback_;
    }

    function setFrozen(bool frozen_) external {
        frozen = frozen_;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (frozen && from != address(0)) revert TransfersFrozen();
        super._update(from, to, value);
        if (target != address(0) && !reentered && from != address(0)) {
            reentered = true;
            (bool ok, bytes memory ret) = target.call(callback);
            reentrySucceeded = ok;
            reentryError = ret;
        }
    }
}
