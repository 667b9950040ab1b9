// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IGovernanceMessenger, IGovernanceReceiver} from "../../interfaces/IGovernanceMessaging.sol";
import {IBridge} from "../../bridge/IBridge.sol";
import {IBridgeGovernance} from "../IBridgeGovernance.sol";

/// @title MockGovernanceMessenger
/// @notice Test-only stand-in for a bridge: records every version-2 send, delivers messages to receivers as the
/// bridge would (`deliver`), and records the admin calls a spoke executor makes on its bridge.
contract MockGovernanceMessenger is IGovernanceMessenger, IBridgeGovernance {
    /// @notice One recorded send.
    struct Sent { // solhint-disable-line gas-struct-packing
        address sender;
        uint32 dstDomain;
        bytes32 recipient;
        uint8 kind;
        bytes payload;
    }

    /// @notice This mock's domain.
    uint32 public immutable localDomain;
    /// @notice Every send, in order.
    Sent[] public sent;
    /// @notice Outbound nonce.
    uint64 public nonce;
    /// @notice Set by pause / unpause.
    bool public paused;
    /// @notice The last validator set.
    address[] public validators;
    /// @notice The last threshold set.
    uint16 public threshold;
    /// @notice The last retention window set.
    uint32 public retentionWindow;
    /// @notice Remote domains: their bridge (zero when disabled).
    mapping(uint32 domain => bytes32) public remoteBridge;
    mapping(uint32 domain => IBridge.RemoteConfig) private _configs;

    error MockPaused();

    constructor(uint32 localDomain_) {
        localDomain = localDomain_;
    }

    /// @inheritdoc IGovernanceMessenger
    function sendGovernanceMessage(uint32 dstDomain, bytes32 recipient, uint8 kind, bytes calldata payload)
        external
        returns (bytes32 messageId, uint64 nonce_)
    {
        nonce_ = ++nonce;
        bytes memory message = abi.encodePacked(
            uint8(2), localDomain, dstDomain, nonce_, bytes32(uint256(uint160(msg.sender))), recipient, kind, payload
        );
        messageId = keccak256(message);
        sent.push(Sent(msg.sender, dstDomain, recipient, kind, payload));
        emit GovernanceMessageSent(messageId, dstDomain, nonce_, message);
    }

    /// @notice Number of recorded sends.
    function sentCount() external view returns (uint256) {
        return sent.length;
    }

    /// @notice Delivers a message to `recipient` as the bridge would.
    /// @param recipient The receiver contract.
    /// @param srcDomain The claimed source domain.
    /// @param sender The claimed source sender (universal address).
    /// @param kind The payload kind.
    /// @param payload The payload.
    function deliver(address recipient, uint32 srcDomain, bytes32 sender, uint8 kind, bytes calldata payload) external {
        IGovernanceReceiver(recipient).receiveGovernanceMessage(srcDomain, sender, kind, payload);
    }

    // ---- the bridge admin surface (IBridgeGovernance), recorded

    /// @inheritdoc IBridgeGovernance
    function setRemoteDomain(uint32 domain, IBridge.RemoteConfig calldata config) external {
        remoteBridge[domain] = config.bridge;
        _configs[domain] = config;
    }

    /// @notice The recorded config of a remote domain.
    /// @param domain The remote domain.
    /// @return Its last config (zero when disabled).
    function remoteConfig(uint32 domain) external view returns (IBridge.RemoteConfig memory) {
        return _configs[domain];
    }

    /// @inheritdoc IBridgeGovernance
    function disableRemoteDomain(uint32 domain) external {
        delete remoteBridge[domain];
        delete _configs[domain];
    }

    /// @inheritdoc IBridgeGovernance
    function setValidatorSet(address[] calldata validators_, uint16 threshold_) external {
        validators = validators_;
        threshold = threshold_;
    }

    /// @notice Number of signers in the last validator set.
    /// @return The count.
    function validatorCount() external view returns (uint256) {
        return validators.length;
    }

    /// @inheritdoc IBridgeGovernance
    function setRetentionWindow(uint32 retention) external {
        retentionWindow = retention;
    }

    /// @inheritdoc IBridgeGovernance
    function pause() external {
        if (paused) revert MockPaused();
        paused = true;
    }

    /// @inheritdoc IBridgeGovernance
    function unpause() external {
        paused = false;
    }
}
