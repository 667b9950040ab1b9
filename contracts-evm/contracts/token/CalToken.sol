// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ICalToken} from "../interfaces/ICalToken.sol";

/// @title CalToken (CAL)
/// @notice ERC-20 + EIP-2612 permit + ERC20Votes on a timestamp clock (EIP-6372), 9 decimals,
/// hard cap 10^18 base units (1,000,000,000 CAL).
/// @dev Home mode: the whole cap is minted once, at deployment, to `initialRecipient`.
/// Spoke mode: zero initial supply; only holders of BRIDGE_ROLE mint and burn (the admin, i.e. the
/// timelock, grants it to the bridge). The cap is enforced through ERC20Votes' `_maxSupply` hook,
/// which is only consulted on mint, so a transfer costs exactly what a plain ERC20Votes transfer costs.
contract CalToken is ERC20, ERC20Permit, ERC20Votes, AccessControl, ICalToken {
    /// @notice Role allowed to mint and burn (the lock-and-mint bridge on spoke chains).
    bytes32 public constant BRIDGE_ROLE = keccak256("BRIDGE_ROLE");

    /// @notice Hard cap on the total supply, in base units (10^9 CAL * 10^9).
    uint256 public constant CAP = 1e18;

    /// @notice Home: mints the cap to `initialRecipient`; spoke: starts with zero supply.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (the timelock).
    /// @param initialRecipient Receiver of the whole supply in home mode; ignored in spoke mode.
    /// @param home True for the home deployment (mints the cap), false for a spoke (mints nothing).
    constructor(address admin, address initialRecipient, bool home) ERC20("Calctra", "CAL") ERC20Permit("Calctra") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (home) _mint(initialRecipient, CAP);
    }

    /// @notice Number of decimals: 9 on every chain.
    function decimals() public pure override returns (uint8) {
        return 9;
    }

    /// @inheritdoc ICalToken
    function crosschainMint(address to, uint256 amount) external onlyRole(BRIDGE_ROLE) {
        _mint(to, amount);
        emit BridgeMinted(to, amount);
    }

    /// @inheritdoc ICalToken
    function crosschainBurn(address from, uint256 amount) external onlyRole(BRIDGE_ROLE) {
        if (from != msg.sender) _spendAllowance(from, msg.sender, amount);
        _burn(from, amount);
        emit BridgeBurned(from, amount);
    }

    /// @notice Moves `value` tokens from the caller to `to`.
    /// @param to The recipient.
    /// @param value CAL base units.
    /// @return True (reverts on failure).
    /// @dev Same checks and effects as OpenZeppelin's ERC20.transfer, called straight into `_update`
    /// so that the transfer path stays as short as a plain ERC20Votes token's (the bridge hooks add
    /// call sites to `_update`, which otherwise costs the transfer an extra internal jump).
    function transfer(address to, uint256 value) public override returns (bool) {
        if (msg.sender == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _update(msg.sender, to, value);
        return true;
    }

    /// @notice EIP-6372 clock: the block timestamp.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice EIP-6372 clock mode.
    /// @return `mode=timestamp`.
    function CLOCK_MODE() public pure override returns (string memory) { // solhint-disable-line func-name-mixedcase
        return "mode=timestamp";
    }

    /// @dev Caps minting at CAP (checked by ERC20Votes on mint only).
    // Called by ERC20Votes._update on mint (Slither misses the override of this virtual hook).
    // slither-disable-next-line dead-code
    function _maxSupply() internal pure override returns (uint256) {
        return CAP;
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
