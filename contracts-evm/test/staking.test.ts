import assert from "node:assert/strict";
import { viem, networkHelpers, CAL, DAY, name32, deploySuite, deployWithProvider, createTask } from "./helpers/fixture.js";

describe("Staking", () => {
  describe("register", () => {
    it("registers a provider with its metadata hash", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const hash = name32("tee-quote");
      await viem.assertions.emitWithArgs(
        s.staking.write.register([hash], { account: s.provider.account }),
        s.staking,
        "ProviderRegistered",
        [s.provider.account.address, hash],
      );
      assert.equal((await s.staking.read.providerInfo([s.provider.account.address])).registered, true);
      assert.equal(await s.staking.read.metadataOf([s.provider.account.address]), hash);
    });

    it("refuses a second registration with StakingAlreadyRegistered", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.register([name32("x")], { account: s.provider.account }),
        s.staking,
        "StakingAlreadyRegistered",
        [s.provider.account.address],
      );
    });

    it("lets a registered provider update its metadata and refuses an unregistered one", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      await viem.assertions.emitWithArgs(
        s.staking.write.updateMetadata([name32("h100")], { account: s.provider.account }),
        s.staking,
        "ProviderMetadataUpdated",
        [s.provider.account.address, name32("h100")],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.updateMetadata([name32("x")], { account: s.stranger.account }),
        s.staking,
        "StakingNotRegistered",
        [s.stranger.account.address],
      );
    });

    it("gives a new provider a score of 5000", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      assert.equal(await s.staking.read.scoreOf([s.provider.account.address]), 5000n);
    });
  });

  describe("stake", () => {
    it("pulls tokens into the provider's free stake", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const before = await s.token.read.balanceOf([s.staking.address]);
      await viem.assertions.emitWithArgs(s.staking.write.stake([5n * CAL], { account: s.provider.account }), s.staking, "Staked", [
        s.provider.account.address,
        5n * CAL,
      ]);
      const info = await s.staking.read.stakeInfo([s.provider.account.address]);
      assert.equal(info.free, 1005n * CAL);
      assert.equal(await s.token.read.balanceOf([s.staking.address]), before + 5n * CAL);
    });

    it("refuses a zero amount with StakingZeroAmount", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      await viem.assertions.revertWithCustomError(
        s.staking.write.stake([0n], { account: s.provider.account }),
        s.staking,
        "StakingZeroAmount",
      );
    });

    it("refuses an unregistered account with StakingNotRegistered", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.stake([CAL], { account: s.stranger.account }),
        s.staking,
        "StakingNotRegistered",
        [s.stranger.account.address],
      );
    });
  });

  describe("requestUnstake and withdraw", () => {
    it("moves free stake to pending and starts the unbonding clock", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const tx = s.staking.write.requestUnstake([300n * CAL], { account: s.provider.account });
      const unlockAt = BigInt(await networkHelpers.time.latest()) + 1n + 7n * DAY;
      await viem.assertions.emitWithArgs(tx, s.staking, "UnstakeRequested", [s.provider.account.address, 300n * CAL, unlockAt]);
      const info = await s.staking.read.stakeInfo([s.provider.account.address]);
      assert.equal(info.free, 700n * CAL);
      assert.equal(info.pendingUnstake, 300n * CAL);
      assert.equal(info.unlockAt, unlockAt);
      assert.equal(await s.staking.read.activeStakeOf([s.provider.account.address]), 700n * CAL);
    });

    it("refuses a zero amount with StakingZeroAmount", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      await viem.assertions.revertWithCustomError(
        s.staking.write.requestUnstake([0n], { account: s.provider.account }),
        s.staking,
        "StakingZeroAmount",
      );
    });

    it("refuses more than the free stake with StakingInsufficientFreeStake", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.requestUnstake([1001n * CAL], { account: s.provider.account }),
        s.staking,
        "StakingInsufficientFreeStake",
        [s.provider.account.address, 1000n * CAL, 1001n * CAL],
      );
    });

    it("cannot unstake collateral locked by an accepted task", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const id = await createTask(s, { collateral: 400n * CAL });
      await s.marketplace.write.acceptTask([id], { account: s.provider.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.requestUnstake([601n * CAL], { account: s.provider.account }),
        s.staking,
        "StakingInsufficientFreeStake",
        [s.provider.account.address, 600n * CAL, 601n * CAL],
      );
    });

    it("refuses a withdrawal with nothing pending with StakingNoPendingUnstake", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.withdraw({ account: s.provider.account }),
        s.staking,
        "StakingNoPendingUnstake",
        [s.provider.account.address],
      );
    });

    it("refuses a withdrawal before the unbonding period with StakingUnbondingNotElapsed", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      await s.staking.write.requestUnstake([300n * CAL], { account: s.provider.account });
      const unlockAt = (await s.staking.read.stakeInfo([s.provider.account.address])).unlockAt;
      await networkHelpers.time.setNextBlockTimestamp(unlockAt - 1n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.withdraw({ account: s.provider.account }),
        s.staking,
        "StakingUnbondingNotElapsed",
        [s.provider.account.address, unlockAt, unlockAt - 1n],
      );
    });

    it("pays the pending amount out once the unbonding period has elapsed", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      await s.staking.write.requestUnstake([300n * CAL], { account: s.provider.account });
      const unlockAt = (await s.staking.read.stakeInfo([s.provider.account.address])).unlockAt;
      await networkHelpers.time.setNextBlockTimestamp(unlockAt);
      const before = await s.token.read.balanceOf([s.provider.account.address]);
      await viem.assertions.emitWithArgs(s.staking.write.withdraw({ account: s.provider.account }), s.staking, "Withdrawn", [
        s.provider.account.address,
        300n * CAL,
      ]);
      assert.equal(await s.token.read.balanceOf([s.provider.account.address]), before + 300n * CAL);
      assert.equal((await s.staking.read.stakeInfo([s.provider.account.address])).pendingUnstake, 0n);
    });
  });

  describe("marketplace-only hooks", () => {
    it("refuses lockCollateral, unlockCollateral and slash from anyone but the marketplace", async () => {
      const s = await networkHelpers.loadFixture(deployWithProvider);
      const p = s.provider.account.address;
      const a = s.stranger.account;
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.lockCollateral([p, 1n], { account: a }),
        s.staking,
        "StakingUnauthorizedSlasher",
        [a.address],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.unlockCollateral([p, 1n, true], { account: a }),
        s.staking,
        "StakingUnauthorizedSlasher",
        [a.address],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        s.staking.write.slash([p, 1n, 2000n, a.address, a.address], { account: a }),
        s.staking,
        "StakingUnauthorizedSlasher",
        [a.address],
      );
    });
  });

  describe("parameters", () => {
    it("lets the owner set minStake and unbondingPeriod within bounds", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      await viem.assertions.emitWithArgs(s.staking.write.setParameter([1, CAL]), s.staking, "ParameterUpdated", [1, CAL]);
      await s.staking.write.setParameter([1, 1_000_000n * CAL]);
      await s.staking.write.setParameter([2, 3600n]);
      await s.staking.write.setParameter([2, 30n * DAY]);
      assert.equal(await s.staking.read.minStake(), 1_000_000n * CAL);
      assert.equal(await s.staking.read.unbondingPeriod(), 30n * DAY);
    });

    it("refuses out-of-bounds values with StakingParameterOutOfBounds", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const cases = [
        [CAL - 1n, "minStake"],
        [1_000_000n * CAL + 1n, "minStake"],
      ] as const;
      for (const [v, n] of cases) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          s.staking.write.setParameter([1, v]),
          s.staking,
          "StakingParameterOutOfBounds",
          [name32(n), v, CAL, 1_000_000n * CAL],
        );
      }
      for (const v of [3599n, 30n * DAY + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          s.staking.write.setParameter([2, v]),
          s.staking,
          "StakingParameterOutOfBounds",
          [name32("unbondingPeriod"), v, 3600n, 30n * DAY],
        );
      }
    });

    it("refuses parameter ids it does not own with GovernanceUnknownParameter", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      for (const id of [0, 3, 4, 5, 6, 99]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          s.staking.write.setParameter([id, 3600n]),
          s.staking,
          "GovernanceUnknownParameter",
          [id],
        );
      }
    });

    it("refuses parameter changes from anyone but the owner", async () => {
      const s = await networkHelpers.loadFixture(deploySuite);
      const a = s.stranger.account;
      for (const call of [
        s.staking.write.setParameter([1, CAL], { account: a }),
        s.staking.write.setParameter([2, 3600n], { account: a }),
        s.staking.write.setMarketplace([a.address], { account: a }),
      ]) {
        await viem.assertions.revertWithCustomErrorWithArgs(call, s.staking, "OwnableUnauthorizedAccount", [a.address]);
      }
    });
  });
});
