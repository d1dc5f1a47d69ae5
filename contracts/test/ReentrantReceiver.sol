// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IBridge} from "../interfaces/IBridge.sol";

/// @title ReentrantReceiver
/// @notice Test-only L1 account that deposits ETH and, when paid, tries to claim again from inside its
///         receive(). With `bubble` it reverts when that fails (so the payment fails); otherwise it swallows the
///         failure and records it.
contract ReentrantReceiver {
    IBridge public immutable rollup;
    bool public bubble;
    uint256 public received;
    uint256 public payments;
    bool public reentrySucceeded;
    bytes public reentryError;

    constructor(IBridge rollup_) {
        rollup = rollup_;
    }

    function setBubble(bool bubble_) external {
        bubble = bubble_;
    }

    function deposit(uint256 ax, uint256 ay) external payable {
        rollup.deposit{value: msg.value}(0, msg.value, ax, ay);
    }

    function claim(uint32 tokenId) external {
        rollup.claim(tokenId);
    }

    receive() external payable {
        received += msg.value;
        payments += 1;
        if (payments > 1) return;
        (bool ok, bytes memory ret) = address(rollup).call(abi.encodeCall(IBridge.claim, (0)));
        reentrySucceeded = ok;
        reentryError = ret;
        if (!ok && bubble) {
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
    }
}
