import { expect } from "chai";
import { decodeFunctionData, getAddress, keccak256, parseEventLogs, toHex, type Hex } from "viem";
import { CAL, TaskStatus, replicaCommit, universalFromEvm } from "@calctra/core";
import { EvmMarketplaceClient, EvmStakingClient, EvmTokenClient, marketplaceAbi } from "../src/evm/index.js";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { rejection } from "./support.js";

const ZERO32 = `0x${"00".repeat(32)}` as const;
const CID_A = keccak256(toHex("encrypted result A"));
const CID_B = keccak256(toHex("encrypted result B"));

describe("EVM result delivery through the SDK: publishResult and getResultCid (DESIGN §5.3)", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let user: EvmMarketplaceClient;
  /** Two providers, registered and staking 500 CAL each. */
  let providers: EvmMarketplaceClient[];
  let addresses: Hex[];
  let stranger: EvmMarketplaceClient;

  before(async () => {
    evm = await startLocalEvm();
    const base = { publicClient: evm.publicClient, deployment: evm.deployment };
    const token = new EvmTokenClient({ ...base, walletClient: evm.wallets[0]! });
    for (const w of evm.wallets.slice(1, 5)) await token.transfer({ to: w.account.address, amount: 2_000n * CAL });
    user = new EvmMarketplaceClient({ ...base, walletClient: evm.wallets[1]! });
    providers = [];
    addresses = [];
    for (const [i, w] of evm.wallets.slice(2, 4).entries()) {
      const staking = new EvmStakingClient({ ...base, walletClient: w });
      await staking.register({ metadataHash: keccak256(toHex(`gpu:${i}`)) });
      await staking.stake({ amount: 500n * CAL });
      providers.push(new EvmMarketplaceClient({ ...base, walletClient: w }));
      addresses.push(w.account.address);
    }
    stranger = new EvmMarketplaceClient({ ...base, walletClient: evm.wallets[4]! });
  });

  const now = async () => (await evm.publicClient.getBlock()).timestamp;
  async function classicTask() {
    const { taskId } = await user.createTask({
      specHash: 7n,
      reward: 10n * CAL,
      collateral: 5n * CAL,
      deadline: (await now()) + 3600n,
      verifierId: 0,
      minReputationBps: 0,
    });
    return taskId;
  }

  it("prepares, simulates and sends publishResult; getResultCid reads it back (zero before; latest wins)", async () => {
    const taskId = await classicTask();
    await providers[0]!.acceptTask({ taskId });
    expect(await user.getResultCid({ taskId, provider: addresses[0]! })).to.equal(ZERO32);

    const prepared = await providers[0]!.preparePublishResult({ taskId, resultCid: CID_A });
    expect(prepared.to).to.equal(evm.deployment.contracts.Marketplace);
    expect(prepared.approval).to.equal(undefined);
    expect(decodeFunctionData({ abi: marketplaceAbi, data: prepared.data })).to.deep.include({
      functionName: "publishResult",
      args: [taskId, CID_A],
    });
    expect((await providers[0]!.simulatePublishResult({ taskId, resultCid: CID_A })).cost! > 0n).to.equal(true);
    expect(await user.getResultCid({ taskId, provider: addresses[0]! })).to.equal(ZERO32);

    const sent = await providers[0]!.publishResult({ taskId, resultCid: CID_A });
    expect(sent.cost > 0n).to.equal(true);
    const receipt = await evm.publicClient.getTransactionReceipt({ hash: sent.id });
    const [event] = parseEventLogs({ abi: marketplaceAbi, logs: receipt.logs, eventName: "ResultPublished" });
    expect(event?.args).to.deep.equal({ taskId, provider: getAddress(addresses[0]!), resultCid: CID_A });
    expect(await user.getResultCid({ taskId, provider: addresses[0]! })).to.equal(CID_A);
    expect(await user.getResultCid({ taskId, provider: addresses[1]! })).to.equal(ZERO32);

    await providers[0]!.publishResult({ taskId, resultCid: CID_B });
    expect(await user.getResultCid({ taskId, provider: addresses[0]! })).to.equal(CID_B);
  });

  it("each replica of a replicated task publishes its own, also once the task is Completed", async () => {
    const t = await now();
    const { taskId } = await user.createTask({
      specHash: 8n,
      reward: 30n * CAL,
      collateral: 5n * CAL,
      deadline: t + 3600n,
      verifierId: 0,
      minReputationBps: 0,
      offer: { minReward: 30n * CAL, rampStart: t, rampDuration: 0n, lockDeadline: t + 1800n, replicas: 2 },
    });
    for (const p of providers) await p.acceptTask({ taskId });
    await providers[0]!.publishResult({ taskId, resultCid: CID_A });
    await providers[1]!.publishResult({ taskId, resultCid: CID_B });
    expect(await user.getResultCid({ taskId, provider: addresses[0]! })).to.equal(CID_A);
    expect(await user.getResultCid({ taskId, provider: addresses[1]! })).to.equal(CID_B);

    const hash = keccak256(toHex("hash"));
    const salt = (i: number) => keccak256(toHex(`salt ${i}`));
    for (const [i, p] of providers.entries()) {
      await p.commitResult({ taskId, commit: replicaCommit(hash, salt(i), universalFromEvm(addresses[i]!)) });
    }
    for (const [i, p] of providers.entries()) await p.revealResult({ taskId, resultHash: hash, salt: salt(i) });
    await user.settle({ taskId });
    expect((await user.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
    await providers[1]!.publishResult({ taskId, resultCid: CID_A });
    expect(await user.getResultCid({ taskId, provider: addresses[1]! })).to.equal(CID_A);
  });

  it("decodes the refusals to their canonical names, in the contract's order", async () => {
    const taskId = await classicTask();
    expect((await rejection(stranger.publishResult({ taskId: 10_000n, resultCid: ZERO32 }))).name).to.equal("MarketplaceTaskNotFound");
    expect((await rejection(providers[0]!.simulatePublishResult({ taskId, resultCid: CID_A }))).name).to.equal(
      "MarketplaceNotTaskProvider",
    );
    await providers[0]!.acceptTask({ taskId });
    const e = await rejection(stranger.publishResult({ taskId, resultCid: ZERO32 }));
    expect(e.name).to.equal("MarketplaceNotTaskProvider");
    expect(e.chain).to.equal("evm");
    const zero = await rejection(providers[0]!.publishResult({ taskId, resultCid: ZERO32 }));
    expect(zero.name).to.equal("MarketplaceInvalidResultCid");
    expect(zero.args).to.deep.include({ taskId });

    await evm.increaseTime(3601n);
    await user.expire({ taskId });
    expect((await rejection(providers[0]!.simulatePublishResult({ taskId, resultCid: ZERO32 }))).name).to.equal(
      "MarketplaceTaskNotAssigned",
    );
    const cancelled = await classicTask();
    await user.cancelTask({ taskId: cancelled });
    expect((await rejection(providers[0]!.publishResult({ taskId: cancelled, resultCid: CID_A }))).name).to.equal(
      "MarketplaceNotTaskProvider",
    );
  });
});
