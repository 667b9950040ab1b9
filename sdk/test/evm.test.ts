import { expect } from "chai";
import { keccak256, toHex } from "viem";
import { CAL, CalctraError, TaskStatus, computePayout, universalFromEvm } from "@calctra/core";
import { EvmMarketplaceClient, EvmStakingClient, EvmTokenClient } from "../src/evm/index.js";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";

describe("EVM adapter against an embedded chain", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let userMarket: EvmMarketplaceClient;
  let providerMarket: EvmMarketplaceClient;
  let providerStaking: EvmStakingClient;
  let token: EvmTokenClient;
  let user: `0x${string}`;
  let provider: `0x${string}`;

  before(async () => {
    evm = await startLocalEvm();
    const [deployer, u, p] = evm.wallets;
    const base = { publicClient: evm.publicClient, deployment: evm.deployment };
    token = new EvmTokenClient({ ...base, walletClient: deployer! });
    user = u!.account.address;
    provider = p!.account.address;
    await token.transfer({ to: user, amount: 1_000n * CAL });
    await token.transfer({ to: provider, amount: 1_000n * CAL });
    userMarket = new EvmMarketplaceClient({ ...base, walletClient: u! });
    providerMarket = new EvmMarketplaceClient({ ...base, walletClient: p! });
    providerStaking = new EvmStakingClient({ ...base, walletClient: p! });
  });

  async function now(): Promise<bigint> {
    return (await evm.publicClient.getBlock()).timestamp;
  }

  it("registers and stakes a provider, reading back stake and a new provider's 5000 score", async () => {
    const metadataHash = keccak256(toHex("cpu:16 mem:64 gpu:1x24"));
    await providerStaking.register({ metadataHash });
    const r = await providerStaking.stake({ amount: 500n * CAL });
    expect(r.cost! > 0n).to.equal(true);
    const info = await providerStaking.getProvider({ provider });
    expect(info).to.include({ registered: true, metadataHash, staked: 500n * CAL, locked: 0n, scoreBps: 5000n });
    expect(info.provider).to.equal(universalFromEvm(provider));
  });

  it("runs an optimistic task to completion and pays 80/15/5 to provider, treasury and creator", async () => {
    const creator = evm.wallets[3]!.account.address;
    const reward = 100n * CAL;
    const { taskId } = await userMarket.createTask({
      specHash: 123n,
      reward,
      collateral: 50n * CAL,
      deadline: (await now()) + 3600n,
      verifierId: 0,
      modelCreator: creator,
      minReputationBps: 5000,
    });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Open);
    await providerMarket.acceptTask({ taskId });
    const before = await token.balanceOf({ owner: provider });
    await providerMarket.submitResult({ taskId, resultCommitment: 456n });
    const submitted = await userMarket.getTask({ taskId });
    expect(submitted.status).to.equal(TaskStatus.Submitted);
    expect(submitted.resultCommitment).to.equal(456n);
    await evm.increaseTime(86_400n);
    await userMarket.finalize({ taskId });
    const split = computePayout({ reward, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: true });
    expect((await token.balanceOf({ owner: provider })) - before).to.equal(split.provider);
    expect(await token.balanceOf({ owner: creator })).to.equal(split.creator);
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
    expect((await providerStaking.getProvider({ provider })).completed).to.equal(1n);
  });

  it("decodes an on-chain revert into a CalctraError with the contract's name and arguments", async () => {
    const { taskId } = await userMarket.createTask({
      specHash: 1n,
      reward: CAL,
      collateral: CAL,
      deadline: (await now()) + 3600n,
      verifierId: 0,
      minReputationBps: 0,
    });
    await userMarket.cancelTask({ taskId });
    const err = await providerMarket.acceptTask({ taskId }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(CalctraError);
    expect((err as CalctraError).name).to.equal("MarketplaceTaskNotOpen");
    expect((err as CalctraError).chain).to.equal("evm");
    expect((err as CalctraError).args).to.deep.include({ taskId, status: TaskStatus.Cancelled });
  });

  it("refuses bad input before sending anything, with the on-chain error names", async () => {
    const count = await userMarket.taskCount();
    const deadline = (await now()) + 3600n;
    const bad = [
      userMarket.createTask({ specHash: 1n, reward: 0n, collateral: 0n, deadline, verifierId: 0, minReputationBps: 0 }),
      userMarket.createTask({ specHash: 1n << 248n, reward: 1n, collateral: 0n, deadline, verifierId: 0, minReputationBps: 0 }),
      userMarket.createTask({ specHash: 1n, reward: 1n, collateral: 0n, deadline: 1n, verifierId: 0, minReputationBps: 0 }),
    ];
    const names = await Promise.all(
      bad.map((p) =>
        p.then(
          () => "sent",
          (e: CalctraError) => `${e.name}/${e.chain}`,
        ),
      ),
    );
    expect(names).to.deep.equal(["MarketplaceZeroReward/sdk", "MarketplaceFieldElementOutOfRange/sdk", "MarketplaceInvalidDeadline/sdk"]);
    expect(await userMarket.taskCount()).to.equal(count);
  });

  it("reports MarketplaceTaskNotFound for an unknown task id", async () => {
    const err = await userMarket.getTask({ taskId: 9999n }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as CalctraError).name).to.equal("MarketplaceTaskNotFound");
  });
});
