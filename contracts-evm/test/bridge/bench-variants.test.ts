import assert from "node:assert/strict";
import { universalFromEvm } from "@calctra/core";
import { BRIDGE_ROLE, CAL, HOME, SPOKE, createChain, idOf, message, openLimits, signedFor, validatorAddresses } from "./helpers.js";

// The bench-only contracts whose gas scripts/bench-bridge.ts reports (contracts-evm/contracts/bench): their figures
// only mean something if they keep the checks of the production path.
const chain = await createChain(SPOKE);
const [deployer, alice, , , , , pauser] = chain.wallets;
const HOME_VAULT = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as const;
const admin = deployer!.account.address;

async function baselineSpoke() {
  const token = await chain.viem.deployContract("CalToken", [admin, admin, false]);
  const bridge = await chain.viem.deployContract("BenchMessageIdMinter", [
    token.address,
    admin,
    pauser!.account.address,
    validatorAddresses,
    2,
    86_400,
  ]);
  await token.write.grantRole([BRIDGE_ROLE, bridge.address]);
  await bridge.write.setRemoteDomain([HOME, openLimits(HOME_VAULT)]);
  return { token, bridge };
}
const to = () => universalFromEvm(alice!.account.address);

describe("Bench variants (gas benchmark only)", () => {
  it("per-messageId baseline minter: delivers each messageId once, skips it in a batch, and has no nonce view", async () => {
    const { token, bridge } = await baselineSpoke();
    const m = message({ nonce: 300n, recipient: to(), amount: CAL });
    const s = await signedFor(m, bridge.address);
    assert.equal(await bridge.read.isDelivered([s.message]), false);
    await bridge.write.receiveMessage([s.message, s.signatures]);
    assert.equal(await bridge.read.isDelivered([s.message]), true);
    await chain.viem.assertions.revertWithCustomErrorWithArgs(
      bridge.write.receiveMessage([s.message, s.signatures]),
      bridge,
      "BridgeMessageAlreadyDelivered",
      [idOf(m)],
    );
    const next = await signedFor(message({ nonce: 301n, recipient: to(), amount: CAL }), bridge.address);
    await bridge.write.receiveBatch([
      [s.message, next.message],
      [s.signatures, next.signatures],
    ]);
    assert.equal(await token.read.totalSupply(), 2n * CAL);
    await chain.viem.assertions.revertWithCustomError(bridge.read.isDelivered([HOME, 300n]), bridge, "BenchUnsupported");
  });
});
