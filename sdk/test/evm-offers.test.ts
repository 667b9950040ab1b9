import { expect } from "chai";
import { decodeFunctionData, keccak256, toHex, type Hex } from "viem";
import { CAL, ReplicaState, TaskStatus, isCalctraErrorName, offerPrice, replicaCommit, universalFromEvm } from "@calctra/core";
import { EvmMarketplaceClient, EvmStakingClient, EvmTokenClient, marketplaceAbi } from "../src/evm/index.js";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";
import { rejection } from "./support.js";

const ZERO32 = `0x${"00".repeat(32)}` as const;
const A = keccak256(toHex("result A"));
const B = keccak256(toHex("result B"));

describe("EVM marketplace v2 through the SDK: offers, quotes and replicas by commit–reveal", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let base: Pick<ConstructorParameters<typeof EvmTokenClient>[0], "publicClient" | "deployment">;
  let user: EvmMarketplaceClient;
  let arbiter: EvmMarketplaceClient;
  /** Three providers, registered and staking 500 CAL each. */
  let providers: EvmMarketplaceClient[];
  let addresses: Hex[];

  before(async () => {
    evm = await startLocalEvm();
    base = { publicClient: evm.publicClient, deployment: evm.deployment };
    const token = new EvmTokenClient({ ...base, walletClient: evm.wallets[0]! });
    for (const w of evm.wallets.slice(1, 5)) await token.transfer({ to: w.account.address, amount: 2_000n * CAL });
    arbiter = new EvmMarketplaceClient({ ...base, walletClient: evm.wallets[0]! });
    user = new EvmMarketplaceClient({ ...base, walletClient: evm.wallets[1]! });
    providers = [];
    addresses = [];
    for (const [i, w] of evm.wallets.slice(2, 5).entries()) {
      const staking = new EvmStakingClient({ ...base, walletClient: w });
      await staking.register({ metadataHash: keccak256(toHex(`gpu:${i}`)) });
      await staking.stake({ amount: 500n * CAL });
      providers.push(new EvmMarketplaceClient({ ...base, walletClient: w }));
      addresses.push(w.account.address);
    }
  });

  const now = async () => (await evm.publicClient.getBlock()).timestamp;
  const saltOf = (i: number) => keccak256(toHex(`salt ${i}`));
  const commitOf = (i: number, resultHash: Hex) => replicaCommit(resultHash, saltOf(i), universalFromEvm(addresses[i]!));
  async function offerTask(replicas: 0 | 1 | 2 | 3, o: { rampDuration?: bigint; lockIn?: bigint } = {}) {
    const t = await now();
    const { taskId } = await user.createTask({
      specHash: 42n,
      reward: 30n * CAL,
      collateral: 20n * CAL,
      deadline: t + 3600n,
      verifierId: 0,
      minReputationBps: 0,
      offer: { minReward: 10n * CAL, rampStart: t, rampDuration: o.rampDuration ?? 600n, lockDeadline: t + (o.lockIn ?? 1800n), replicas },
    });
    return taskId;
  }

  it("createTask with `offer` calls the overload and getOffer reads the terms back", async () => {
    const t = await now();
    const terms = { minReward: 10n * CAL, rampStart: t + 5n, rampDuration: 600n, lockDeadline: t + 1800n, replicas: 2 as const };
    const task = { specHash: 42n, reward: 30n * CAL, collateral: 20n * CAL, deadline: t + 3600n, verifierId: 0, minReputationBps: 0 };
    const prepared = await user.prepareCreateTask({ ...task, offer: terms });
    const decoded = decodeFunctionData({ abi: marketplaceAbi, data: prepared.data });
    expect(decoded.functionName).to.equal("createTask");
    expect(decoded.args).to.have.length(2);
    expect(decoded.args?.[1]).to.deep.equal(terms);
    const { taskId } = await user.createTask({ ...task, offer: terms });
    expect(await user.getOffer({ taskId })).to.deep.equal({ ...terms, maxReward: 30n * CAL, price: 0n, revealEnd: 0n });
    expect(await user.getReplicas({ taskId })).to.deep.equal([]);
  });

  it("quoteTask prices with core's offerPrice at the chain clock (or at `at`), and the lock is that price", async () => {
    const taskId = await offerTask(0);
    const offer = await user.getOffer({ taskId });
    await evm.increaseTime(200n);
    const quote = await providers[0]!.quoteTask({ taskId });
    expect(quote.at).to.equal(await now());
    expect(quote.price).to.equal(offerPrice(offer, quote.at));
    expect(quote).to.include({ acceptable: true, lockDeadline: offer.lockDeadline });
    expect((await providers[0]!.quoteTask({ taskId, at: offer.rampStart + 300n })).price).to.equal(20n * CAL);
    expect(await providers[0]!.quoteTask({ taskId, at: offer.lockDeadline + 1n })).to.include({ acceptable: false });
    await providers[0]!.acceptTask({ taskId });
    const locked = await user.getOffer({ taskId });
    expect(locked.price).to.equal(offerPrice(offer, await now()));
    expect((await providers[1]!.quoteTask({ taskId })).acceptable).to.equal(false);
  });

  it("reads a classic task without terms as its fixed reward", async () => {
    const t = await now();
    const { taskId } = await user.createTask({
      specHash: 1n,
      reward: 5n * CAL,
      collateral: 0n,
      deadline: t + 600n,
      verifierId: 0,
      minReputationBps: 0,
    });
    const offer = await user.getOffer({ taskId });
    expect(offer).to.include({ minReward: 5n * CAL, maxReward: 5n * CAL, replicas: 0, price: 0n, lockDeadline: t + 600n });
    expect(await user.quoteTask({ taskId })).to.include({ price: 5n * CAL, acceptable: true });
  });

  it("runs two replicas through commit, reveal and settle, with every write in its three forms", async () => {
    const taskId = await offerTask(2);
    await providers[0]!.acceptTask({ taskId });
    expect((await providers[1]!.quoteTask({ taskId })).acceptable).to.equal(true);
    await providers[1]!.acceptTask({ taskId });
    expect((await providers[2]!.quoteTask({ taskId })).acceptable).to.equal(false);

    const prepared = await providers[0]!.prepareCommitResult({ taskId, commit: commitOf(0, A) });
    expect(decodeFunctionData({ abi: marketplaceAbi, data: prepared.data })).to.deep.include({
      functionName: "commitResult",
      args: [taskId, commitOf(0, A)],
    });
    expect((await providers[0]!.simulateCommitResult({ taskId, commit: commitOf(0, A) })).cost! > 0n).to.equal(true);
    await providers[0]!.commitResult({ taskId, commit: commitOf(0, A) });
    expect((await rejection(providers[0]!.simulateRevealResult({ taskId, resultHash: A, salt: saltOf(0) }))).name).to.equal(
      "MarketplaceRevealNotOpen",
    );
    await providers[1]!.commitResult({ taskId, commit: commitOf(1, A) });
    expect((await user.getOffer({ taskId })).revealEnd > 0n).to.equal(true);
    expect((await rejection(providers[1]!.revealResult({ taskId, resultHash: B, salt: saltOf(1) }))).name).to.equal(
      "MarketplaceCommitMismatch",
    );
    for (const [i, p] of providers.slice(0, 2).entries()) await p.revealResult({ taskId, resultHash: A, salt: saltOf(i) });
    const replicas = await user.getReplicas({ taskId });
    expect(replicas.map((r) => [r.provider, r.state, r.commit, r.resultHash])).to.deep.equal([
      [universalFromEvm(addresses[0]!), ReplicaState.Revealed, commitOf(0, A), A],
      [universalFromEvm(addresses[1]!), ReplicaState.Revealed, commitOf(1, A), A],
    ]);
    expect((await user.prepareSettle({ taskId })).to).to.equal(evm.deployment.contracts.Marketplace);
    expect((await user.simulateSettle({ taskId })).cost! > 0n).to.equal(true);
    await user.settle({ taskId });
    const task = await user.getTask({ taskId });
    expect(task.status).to.equal(TaskStatus.Completed);
    expect(toHex(task.resultCommitment, { size: 32 })).to.equal(A);
  });

  it("decodes the replica refusals to their canonical names", async () => {
    const taskId = await offerTask(2);
    await providers[0]!.acceptTask({ taskId });
    expect((await rejection(providers[0]!.acceptTask({ taskId }))).name).to.equal("MarketplaceAlreadyReplica");
    expect((await rejection(providers[2]!.commitResult({ taskId, commit: commitOf(2, A) }))).name).to.equal("MarketplaceNotTaskProvider");
    await providers[0]!.commitResult({ taskId, commit: commitOf(0, A) });
    expect((await rejection(providers[0]!.commitResult({ taskId, commit: commitOf(0, A) }))).name).to.equal("MarketplaceAlreadyCommitted");
    expect((await rejection(user.settle({ taskId }))).name).to.equal("MarketplaceRevealPeriodActive");
    expect((await rejection(arbiter.resolveReplicas({ taskId, resultHash: A }))).name).to.equal("MarketplaceTaskNotDisputed");
    expect((await rejection(providers[0]!.submitResult({ taskId, resultCommitment: 1n }))).name).to.equal("MarketplaceReplicated");
    const classic = await offerTask(0);
    expect((await rejection(user.settle({ taskId: classic }))).name).to.equal("MarketplaceNotReplicated");
    const late = await offerTask(1, { lockIn: 10n });
    await evm.increaseTime(20n);
    expect((await rejection(providers[1]!.acceptTask({ taskId: late }))).name).to.equal("MarketplaceLockDeadlinePassed");
  });

  it("checks the offer terms before sending, in the contract's order and with its names", async () => {
    const t = await now();
    const task = { specHash: 1n, reward: 10n * CAL, collateral: 0n, deadline: t + 600n, verifierId: 0, minReputationBps: 0 };
    const offer = { minReward: 5n * CAL, rampStart: t, rampDuration: 60n, lockDeadline: t + 300n };
    const cases: [Partial<typeof offer> & { replicas?: number }, string][] = [
      [{ minReward: 0n }, "MarketplaceZeroReward"],
      [{ minReward: 11n * CAL }, "MarketplaceInvalidOffer"],
      [{ rampStart: 2n ** 32n - 10n, rampDuration: 10n }, "MarketplaceInvalidOffer"],
      [{ lockDeadline: t - 1n }, "MarketplaceInvalidLockDeadline"],
      [{ lockDeadline: t + 601n }, "MarketplaceInvalidLockDeadline"],
      [{ replicas: 4 }, "MarketplaceInvalidReplicas"],
    ];
    const count = await user.taskCount();
    for (const [change, name] of cases) {
      const e = await rejection(user.createTask({ ...task, offer: { ...offer, ...change } as never }));
      expect(
        e.name,
        JSON.stringify(change, (_, v) => (typeof v === "bigint" ? String(v) : v)),
      ).to.equal(name);
    }
    expect(await user.taskCount()).to.equal(count);
  });

  it("knows every Marketplace error of the ABI by its canonical name", () => {
    const names = marketplaceAbi.filter((x) => x.type === "error").map((x) => x.name);
    for (const n of names.filter((x) => x.startsWith("Marketplace"))) expect(isCalctraErrorName(n), n).to.equal(true);
    expect(names).to.include.members(["MarketplaceCommitMismatch", "MarketplaceRevealPeriodActive", "MarketplaceLockDeadlinePassed"]);
  });

  it("k = 2 disagreeing goes Disputed; the arbiter resolves it with resolveReplicas (anyone else: MarketplaceNotArbiter)", async () => {
    const taskId = await offerTask(2);
    for (const p of providers.slice(0, 2)) await p.acceptTask({ taskId });
    await providers[0]!.commitResult({ taskId, commit: commitOf(0, A) });
    await providers[1]!.commitResult({ taskId, commit: commitOf(1, B) });
    await providers[0]!.revealResult({ taskId, resultHash: A, salt: saltOf(0) });
    await providers[1]!.revealResult({ taskId, resultHash: B, salt: saltOf(1) });
    await user.settle({ taskId });
    expect((await user.getTask({ taskId })).status).to.equal(TaskStatus.Disputed);
    expect((await rejection(user.simulateResolveReplicas({ taskId, resultHash: A }))).name).to.equal("MarketplaceNotArbiter");
    const prepared = await arbiter.prepareResolveReplicas({ taskId, resultHash: ZERO32 });
    expect(decodeFunctionData({ abi: marketplaceAbi, data: prepared.data }).functionName).to.equal("resolveReplicas");
    await arbiter.resolveReplicas({ taskId, resultHash: B });
    const task = await user.getTask({ taskId });
    expect(task.status).to.equal(TaskStatus.Completed);
    expect(toHex(task.resultCommitment, { size: 32 })).to.equal(B);
  });
});
