import assert from "node:assert/strict";
import { getAddress, keccak256, toHex } from "viem";
import { viem, networkHelpers, CAL } from "./helpers/fixture.js";

const CAP = 10n ** 18n;
const BRIDGE_ROLE = keccak256(toHex("BRIDGE_ROLE"));

async function deployTokens() {
  const [admin, holder, bridge, alice, bob] = await viem.getWalletClients();
  const home = await viem.deployContract("CalToken", [admin.account.address, holder.account.address, true]);
  const spoke = await viem.deployContract("CalToken", [admin.account.address, holder.account.address, false]);
  await spoke.write.grantRole([BRIDGE_ROLE, bridge.account.address]);
  return { admin, holder, bridge, alice, bob, home, spoke };
}

describe("CalToken", () => {
  it("has 9 decimals, the CAL symbol and a 10^18 cap", async () => {
    const { home } = await networkHelpers.loadFixture(deployTokens);
    assert.equal(await home.read.decimals(), 9);
    assert.equal(await home.read.symbol(), "CAL");
    assert.equal(await home.read.CAP(), CAP);
  });

  it("mints the whole cap to the recipient in home mode", async () => {
    const { home, holder } = await networkHelpers.loadFixture(deployTokens);
    assert.equal(await home.read.totalSupply(), CAP);
    assert.equal(await home.read.balanceOf([holder.account.address]), CAP);
  });

  it("starts with zero supply in spoke mode and lets the bridge mint", async () => {
    const { spoke, bridge, alice } = await networkHelpers.loadFixture(deployTokens);
    assert.equal(await spoke.read.totalSupply(), 0n);
    await viem.assertions.emitWithArgs(
      spoke.write.crosschainMint([alice.account.address, 5n * CAL], { account: bridge.account }),
      spoke,
      "BridgeMinted",
      [alice.account.address, 5n * CAL],
    );
    assert.equal(await spoke.read.balanceOf([alice.account.address]), 5n * CAL);
  });

  it("refuses mint and burn from an account without BRIDGE_ROLE", async () => {
    const { spoke, alice } = await networkHelpers.loadFixture(deployTokens);
    await viem.assertions.revertWithCustomErrorWithArgs(
      spoke.write.crosschainMint([alice.account.address, 1n], { account: alice.account }),
      spoke,
      "AccessControlUnauthorizedAccount",
      [alice.account.address, BRIDGE_ROLE],
    );
    await viem.assertions.revertWithCustomErrorWithArgs(
      spoke.write.crosschainBurn([alice.account.address, 1n], { account: alice.account }),
      spoke,
      "AccessControlUnauthorizedAccount",
      [alice.account.address, BRIDGE_ROLE],
    );
  });

  it("refuses to mint beyond the cap", async () => {
    const { spoke, bridge, alice } = await networkHelpers.loadFixture(deployTokens);
    await spoke.write.crosschainMint([alice.account.address, CAP], { account: bridge.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      spoke.write.crosschainMint([alice.account.address, 1n], { account: bridge.account }),
      spoke,
      "ERC20ExceededSafeSupply",
      [CAP + 1n, CAP],
    );
  });

  it("burns a holder's tokens only through an allowance given to the bridge", async () => {
    const { spoke, bridge, alice } = await networkHelpers.loadFixture(deployTokens);
    await spoke.write.crosschainMint([alice.account.address, 10n * CAL], { account: bridge.account });
    await viem.assertions.revertWithCustomErrorWithArgs(
      spoke.write.crosschainBurn([alice.account.address, 4n * CAL], { account: bridge.account }),
      spoke,
      "ERC20InsufficientAllowance",
      [bridge.account.address, 0n, 4n * CAL],
    );
    await spoke.write.approve([bridge.account.address, 4n * CAL], { account: alice.account });
    await viem.assertions.emitWithArgs(
      spoke.write.crosschainBurn([alice.account.address, 4n * CAL], { account: bridge.account }),
      spoke,
      "BridgeBurned",
      [alice.account.address, 4n * CAL],
    );
    assert.equal(await spoke.read.totalSupply(), 6n * CAL);
  });

  it("refuses a transfer to the zero address with ERC20InvalidReceiver", async () => {
    const { home, holder } = await networkHelpers.loadFixture(deployTokens);
    await viem.assertions.revertWithCustomErrorWithArgs(
      home.write.transfer(["0x0000000000000000000000000000000000000000", 1n], { account: holder.account }),
      home,
      "ERC20InvalidReceiver",
      ["0x0000000000000000000000000000000000000000"],
    );
  });

  it("refuses a transfer from the zero address (an eth_call without sender) with ERC20InvalidSender", async () => {
    const { home, alice } = await networkHelpers.loadFixture(deployTokens);
    const zero = "0x0000000000000000000000000000000000000000";
    await viem.assertions.revertWithCustomErrorWithArgs(
      (await viem.getPublicClient()).simulateContract({
        address: home.address,
        abi: home.abi,
        functionName: "transfer",
        args: [alice.account.address, 0n],
        account: zero,
      }) as Promise<never>,
      home,
      "ERC20InvalidSender",
      [zero],
    );
  });

  it("refuses a transfer above the balance with ERC20InsufficientBalance", async () => {
    const { home, alice, bob } = await networkHelpers.loadFixture(deployTokens);
    await viem.assertions.revertWithCustomErrorWithArgs(
      home.write.transfer([bob.account.address, 1n], { account: alice.account }),
      home,
      "ERC20InsufficientBalance",
      [getAddress(alice.account.address), 0n, 1n],
    );
  });

  it("uses the block timestamp as its EIP-6372 clock", async () => {
    const { home } = await networkHelpers.loadFixture(deployTokens);
    assert.equal(await home.read.CLOCK_MODE(), "mode=timestamp");
    assert.equal(BigInt(await home.read.clock()), BigInt(await networkHelpers.time.latest()));
  });

  it("tracks delegated votes by timestamp", async () => {
    const { home, holder, alice } = await networkHelpers.loadFixture(deployTokens);
    await home.write.transfer([alice.account.address, 7n * CAL], { account: holder.account });
    await home.write.delegate([alice.account.address], { account: alice.account });
    const t = BigInt(await networkHelpers.time.latest());
    await networkHelpers.time.increase(10);
    assert.equal(await home.read.getVotes([alice.account.address]), 7n * CAL);
    assert.equal(await home.read.getPastVotes([alice.account.address, t]), 7n * CAL);
    assert.equal(await home.read.getPastVotes([alice.account.address, t - 1n]), 0n);
  });

  it("accepts an EIP-2612 permit", async () => {
    const { home, holder, alice } = await networkHelpers.loadFixture(deployTokens);
    const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
    const chainId = await (await viem.getPublicClient()).getChainId();
    const signature = await holder.signTypedData({
      domain: { name: "Calctra", version: "1", chainId, verifyingContract: home.address },
      types: {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      primaryType: "Permit",
      message: { owner: holder.account.address, spender: alice.account.address, value: 3n, nonce: 0n, deadline },
    });
    const r = `0x${signature.slice(2, 66)}` as const;
    const s = `0x${signature.slice(66, 130)}` as const;
    const v = Number.parseInt(signature.slice(130, 132), 16);
    await home.write.permit([holder.account.address, alice.account.address, 3n, deadline, v, r, s], {
      account: alice.account,
    });
    assert.equal(await home.read.allowance([holder.account.address, alice.account.address]), 3n);
    assert.equal(await home.read.nonces([holder.account.address]), 1n);
  });
});
