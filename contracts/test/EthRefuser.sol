// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title EthRefuser
/// @notice Test-only recipient that refuses every ETH payment (a claimTo to it must revert and keep the credit).
contract EthRefuser {
    error EthRefused();

    receive() external payable {
        revert EthRefused();
    }
}
