// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {GovernanceActions, GovernanceInvalidAction} from "../../contracts/governance/GovernanceActions.sol";
import {GovernanceActionsHarness} from "../../contracts/governance/test/GovernanceActionsHarness.sol";

/// Fuzz tests of the action-list decoder: any bytes either decode to 1..8 well-formed actions or are refused with
/// GovernanceInvalidAction (never a panic or another error), and a decoded setParameter list round-trips.
contract GovernanceActionsFuzzTest is Test {
    GovernanceActionsHarness internal harness;

    function setUp() public {
        harness = new GovernanceActionsHarness();
    }

    function _check(bytes memory data) internal view {
        try harness.decode(data) returns (GovernanceActions.Action[] memory actions) {
            assertGe(actions.length, 1);
            assertLe(actions.length, 8);
            for (uint256 i = 0; i < actions.length; ++i) {
                assertGe(actions[i].op, 1);
                assertLe(actions[i].op, 7);
            }
        } catch (bytes memory reason) {
            assertEq(reason.length, 4);
            assertEq(bytes4(reason), GovernanceInvalidAction.selector);
        }
    }

    function testFuzz_AnyBytesDecodeOrAreRefusedWithGovernanceInvalidAction(bytes calldata data) public view {
        _check(data);
    }

    function testFuzz_ListsOfValidOpsDecodeOrAreRefusedWithGovernanceInvalidAction(uint8 count, uint8 op, bytes calldata rest)
        public
        view
    {
        _check(abi.encodePacked(uint8(count % 10), uint8(op % 9), rest));
    }

    function testFuzz_SetParameterListsRoundTrip(uint16 paramId, uint64 value, uint8 n) public view {
        uint256 count = uint256(n % 8) + 1;
        bytes memory data = abi.encodePacked(uint8(count));
        for (uint256 i = 0; i < count; ++i) {
            data = abi.encodePacked(data, uint8(1), paramId, value);
        }
        GovernanceActions.Action[] memory actions = harness.decode(data);
        assertEq(actions.length, count);
        for (uint256 i = 0; i < count; ++i) {
            assertEq(actions[i].op, 1);
            assertEq(actions[i].id, paramId);
            assertEq(actions[i].value, value);
        }
    }
}
