// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IGovernanceReceiver} from "../interfaces/IGovernanceMessaging.sol";
import {IMarketplace} from "../interfaces/IMarketplace.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {IBridge} from "../bridge/IBridge.sol";
import {IBridgeGovernance} from "./IBridgeGovernance.sol";
import {IPausableTarget} from "./IPausableTarget.sol";
import {IVerifierRegistry} from "./IVerifierRegistry.sol";
import {ISpokeExecutor} from "./ISpokeGovernance.sol";
import {GovernanceActions, GovernanceInvalidAction} from "./GovernanceActions.sol";
import {GovernancePayloads} from "./GovernancePayloads.sol";

/// @title SpokeExecutor
/// @notice A spoke chain's governance executor (DESIGN §7): admin of the spoke's Marketplace (DEFAULT_ADMIN_ROLE and
/// PAUSER_ROLE), Staking (owner) and bridge (DEFAULT_ADMIN_ROLE and PAUSER_ROLE). It accepts `GovernanceActions` only
/// from the hub's domain and address through its bridge, holds each list for `executionDelay` (parameter 6) during
/// which the Guardian may veto it, then anyone executes the lists strictly in the hub's order (each list is stored, at
/// most 8 actions in a message of at most 1024 bytes). A list whose execution
/// reverts is recorded Failed (nothing of it applied, the revert data in `ActionsFailed`) and can be retried.
contract SpokeExecutor is ISpokeExecutor, IGovernanceReceiver {
    /// @notice Parameter id of `executionDelay`.
    uint16 public constant PARAM_EXECUTION_DELAY = 6;
    /// @notice Shortest `executionDelay`: 1 hour.
    uint256 public constant MIN_EXECUTION_DELAY = 1 hours;
    /// @notice Longest `executionDelay`: 14 days.
    uint256 public constant MAX_EXECUTION_DELAY = 14 days;

    /// @notice This chain's bridge (delivers the hub's lists; governed by this executor).
    address public immutable bridge;
    /// @notice The hub's domain.
    uint32 public immutable hubDomain;
    /// @notice The hub's GovernanceHub (universal address).
    bytes32 public immutable hub;
    /// @notice The spoke's marketplace.
    address public immutable marketplace;
    /// @notice The spoke's staking.
    address public immutable staking;

    /// @notice Seconds between a list's arrival and its earliest execution.
    uint64 public executionDelay;
    /// @notice The account that may veto Pending lists (zero: none).
    address public guardian;

    mapping(uint64 sequence => ActionList) private _lists;

    /// @notice Wires the executor; it must then be made admin of the marketplace, staking and bridge.
    /// @param bridge_ This chain's bridge.
    /// @param hubDomain_ The hub's domain.
    /// @param hub_ The hub's GovernanceHub (universal address).
    /// @param marketplace_ The spoke's marketplace.
    /// @param staking_ The spoke's staking.
    /// @param guardian_ The first Guardian (zero: none).
    /// @param executionDelay_ Seconds, within [MIN_EXECUTION_DELAY, MAX_EXECUTION_DELAY].
    constructor(
        address bridge_,
        uint32 hubDomain_,
        bytes32 hub_,
        address marketplace_,
        address staking_,
        address guardian_,
        uint64 executionDelay_
    ) {
        // Deployment wiring, set once (a zero guardian means none); a zero check would not catch a wrong address either.
        // slither-disable-start missing-zero-check
        bridge = bridge_;
        hubDomain = hubDomain_;
        hub = hub_;
        marketplace = marketplace_;
        staking = staking_;
        guardian = guardian_;
        // slither-disable-end missing-zero-check
        _setExecutionDelay(executionDelay_);
    }

    /// @inheritdoc IGovernanceReceiver
    /// @dev Accepts `GovernanceActions` only, from the hub through the bridge; the list must decode. Sequences may
    /// arrive in any order (each once); they execute in order.
    function receiveGovernanceMessage(uint32 srcDomain, bytes32 sender, uint8 kind, bytes calldata payload) external {
        if (msg.sender != bridge || srcDomain != hubDomain || sender != hub) revert GovernanceNotHub(srcDomain, sender);
        if (kind != GovernancePayloads.KIND_GOVERNANCE_ACTIONS) revert GovernanceInvalidAction();
        (uint64 sequence, uint256 proposalId, bytes calldata actions) = GovernancePayloads.decodeGovernanceActions(payload);
        if (sequence == 0) revert GovernanceInvalidAction();
        // Called only for its check (it reverts on a malformed list); the decoded list is not needed here.
        // slither-disable-next-line unused-return
        GovernanceActions.decode(actions);
        ActionList storage entry = _lists[sequence];
        if (entry.status != ListStatus.None) revert GovernanceActionsNotPending(sequence, entry.status);
        uint64 eta = uint64(block.timestamp) + executionDelay;
        entry.actions = actions;
        entry.proposalId = proposalId;
        entry.eta = eta;
        entry.status = ListStatus.Pending;
        emit ActionsReceived(sequence, proposalId, eta, actions);
    }

    /// @inheritdoc ISpokeExecutor
    function veto(uint64 sequence) external {
        if (msg.sender != guardian || msg.sender == address(0)) revert GovernanceNotGuardian(msg.sender);
        ActionList storage entry = _lists[sequence];
        // Only during its delay (DESIGN §7): once the list may run, the Guardian can no longer stop it.
        if (entry.status != ListStatus.Pending || block.timestamp >= entry.eta) {
            revert GovernanceActionsNotPending(sequence, entry.status);
        }
        entry.status = ListStatus.Vetoed;
        emit ActionsVetoed(sequence, msg.sender);
    }

    /// @inheritdoc ISpokeExecutor
    function execute(uint64 sequence) external returns (bool) {
        ActionList storage entry = _lists[sequence];
        if (entry.status != ListStatus.Pending) revert GovernanceActionsNotPending(sequence, entry.status);
        if (block.timestamp < entry.eta) revert GovernanceExecutionDelayActive(sequence, entry.eta, block.timestamp);
        if (sequence > 1) {
            ListStatus previous = _lists[sequence - 1].status;
            if (previous != ListStatus.Executed && previous != ListStatus.Vetoed && previous != ListStatus.Failed) {
                revert GovernanceOutOfOrder(sequence);
            }
        }
        return _run(entry, sequence);
    }

    /// @inheritdoc ISpokeExecutor
    function retry(uint64 sequence) external returns (bool) {
        ActionList storage entry = _lists[sequence];
        if (entry.status != ListStatus.Failed) revert GovernanceActionsNotPending(sequence, entry.status);
        return _run(entry, sequence);
    }

    /// @notice Applies every action of a list, in order. Only this contract (through `execute` / `retry`), so that a
    /// revert in any action undoes the whole list.
    /// @param actions The encoded action list.
    function applyActions(bytes calldata actions) external {
        if (msg.sender != address(this)) revert GovernanceOnlyExecutor(msg.sender);
        GovernanceActions.Action[] memory list = GovernanceActions.decode(actions);
        for (uint256 i = 0; i < list.length; ++i) {
            _apply(list[i]);
        }
    }

    /// @inheritdoc ISpokeExecutor
    function actionList(uint64 sequence) external view returns (ActionList memory) {
        return _lists[sequence];
    }

    /// @dev Marks the list Executed or Failed (checks-effects-interactions: the status is Executed before the calls;
    /// a revert inside them is caught and turns it into Failed).
    function _run(ActionList storage entry, uint64 sequence) private returns (bool) {
        entry.status = ListStatus.Executed;
        uint256 gasBefore = gasleft();
        // The only external call is to this contract; whatever a target does in it is undone if the list fails, so
        // the Failed write and the events after it cannot be raced by a reentrant call.
        // slither-disable-start reentrancy-no-eth,reentrancy-events
        try this.applyActions(entry.actions) {
            emit ActionsExecuted(sequence);
            return true;
        } catch (bytes memory reason) {
            // An empty revert with (almost) nothing left is the caller starving the call: no Failed record then.
            if (reason.length == 0 && gasleft() <= gasBefore / 63) revert GovernanceOutOfGas(sequence);
            entry.status = ListStatus.Failed;
            emit ActionsFailed(sequence, reason);
            return false;
        }
        // slither-disable-end reentrancy-no-eth,reentrancy-events
    }

    /// @dev Applies one action. Called in `applyActions`' loop over at most 8 actions, each an intended governed write
    /// or call to one of this executor's own immutable targets (marketplace, staking, bridge).
    // slither-disable-start calls-loop,costly-loop
    function _apply(GovernanceActions.Action memory a) private {
        uint8 op = a.op;
        if (op == GovernanceActions.OP_SET_PARAMETER) {
            if (a.id == PARAM_EXECUTION_DELAY) _setExecutionDelay(a.value);
            else if (a.id == 1 || a.id == 2) IStaking(staking).setParameter(a.id, a.value);
            else if ((a.id >= 3 && a.id <= 5) || a.id == 7) IMarketplace(marketplace).setParameter(a.id, a.value);
            else revert GovernanceUnknownParameter(a.id);
        } else if (op == GovernanceActions.OP_SET_VERIFIER) {
            if (a.account == bytes32(0)) IVerifierRegistry(marketplace).removeVerifier(a.id);
            else IVerifierRegistry(marketplace).registerVerifier(a.id, _evmAddress(a.account));
        } else if (op == GovernanceActions.OP_SET_ROLE) {
            if (a.role == GovernanceActions.ROLE_GUARDIAN) {
                guardian = _evmAddress(a.account);
                emit GuardianUpdated(guardian);
            } else {
                IMarketplace(marketplace).setRole(a.role, _evmAddress(a.account));
            }
        } else if (op == GovernanceActions.OP_SET_VALIDATOR_SET) {
            IBridgeGovernance(bridge).setRetentionWindow(a.retention);
            IBridgeGovernance(bridge).setValidatorSet(a.signers, a.threshold);
        } else if (op == GovernanceActions.OP_SET_REMOTE_DOMAIN) {
            if (a.enabled) {
                IBridgeGovernance(bridge).setRemoteDomain(
                    a.domain,
                    IBridge.RemoteConfig({
                        bridge: a.account,
                        inboundCapacity: a.inboundCapacity,
                        inboundRatePerSecond: a.inboundRatePerSecond,
                        outboundCapacity: a.outboundCapacity,
                        outboundRatePerSecond: a.outboundRatePerSecond
                    })
                );
            } else {
                IBridgeGovernance(bridge).disableRemoteDomain(a.domain);
            }
        } else {
            // The decoder admits only ops 1..7: this is pause (6) or unpause (7) of target 1 or 2.
            address target = a.role == GovernanceActions.TARGET_MARKETPLACE ? marketplace : bridge;
            if (op == GovernanceActions.OP_PAUSE) IPausableTarget(target).pause();
            else IPausableTarget(target).unpause();
        }
    }
    // slither-disable-end calls-loop,costly-loop

    /// @dev The bounds table of the executor's one parameter (docs/CONVENTIONS.md): 6 executionDelay [1 hour, 14 days].
    function _setExecutionDelay(uint64 value) private {
        if (value < MIN_EXECUTION_DELAY || value > MAX_EXECUTION_DELAY) {
            revert GovernanceParameterOutOfBounds(PARAM_EXECUTION_DELAY, value, MIN_EXECUTION_DELAY, MAX_EXECUTION_DELAY);
        }
        // A governed write: once in the constructor, else once per setParameter action (at most 8 in a list).
        // slither-disable-next-line costly-loop
        executionDelay = value;
        emit ParameterUpdated(PARAM_EXECUTION_DELAY, value);
    }

    /// @dev A universal address that must be a 20-byte EVM address.
    function _evmAddress(bytes32 account) private pure returns (address) {
        if (uint256(account) >> 160 != 0) revert GovernanceInvalidAction();
        return address(uint160(uint256(account)));
    }
}
