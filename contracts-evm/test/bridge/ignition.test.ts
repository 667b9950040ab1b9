import assert from "node:assert/strict";
import { encodeFunctionData, getAddress, keccak256, toHex, type Address } from "viem";
import CalctraModule from "../../ignition/modules/Calctra.js";
import { BridgeHomeModule, BridgeSpokeModule } from "../../ignition/modules/Bridge.js";
import { universalFromEvm } from "@calctra/core";
import {
  BRIDGE_ROLE,
  CAL,
  DEFAULT_ADMIN_ROLE,
  HOME,
  PAUSER_ROLE,
  SPOKE,
  createChain,
  digestFor,
  encode,
  message,
  signPacked,
  validatorAddresses,
  validatorKeys,
} from "./helpers.js";

const PROPOSER_ROLE = keccak256(toHex("PROPOSER_ROLE"));
const CANCELLER_ROLE = keccak256(toHex("CANCELLER_ROLE"));
const HOME_VAULT = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;

describe("Bridge Ignition modules", () => {
  it("spoke: CalSpokeToken; the timelock grants BRIDGE_ROLE to the minter and enables home at deployment, then holds every admin right; the governance placeholder proposes", async () => {
    const chain = await createChain(SPOKE);
    const [deployer, alice, , , , governance] = chain.wallets;
    const d = deployer!.account.address;
    const g = governance!.account.address;
    const s = await chain.connection.ignition.deploy(BridgeSpokeModule, {
      parameters: {
        BridgeSpoke: {
          validators: validatorAddresses,
          threshold: 2,
          homeBridge: universalFromEvm(HOME_VAULT),
          timelockDelay: 3600n,
          governance: g,
        },
      },
      displayUi: false,
    });
    assert.equal(await s.token.read.decimals(), 9);
    assert.equal(await s.token.read.supportsInterface(["0x33331994"]), true);
    assert.equal(await s.token.read.hasRole([BRIDGE_ROLE, s.minter.address]), true);
    assert.equal(await s.timelock.read.getMinDelay(), 3600n);
    for (const c of [s.token, s.minter, s.marketplace, s.timelock]) {
      assert.equal(await c.read.hasRole([DEFAULT_ADMIN_ROLE, d]), false);
    }
    for (const c of [s.token, s.minter, s.marketplace]) assert.equal(await c.read.hasRole([DEFAULT_ADMIN_ROLE, s.timelock.address]), true);
    assert.equal(await s.timelock.read.hasRole([PROPOSER_ROLE, d]), false);
    assert.equal(await s.timelock.read.hasRole([PROPOSER_ROLE, g]), true);
    assert.equal(await s.timelock.read.hasRole([CANCELLER_ROLE, g]), true);
    assert.equal(await s.minter.read.hasRole([PAUSER_ROLE, d]), true);
    assert.equal(getAddress(await s.staking.read.owner()), getAddress(s.timelock.address));
    assert.equal(await s.minter.read.remoteBridge([HOME]), universalFromEvm(HOME_VAULT));
    // The deployed minter delivers a 2-of-3 message from home.
    const m = message({ recipient: universalFromEvm(alice!.account.address), amount: 3n * CAL });
    await s.minter.write.receiveMessage([encode(m), await signPacked(validatorKeys.slice(1), digestFor(m, s.minter.address))]);
    assert.equal(await s.token.read.balanceOf([alice!.account.address]), 3n * CAL);
  });

  it("home: the vault is administered by the suite's timelock; governance enables the spoke through propose, vote, queue, execute", async () => {
    const chain = await createChain(HOME);
    const [deployer] = chain.wallets;
    const suite = await chain.connection.ignition.deploy(CalctraModule, {
      parameters: {
        Calctra: { votingDelay: 60n, votingPeriod: 600n, timelockDelay: 60n, proposalThreshold: CAL, lateQuorumExtension: 60n },
      },
      displayUi: false,
    });
    const { vault } = await chain.connection.ignition.deploy(BridgeHomeModule, {
      parameters: { BridgeHome: { token: suite.token.address, timelock: suite.timelock.address, validators: validatorAddresses } },
      displayUi: false,
    });
    assert.equal(await vault.read.hasRole([DEFAULT_ADMIN_ROLE, suite.timelock.address]), true);
    assert.equal(await vault.read.hasRole([DEFAULT_ADMIN_ROLE, deployer!.account.address]), false);
    await chain.viem.assertions.revertWithCustomError(
      vault.write.setRemoteDomain([
        SPOKE,
        {
          bridge: universalFromEvm(HOME_VAULT),
          inboundCapacity: 1n,
          inboundRatePerSecond: 1n,
          outboundCapacity: 1n,
          outboundRatePerSecond: 1n,
        },
      ]),
      vault,
      "AccessControlUnauthorizedAccount",
    );
    await suite.token.write.delegate([deployer!.account.address]);
    const calldata = encodeFunctionData({
      abi: vault.abi,
      functionName: "setRemoteDomain",
      args: [
        SPOKE,
        {
          bridge: universalFromEvm(HOME_VAULT),
          inboundCapacity: 1000n * CAL,
          inboundRatePerSecond: CAL,
          outboundCapacity: 1000n * CAL,
          outboundRatePerSecond: CAL,
        },
      ],
    });
    const description = "Enable the EVM spoke 31338";
    const args = [[vault.address], [0n], [calldata]] as const;
    const descriptionHash = keccak256(toHex(description));
    await suite.governor.write.propose([...args, description]);
    const id = await suite.governor.read.hashProposal([...args, descriptionHash]);
    await chain.networkHelpers.time.increase(61);
    await suite.governor.write.castVote([id, 1]);
    await chain.networkHelpers.time.increase(601);
    await suite.governor.write.queue([...args, descriptionHash]);
    await chain.networkHelpers.time.increase(61);
    await suite.governor.write.execute([...args, descriptionHash]);
    assert.equal(await vault.read.remoteBridge([SPOKE]), universalFromEvm(HOME_VAULT));
    await suite.token.write.approve([vault.address, 10n * CAL]);
    await vault.write.send([SPOKE, universalFromEvm(deployer!.account.address), 10n * CAL]);
    assert.equal(await suite.token.read.balanceOf([vault.address]), 10n * CAL);
  });
});
