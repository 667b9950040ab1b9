// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {GovernanceActions} from "../GovernanceActions.sol";

/// @title GovernanceActionsHarness
/// @notice Test-only: exposes GovernanceActions.decode so the shared vectors can be asserted against it.
contract GovernanceActionsHarness {
    /// @notice Decodes an action list.
    /// @param data The encoded list.
    /// @return The decoded actions.
    function decode(bytes calldata data) external pure returns (GovernanceActions.Action[] memory) {
        return GovernanceActions.decode(data);
    }
}
