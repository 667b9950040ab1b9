import assert from "node:assert/strict";
import { getAddress, toFunctionSelector } from "viem";
import { BRIDGE_ROLE, CAL, SPOKE, createChain } from "./helpers.js";

const chain = await createChain(SPOKE);
const [admin, bridge, alice, bob] = chain.wallets;

async function token() {
  const t = await chain.viem.deployContract("CalSpokeToken", [admin!.account.address]);
  await t.write.grantRole([BRIDGE_ROLE, bridge!.account.address]);
  return t;
}
const asBridge = { account: bridge!.account };

describe("CalSpokeToken (CAL on an EVM spoke)", () => {
  it("is CAL with 9 decimals, zero initial supply and no votes", async () => {
    const t = await token();
    assert.equal(await t.read.name(), "Calctra");
    assert.equal(await t.read.symbol(), "CAL");
    assert.equal(await t.read.decimals(), 9);
    assert.equal(await t.read.totalSupply(), 0n);
    assert.equal(await t.read.CAP(), 10n ** 18n);
    const names = t.abi.filter((i) => i.type === "function").map((i) => i.name);
    for (const votes of ["delegate", "getVotes", "getPastVotes", "delegates", "clock"]) assert.equal(names.includes(votes as never), false);
  });

  it("mints and burns only for BRIDGE_ROLE, with ERC-7802 CrosschainMint / CrosschainBurn naming the bridge", async () => {
    const t = await token();
    await chain.viem.assertions.revertWithCustomError(
      t.write.crosschainMint([alice!.account.address, CAL], { account: alice!.account }),
      t,
      "AccessControlUnauthorizedAccount",
    );
    await chain.viem.assertions.emitWithArgs(t.write.crosschainMint([alice!.account.address, 5n * CAL], asBridge), t, "CrosschainMint", [
      getAddress(alice!.account.address),
      5n * CAL,
      getAddress(bridge!.account.address),
    ]);
    await chain.viem.assertions.revertWithCustomError(
      t.write.crosschainBurn([alice!.account.address, CAL], { account: alice!.account }),
      t,
      "AccessControlUnauthorizedAccount",
    );
    assert.equal(await t.read.balanceOf([alice!.account.address]), 5n * CAL);
  });

  it("burns from a holder only within the allowance that holder gave the bridge", async () => {
    const t = await token();
    await t.write.crosschainMint([alice!.account.address, 5n * CAL], asBridge);
    await chain.viem.assertions.revertWithCustomError(
      t.write.crosschainBurn([alice!.account.address, CAL], asBridge),
      t,
      "ERC20InsufficientAllowance",
    );
    await t.write.approve([bridge!.account.address, 2n * CAL], { account: alice!.account });
    await chain.viem.assertions.emitWithArgs(t.write.crosschainBurn([alice!.account.address, 2n * CAL], asBridge), t, "CrosschainBurn", [
      getAddress(alice!.account.address),
      2n * CAL,
      getAddress(bridge!.account.address),
    ]);
    assert.equal(await t.read.balanceOf([alice!.account.address]), 3n * CAL);
    assert.equal(await t.read.totalSupply(), 3n * CAL);
    assert.equal(await t.read.allowance([alice!.account.address, bridge!.account.address]), 0n);
  });

  it("ERC20ExceededCap: never mints above 10^18 base units", async () => {
    const t = await token();
    await t.write.crosschainMint([alice!.account.address, 10n ** 18n], asBridge);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      t.write.crosschainMint([bob!.account.address, 1n], asBridge),
      t,
      "ERC20ExceededCap",
      [10n ** 18n + 1n, 10n ** 18n],
    );
  });

  it("accepts an EIP-2612 permit", async () => {
    const t = await token();
    const owner = alice!.account.address;
    const deadline = 2n ** 40n;
    const signature = await alice!.signTypedData({
      domain: { name: "Calctra", version: "1", chainId: SPOKE, verifyingContract: t.address },
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
      message: { owner, spender: bridge!.account.address, value: CAL, nonce: 0n, deadline },
    });
    const r = `0x${signature.slice(2, 66)}` as const;
    const s = `0x${signature.slice(66, 130)}` as const;
    const v = Number.parseInt(signature.slice(130, 132), 16);
    await t.write.permit([owner, bridge!.account.address, CAL, deadline, v, r, s], { account: bob!.account });
    assert.equal(await t.read.allowance([owner, bridge!.account.address]), CAL);
  });

  it("answers ERC-165 for IERC7802, IERC165 and IAccessControl only", async () => {
    const t = await token();
    const ierc7802 = toFunctionSelector("crosschainMint(address,uint256)");
    const id = (BigInt(ierc7802) ^ BigInt(toFunctionSelector("crosschainBurn(address,uint256)"))).toString(16).padStart(8, "0");
    assert.equal(`0x${id}`, "0x33331994");
    assert.equal(await t.read.supportsInterface(["0x33331994"]), true);
    assert.equal(await t.read.supportsInterface(["0x01ffc9a7"]), true);
    assert.equal(await t.read.supportsInterface(["0x7965db0b"]), true);
    assert.equal(await t.read.supportsInterface(["0xffffffff"]), false);
  });
});
