// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {CalToken} from "../../contracts/token/CalToken.sol";
import {CalSpokeToken} from "../../contracts/token/CalSpokeToken.sol";
import {IBridge} from "../../contracts/bridge/IBridge.sol";
import {BridgeMessage} from "../../contracts/bridge/BridgeMessage.sol";
import {BridgeMinter} from "../../contracts/bridge/BridgeMinter.sol";
import {BridgeVault} from "../../contracts/bridge/BridgeVault.sol";
import {BridgeMessageHarness} from "../../contracts/bridge/test/BridgeMessageHarness.sol";

/// Fuzz tests of the bridge: the message codec, the M-of-N check against random validator sets and
/// signer subsets, and the outbound token bucket never letting more out than capacity + rate x time.
contract BridgeFuzzTest is Test {
    uint32 internal constant REMOTE = 0x534f4c41;
    BridgeMessageHarness internal harness;

    function setUp() public {
        harness = new BridgeMessageHarness();
    }

    function testFuzz_CodecRoundTrips(
        uint32 src,
        uint32 dst,
        uint64 nonce,
        bytes32 sender,
        bytes32 recipient,
        uint64 amount
    ) public view {
        BridgeMessage.Message memory m = BridgeMessage.Message(1, src, dst, nonce, sender, recipient, amount);
        bytes memory encoded = harness.encode(m);
        assertEq(encoded.length, 89);
        assertEq(keccak256(encoded), keccak256(abi.encodePacked(uint8(1), src, dst, nonce, sender, recipient, amount)));
        BridgeMessage.Message memory d = harness.decode(encoded);
        assertEq(d.srcDomain, src);
        assertEq(d.dstDomain, dst);
        assertEq(d.nonce, nonce);
        assertEq(d.sender, sender);
        assertEq(d.recipient, recipient);
        assertEq(d.amount, amount);
    }

    struct Key {
        uint256 pk;
        address addr;
    }

    /// Random set of `n` validators (sorted), threshold `t` (a strict majority); signing with the first `k` of them delivers iff k >= t.
    function testFuzz_ThresholdOfRandomSets(uint256 seed, uint8 nRaw, uint8 tRaw, uint8 kRaw) public {
        uint256 n = bound(nRaw, 1, 8);
        uint256 t = bound(tRaw, n / 2 + 1, n); // a strict majority (threshold * 2 > size)
        uint256 k = bound(kRaw, 0, n);
        Key[] memory keys = new Key[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 pk = uint256(keccak256(abi.encode(seed, i))) % (type(uint128).max) + 1;
            keys[i] = Key(pk, vm.addr(pk));
        }
        for (uint256 i = 1; i < n; ++i) {
            for (uint256 j = i; j > 0 && keys[j - 1].addr > keys[j].addr; --j) {
                (keys[j - 1], keys[j]) = (keys[j], keys[j - 1]);
            }
        }
        address[] memory set = new address[](n);
        for (uint256 i = 0; i < n; ++i) set[i] = keys[i].addr;
        CalSpokeToken token = new CalSpokeToken(address(this));
        BridgeMinter minter = new BridgeMinter(token, address(this), address(this), set, uint16(t), 0);
        token.grantRole(token.BRIDGE_ROLE(), address(minter));
        minter.setRemoteDomain(REMOTE, IBridge.RemoteConfig(bytes32(uint256(1)), 1e18, 1e18, 1e18, 1e18));

        bytes memory message = abi.encodePacked(
            uint8(1), REMOTE, uint32(block.chainid), uint64(1), bytes32(0), bytes32(uint256(uint160(address(0xBEEF)))), uint64(5)
        );
        bytes32 digest = minter.digestOf(keccak256(message));
        bytes memory sigs;
        for (uint256 i = 0; i < k; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[i].pk, digest);
            sigs = bytes.concat(sigs, r, s, bytes1(v));
        }
        if (k < t) vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeBelowThreshold.selector, k, t));
        minter.receiveMessage(message, sigs);
        assertEq(token.balanceOf(address(0xBEEF)), k >= t ? 5 : 0);
    }

    /// Whatever the sequence of sends and waits, the outbound total stays within capacity + rate x elapsed.
    function testFuzz_OutboundBucketBoundsTheFlow(uint64[8] memory amounts, uint16[8] memory gaps) public {
        uint64 capacity = 1000;
        uint64 rate = 7;
        CalToken token = new CalToken(address(this), address(this), true);
        address[] memory set = new address[](1);
        set[0] = address(0x1234);
        BridgeVault vault = new BridgeVault(token, address(this), address(this), set, 1, 0);
        vault.setRemoteDomain(REMOTE, IBridge.RemoteConfig(bytes32(uint256(1)), capacity, rate, capacity, rate));
        token.approve(address(vault), type(uint256).max);
        uint256 start = block.timestamp;
        uint256 sent;
        for (uint256 i = 0; i < 8; ++i) {
            vm.warp(block.timestamp + gaps[i] % 300);
            uint64 amount = uint64(bound(amounts[i], 1, 2 * capacity));
            uint64 available = vault.outboundBucket(REMOTE).level;
            if (amount > available) {
                vm.expectRevert(abi.encodeWithSelector(IBridge.BridgeRateLimited.selector, REMOTE, amount, available));
                vault.send(REMOTE, bytes32(uint256(1)), amount);
            } else {
                vault.send(REMOTE, bytes32(uint256(1)), amount);
                sent += amount;
            }
            assertLe(sent, capacity + rate * (block.timestamp - start));
            assertLe(vault.outboundBucket(REMOTE).level, capacity);
        }
        assertEq(token.balanceOf(address(vault)), sent);
    }
}
