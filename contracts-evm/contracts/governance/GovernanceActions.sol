// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice A governance message or action list is malformed (the shared error of every chain).
error GovernanceInvalidAction();

/// @title GovernanceActions
/// @notice Decodes the chain-neutral governance action list (docs/CONVENTIONS.md, test/vectors/governance.json):
/// `count u8 (1..8) | action*`, each action `op u8 | fields`, big-endian:
/// 1 setParameter `paramId u16 | value u64`; 2 setVerifier `verifierId u16 | verifier bytes32`;
/// 3 setRole `role u8 (0..3) | account bytes32`; 4 setValidatorSet `count u8 (1..32) | signer bytes20 * count |
/// threshold u8 | retention u32`; 5 setRemoteDomain `domain u32 | enabled u8 (0/1) | bridge bytes32 |
/// inboundCapacity u64 | inboundRatePerSecond u64 | outboundCapacity u64 | outboundRatePerSecond u64`;
/// 6 pause / 7 unpause `target u8 (1 marketplace, 2 bridge)`.
/// Any malformed list (count out of range, unknown op, role or target, truncated, trailing bytes) is refused with
/// `GovernanceInvalidAction`.
library GovernanceActions {
    uint8 internal constant OP_SET_PARAMETER = 1;
    uint8 internal constant OP_SET_VERIFIER = 2;
    uint8 internal constant OP_SET_ROLE = 3;
    uint8 internal constant OP_SET_VALIDATOR_SET = 4;
    uint8 internal constant OP_SET_REMOTE_DOMAIN = 5;
    uint8 internal constant OP_PAUSE = 6;
    uint8 internal constant OP_UNPAUSE = 7;

    uint8 internal constant ROLE_ARBITER = 0;
    uint8 internal constant ROLE_TREASURY = 1;
    uint8 internal constant ROLE_PAUSER = 2;
    uint8 internal constant ROLE_GUARDIAN = 3;

    uint8 internal constant TARGET_MARKETPLACE = 1;
    uint8 internal constant TARGET_BRIDGE = 2;

    /// @notice Most actions in one list.
    uint256 internal constant MAX_ACTIONS = 8;
    /// @notice Most signers in a validator set.
    uint256 internal constant MAX_VALIDATORS = 32;

    /// @notice One decoded action; only the fields of its `op` are set.
    struct Action { // solhint-disable-line gas-struct-packing
        uint8 op;
        /// setParameter: paramId; setVerifier: verifierId.
        uint16 id;
        /// setParameter: value.
        uint64 value;
        /// setRole: role; pause / unpause: target.
        uint8 role;
        /// setVerifier: verifier; setRole: account; setRemoteDomain: remote bridge (universal addresses).
        bytes32 account;
        /// setValidatorSet.
        address[] signers;
        uint8 threshold;
        uint32 retention;
        /// setRemoteDomain.
        uint32 domain;
        bool enabled;
        uint64 inboundCapacity;
        uint64 inboundRatePerSecond;
        uint64 outboundCapacity;
        uint64 outboundRatePerSecond;
    }

    /// @notice Decodes an action list; reverts with `GovernanceInvalidAction` when malformed.
    /// @param data The encoded list.
    /// @return actions The actions, in order.
    function decode(bytes calldata data) internal pure returns (Action[] memory actions) {
        uint256 n = _u(data, 0, 1);
        if (n == 0 || n > MAX_ACTIONS) revert GovernanceInvalidAction();
        actions = new Action[](n);
        uint256 o = 1;
        for (uint256 i = 0; i < n; ++i) {
            (actions[i], o) = _decodeAction(data, o);
        }
        if (o != data.length) revert GovernanceInvalidAction();
    }

    function _decodeAction(bytes calldata data, uint256 o) private pure returns (Action memory a, uint256 next) {
        a.op = uint8(_u(data, o, 1));
        ++o;
        if (a.op == OP_SET_PARAMETER) {
            a.id = uint16(_u(data, o, 2));
            a.value = uint64(_u(data, o + 2, 8));
            return (a, o + 10);
        }
        if (a.op == OP_SET_VERIFIER) {
            a.id = uint16(_u(data, o, 2));
            a.account = bytes32(_u(data, o + 2, 32));
            return (a, o + 34);
        }
        if (a.op == OP_SET_ROLE) {
            a.role = uint8(_u(data, o, 1));
            if (a.role > ROLE_GUARDIAN) revert GovernanceInvalidAction();
            a.account = bytes32(_u(data, o + 1, 32));
            return (a, o + 33);
        }
        if (a.op == OP_SET_VALIDATOR_SET) {
            uint256 count = _u(data, o, 1);
            if (count == 0 || count > MAX_VALIDATORS) revert GovernanceInvalidAction();
            ++o;
            a.signers = new address[](count);
            for (uint256 i = 0; i < count; ++i) {
                a.signers[i] = address(uint160(_u(data, o, 20)));
                o += 20;
            }
            a.threshold = uint8(_u(data, o, 1));
            a.retention = uint32(_u(data, o + 1, 4));
            return (a, o + 5);
        }
        if (a.op == OP_SET_REMOTE_DOMAIN) {
            a.domain = uint32(_u(data, o, 4));
            uint256 enabled = _u(data, o + 4, 1);
            if (enabled > 1) revert GovernanceInvalidAction();
            a.enabled = enabled == 1;
            a.account = bytes32(_u(data, o + 5, 32));
            a.inboundCapacity = uint64(_u(data, o + 37, 8));
            a.inboundRatePerSecond = uint64(_u(data, o + 45, 8));
            a.outboundCapacity = uint64(_u(data, o + 53, 8));
            a.outboundRatePerSecond = uint64(_u(data, o + 61, 8));
            return (a, o + 69);
        }
        if (a.op == OP_PAUSE || a.op == OP_UNPAUSE) {
            a.role = uint8(_u(data, o, 1));
            if (a.role != TARGET_MARKETPLACE && a.role != TARGET_BRIDGE) revert GovernanceInvalidAction();
            return (a, o + 1);
        }
        revert GovernanceInvalidAction();
    }

    /// @dev The big-endian unsigned integer of `size` (1..32) bytes at `offset`; refuses a read past the end.
    function _u(bytes calldata data, uint256 offset, uint256 size) private pure returns (uint256 v) {
        if (offset + size > data.length) revert GovernanceInvalidAction();
        // In bounds (checked above): load 32 bytes at the offset and keep the top `size` bytes. Assembly: a calldata
        // slice would refuse the 32-byte load near the end of `data`; calldataload pads with zeros instead.
        // slither-disable-next-line assembly
        assembly ("memory-safe") { // solhint-disable-line no-inline-assembly
            v := shr(sub(256, mul(size, 8)), calldataload(add(data.offset, offset)))
        }
    }
}
