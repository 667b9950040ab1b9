// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Reputation
/// @notice The cross-chain reputation formula (CONVENTIONS.md): integer floor of
/// `10000 * (completed + 1) / (completed + 3*failed + 2)`; a new provider scores 5000.
library Reputation {
    function score(uint256 completed, uint256 failed) internal pure returns (uint256) {
        return (10_000 * (completed + 1)) / (completed + 3 * failed + 2);
    }
}
