// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC7802} from "@openzeppelin/contracts/interfaces/draft-IERC7802.sol";

/// @title CalSpokeToken (CAL on an EVM spoke)
/// @notice CAL on an EVM spoke chain (DESIGN §3): ERC-20 + EIP-2612 permit + ERC-7802 `crosschainMint` /
/// `crosschainBurn` for the bridge only, 9 decimals, hard cap 10^18 base units, zero initial supply. No ERC20Votes:
/// spoke holders vote through the spoke's governance vault (DESIGN §7), so a transfer or a mint writes no checkpoint.
/// @dev Only holders of BRIDGE_ROLE (the spoke's BridgeMinter, granted by the admin) mint and burn. Unlike
/// OpenZeppelin's ERC20Bridgeable, a burn from another holder spends the allowance that holder gave the bridge, so
/// the bridge can only burn what a sender approved it for.
contract CalSpokeToken is ERC20, ERC20Permit, AccessControl, IERC7802 {
    /// @notice Role allowed to mint and burn (the spoke's bridge).
    bytes32 public constant BRIDGE_ROLE = keccak256("BRIDGE_ROLE");
    /// @notice Hard cap on the total supply, in base units (10^9 CAL * 10^9), as on every chain.
    uint256 public constant CAP = 1e18;

    /// @notice A mint would take the total supply above the cap (OpenZeppelin ERC20Capped's error).
    /// @param increasedSupply The supply after the mint.
    /// @param cap The cap.
    error ERC20ExceededCap(uint256 increasedSupply, uint256 cap);

    /// @notice Deploys with zero supply; `admin` (the spoke's governance) grants BRIDGE_ROLE to the bridge.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE.
    constructor(address admin) ERC20("Calctra", "CAL") ERC20Permit("Calctra") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Number of decimals: 9 on every chain.
    function decimals() public pure override returns (uint8) {
        return 9;
    }

    /// @notice Mints `amount` to `to`, within the cap. Only the bridge (BRIDGE_ROLE).
    /// @param to The recipient.
    /// @param amount CAL base units.
    function crosschainMint(address to, uint256 amount) external onlyRole(BRIDGE_ROLE) {
        _mint(to, amount);
        uint256 supply = totalSupply();
        if (supply > CAP) revert ERC20ExceededCap(supply, CAP);
        emit CrosschainMint(to, amount, msg.sender);
    }

    /// @notice Burns `amount` from `from`, spending the allowance `from` gave the bridge (unless `from` is the
    /// bridge itself). Only the bridge (BRIDGE_ROLE).
    /// @param from The holder.
    /// @param amount CAL base units.
    function crosschainBurn(address from, uint256 amount) external onlyRole(BRIDGE_ROLE) {
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _burn(from, amount);
        emit CrosschainBurn(from, amount, msg.sender);
    }

    /// @notice ERC-165: IERC7802, IAccessControl and IERC165.
    /// @param interfaceId An interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view override(AccessControl, IERC165) returns (bool) {
        return interfaceId == type(IERC7802).interfaceId || super.supportsInterface(interfaceId);
    }
}
