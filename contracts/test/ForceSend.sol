// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title ForceSend
/// @notice Test-only: sends its value to `target` by selfdestruct in its constructor, which no receive() can refuse
///         (still possible under EIP-6780 in the creating transaction): the ETH donation the bridge must not count.
contract ForceSend {
    constructor(address payable target) payable {
        selfdestruct(target);
    }
}
