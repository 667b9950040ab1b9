// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ICalToken} from "../interfaces/ICalToken.sol";

/// @title BenchSpokeToken
/// @notice Gas benchmark only (scripts/bench-bridge.ts), not deployed anywhere: what a spoke CAL would cost
/// without ERC20Votes — ERC-20 + permit + the same `crosschainMint` / `crosschainBurn`, 9 decimals, the same cap.
/// @dev Not a drop-in spoke token: the spoke suite (ignition/modules/Bridge.ts) runs a Governor on the spoke
/// token's votes (DESIGN §3 and §7), which this token has none of.
contract BenchSpokeToken is ERC20, ERC20Permit, AccessControl, ICalToken {
    /// @notice Role allowed to mint and burn.
    bytes32 public constant BRIDGE_ROLE = keccak256("BRIDGE_ROLE");
    /// @notice Hard cap on the total supply, in base units.
    uint256 public constant CAP = 1e18;

    /// @notice The supply would exceed the cap.
    error BenchCapExceeded(uint256 supply, uint256 cap);

    /// @notice Deploys with zero supply; `admin` grants BRIDGE_ROLE.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE.
    constructor(address admin) ERC20("Calctra", "CAL") ERC20Permit("Calctra") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Number of decimals: 9.
    function decimals() public pure override returns (uint8) {
        return 9;
    }

    /// @inheritdoc ICalToken
    function crosschainMint(address to, uint256 amount) external onlyRole(BRIDGE_ROLE) {
        _mint(to, amount);
        if (totalSupply() > CAP) revert BenchCapExceeded(totalSupply(), CAP);
        emit BridgeMinted(to, amount);
    }

    /// @inheritdoc ICalToken
    function crosschainBurn(address from, uint256 amount) external onlyRole(BRIDGE_ROLE) {
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _burn(from, amount);
        emit BridgeBurned(from, amount);
    }
}
