// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingFractional} from
    "@openzeppelin/contracts/governance/extensions/GovernorCountingFractional.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from
    "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IExecutingProposal} from "./IExecutingProposal.sol";

/// @title CalGovernor
/// @notice CAL holders' governor (the hub, DESIGN §7): OpenZeppelin Governor with settings, fractional counting
/// (Against/For/Abstain, plus split votes: the GovernanceHub casts each spoke's tally as fractional votes of the CAL
/// the home BridgeVault delegates to it), votes on the token's timestamp clock, quorum fraction, timelock control and
/// late-quorum prevention. Every admin right of the protocol sits in the timelock this governor drives.
contract CalGovernor is
    IExecutingProposal,
    Governor,
    GovernorSettings,
    GovernorCountingFractional,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl,
    GovernorPreventLateQuorum
{
    /// @notice Governance settings, all in seconds (timestamp clock) except where noted.
    /// @dev A constructor argument only (never stored): its field order is part of the deployment ABI.
    struct Config { // solhint-disable-line gas-struct-packing
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold; // CAL base units
        uint256 quorumNumerator; // percent of supply
        uint48 lateQuorumExtension;
    }

    /// @notice Wires the governor to the CAL votes and the timelock with the given settings.
    /// @param token_ The CAL token (IVotes, timestamp clock).
    /// @param timelock_ The timelock that executes proposals and holds admin rights.
    /// @param config Governance settings.
    constructor(IVotes token_, TimelockController timelock_, Config memory config)
        Governor("CalGovernor")
        GovernorSettings(config.votingDelay, config.votingPeriod, config.proposalThreshold)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(config.quorumNumerator)
        GovernorTimelockControl(timelock_)
        GovernorPreventLateQuorum(config.lateQuorumExtension)
    {}

    /// @dev The proposal whose operations are executing (transient: set only during `execute`).
    uint256 private transient _executingProposal;

    /// @notice The proposal whose operations the timelock is executing right now, else 0 (the GovernanceHub tags
    /// the action lists it dispatches with it).
    /// @return The proposal id, or 0 outside an `execute`.
    function executingProposal() external view returns (uint256) {
        return _executingProposal;
    }

    // The overrides below only resolve Solidity's multiple-inheritance ambiguities.

    /// @inheritdoc Governor
    function state(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (ProposalState)
    {
        return super.state(proposalId);
    }

    /// @inheritdoc Governor
    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @inheritdoc Governor
    function proposalDeadline(uint256 proposalId)
        public
        view
        override(Governor, GovernorPreventLateQuorum)
        returns (uint256)
    {
        return super.proposalDeadline(proposalId);
    }

    function _tallyUpdated(uint256 proposalId) internal override(Governor, GovernorPreventLateQuorum) {
        super._tallyUpdated(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        _executingProposal = proposalId;
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
        _executingProposal = 0;
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
