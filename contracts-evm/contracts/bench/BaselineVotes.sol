// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title BaselineVotes
/// @notice Plain OpenZeppelin ERC20 + ERC20Permit + ERC20Votes (the Wizard's votes token), a gas
/// baseline for the benchmark only.
contract BaselineVotes is ERC20, ERC20Permit, ERC20Votes {
    /// @notice Mints the whole supply (10^18 base units) to `holder`.
    /// @param holder Receiver of the initial supply.
    constructor(address holder) ERC20("BaselineVotes", "BVOTE") ERC20Permit("BaselineVotes") {
        _mint(holder, 1e18);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    /// @notice Current nonce of `owner` for permits.
    /// @param owner The permit signer.
    /// @return The next nonce `owner` signs with.
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
