// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IBridge} from "../interfaces/IBridge.sol";

/// @title RefillingSequencer
/// @notice Test-only adversary holding the sequencer role: in one call it commits (any commit entry point, given as
///         calldata) and refills the queue with `refills` junk deposits, so that no victim's L1 tx could ever find
///         a free slot between the two. The rollup refuses the commit: batch data must be top-level calldata. Also
///         usable as an EIP-7702 delegate, running the same from an EOA's own code.
contract RefillingSequencer {
    address public immutable rollup;

    constructor(address rollup_) {
        rollup = rollup_;
    }

    function commitAndRefill(bytes calldata commitCall, uint256 refills, uint256 ax, uint256 ay) external {
        (bool ok, bytes memory reason) = rollup.call(commitCall);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reason, 32), mload(reason))
            }
        }
        for (uint256 i = 0; i < refills; ++i) {
            IBridge(rollup).deposit(0, 0, ax, ay);
        }
    }
}
