// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BaselineERC20
/// @notice Plain OpenZeppelin ERC-20, a gas baseline for the benchmark only.
contract BaselineERC20 is ERC20 {
    /// @notice Mints the whole supply (10^18 base units) to `holder`.
    /// @param holder Receiver of the initial supply.
    constructor(address holder) ERC20("Baseline", "BASE") {
        _mint(holder, 1e18);
    }
}
