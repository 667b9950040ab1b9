import assert from "node:assert/strict";
import { getAddress, keccak256, pad, toHex } from "viem";
import CalctraModule from "../../ignition/modules/Calctra.js";
import { BridgeHomeModule } from "../../ignition/modules/Bridge.js";
import { GovernanceHubModule, GovernanceSpokeModule } from "../../ignition/modules/Governance.js";
import { network } from "hardhat";
import { connection, networkHelpers, viem } from "../helpers/fixture.js";

/** The spoke's own chain (domain 31338). */
const spokeChain = await network.create({ override: { chainId: 31338 } });

const ADMIN = `0x${"00".repeat(32)}` as const;
const PAUSER = keccak256(toHex("PAUSER_ROLE"));
const BRIDGE_ROLE = keccak256(toHex("BRIDGE_ROLE"));

/** The home suite, its BridgeVault and GovernanceHub, and one spoke of the "GovernanceSpoke" module on its own chain. */
async function deployModules() {
  const [deployer, guardian] = await viem.getWalletClients();
  const home = await connection.ignition.deploy(CalctraModule, { displayUi: false });
  const { vault } = await connection.ignition.deploy(BridgeHomeModule, {
    parameters: {
      BridgeHome: { token: home.token.address, timelock: home.timelock.address, validators: [deployer.account.address], threshold: 1 },
    },
    displayUi: false,
  });
  const { hub } = await connection.ignition.deploy(GovernanceHubModule, {
    parameters: { GovernanceHub: { governor: home.governor.address, timelock: home.timelock.address, bridge: vault.address } },
    displayUi: false,
  });
  const spoke = await spokeChain.ignition.deploy(GovernanceSpokeModule, {
    parameters: {
      GovernanceSpoke: {
        hub: pad(hub.address, { size: 32 }),
        hubDomain: 31337,
        guardian: guardian.account.address,
        executionDelay: 7200n,
        validators: [deployer.account.address],
        threshold: 1,
        homeBridge: pad(vault.address, { size: 32 }),
      },
    },
    displayUi: false,
  });
  return { deployer, guardian, home, vault, hub, spoke };
}

describe("Governance Ignition modules", () => {
  it("deploys the hub wired to the governor, the home bridge and the timelock", async () => {
    const { home, vault, hub } = await networkHelpers.loadFixture(deployModules);
    assert.equal(getAddress(await hub.read.governor()), getAddress(home.governor.address));
    assert.equal(getAddress(await hub.read.bridge()), getAddress(vault.address));
    assert.equal(getAddress(await hub.read.timelock()), getAddress(home.timelock.address));
    assert.equal(await home.governor.read.COUNTING_MODE(), "support=bravo,fractional&quorum=for,abstain&params=fractional");
  });

  it("deploys the power registry owned by the timelock, the one registry Staking lets slash for power", async () => {
    const { home } = await networkHelpers.loadFixture(deployModules);
    assert.equal(getAddress(await home.powerRegistry.read.owner()), getAddress(home.timelock.address));
    assert.equal(getAddress(await home.staking.read.powerRegistry()), getAddress(home.powerRegistry.address));
    assert.equal(getAddress(await home.powerRegistry.read.staking()), getAddress(home.staking.address));
    assert.equal(getAddress(await home.staking.read.owner()), getAddress(home.timelock.address));
  });

  it("deploys a spoke whose executor holds every admin right and whose deployer holds none", async () => {
    const { deployer, guardian, hub, spoke } = await networkHelpers.loadFixture(deployModules);
    const d = deployer.account.address;
    const e = spoke.executor.address;
    assert.equal(getAddress(await spoke.staking.read.owner()), getAddress(e));
    assert.equal(getAddress(await spoke.staking.read.marketplace()), getAddress(spoke.marketplace.address));
    for (const [contract, roles] of [
      [spoke.marketplace, [ADMIN, PAUSER]],
      [spoke.minter, [ADMIN, PAUSER]],
      [spoke.token, [ADMIN]],
    ] as const) {
      for (const role of roles) {
        assert.equal(await contract.read.hasRole([role, e]), true);
        assert.equal(await contract.read.hasRole([role, d]), false);
      }
    }
    assert.equal(await spoke.token.read.hasRole([BRIDGE_ROLE, spoke.minter.address]), true);
    assert.equal(await spoke.token.read.totalSupply(), 0n);
    assert.equal((await spoke.minter.read.remoteBridge([31337])) !== `0x${"00".repeat(32)}`, true);
    assert.equal(await spoke.executor.read.hub(), pad(hub.address, { size: 32 }).toLowerCase());
    assert.equal(await spoke.executor.read.executionDelay(), 7200n);
    assert.equal(getAddress(await spoke.executor.read.guardian()), getAddress(guardian.account.address));
    assert.equal(await spoke.vault.read.hub(), pad(hub.address, { size: 32 }).toLowerCase());
    assert.equal(getAddress(await spoke.vault.read.bridge()), getAddress(spoke.minter.address));
  });
});
