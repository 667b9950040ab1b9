import { expect } from "chai";
import { CAL, ReplicaState, TaskStatus, offerPrice, replicaCommit, type CreateTaskParameters, type UniversalAddress } from "@calctra/core";
import { beginCell } from "@ton/core";
import {
  TON_SUBMIT_REPLICATED_WITH_PROOF,
  TON_SUBMIT_WITH_PROOF,
  type TonMarketplaceClient,
  TonStakingClient,
  TonTokenClient,
  tonAbi,
  universalFromTonAddress,
} from "../src/ton/index.js";
import type { LocalTon, TonActor } from "@calctra/devnet/ton";
import { expectRefusal, h32, startStakedTonMarket } from "./support.js";

const addr = (a: TonActor) => a.address.toString();
const ZERO = h32("00");

describe("TON offers and replicas through TonMarketplaceClient (embedded @ton/sandbox)", function () {
  this.timeout(600_000);
  let ton: LocalTon;
  let user: TonActor;
  let providers: readonly TonActor[];
  let userMarket: TonMarketplaceClient;
  let markets: TonMarketplaceClient[];
  let anyoneMarket: TonMarketplaceClient;
  let arbiterMarket: TonMarketplaceClient;
  const resultA = h32("a1");
  const resultB = h32("b2");
  const salts = [h32("51"), h32("52"), h32("53")] as const;
  const who = (i: number): UniversalAddress => universalFromTonAddress(providers[i]!.address);
  const offerTask = (over: Partial<CreateTaskParameters> = {}, offer: Partial<NonNullable<CreateTaskParameters["offer"]>> = {}) => {
    const now = BigInt(ton.now());
    return {
      specHash: 0x5eedn,
      reward: 30n * CAL,
      collateral: 20n * CAL,
      deadline: now + 7200n,
      verifierId: 0,
      minReputationBps: 0,
      ...over,
      offer: { minReward: 10n * CAL, rampStart: now, rampDuration: 600n, lockDeadline: now + 3600n, replicas: 2 as const, ...offer },
    } satisfies CreateTaskParameters;
  };

  before(async () => {
    ({ ton, user, providers, userMarket, markets, anyoneMarket, arbiterMarket } = await startStakedTonMarket());
  });

  it("creates an offer with replicas, quotes it by the chain clock, and each replica locks the price of its accept", async () => {
    const params = offerTask();
    const { taskId } = await userMarket.createTask(params);
    const offer = await userMarket.getOffer({ taskId });
    expect(offer).to.deep.equal({
      minReward: 10n * CAL,
      maxReward: 30n * CAL,
      rampStart: params.offer.rampStart,
      rampDuration: 600n,
      lockDeadline: params.offer.lockDeadline,
      replicas: 2,
      price: 0n,
      revealEnd: 0n,
    });
    ton.increaseTime(300);
    const q = await markets[0]!.quoteTask({ taskId });
    expect(q).to.deep.equal({ price: 20n * CAL, at: BigInt(ton.now()), acceptable: true, lockDeadline: params.offer.lockDeadline });
    expect(q.price).to.equal(offerPrice({ ...offer }, q.at));
    await markets[0]!.acceptTask({ taskId });
    ton.increaseTime(150);
    await markets[1]!.acceptTask({ taskId });
    const replicas = await userMarket.getReplicas({ taskId });
    expect(replicas.map((r) => [r.provider, r.price, r.state])).to.deep.equal([
      [who(0), 20n * CAL, ReplicaState.Accepted],
      [who(1), 25n * CAL, ReplicaState.Accepted],
    ]);
    expect((await markets[2]!.quoteTask({ taskId })).acceptable).to.equal(false); // both slots taken
    await expectRefusal(markets[2]!.acceptTask({ taskId }), "MarketplaceTaskNotOpen");

    // commit: prepare builds the generated layout; simulate emulates; the k-th commit opens the reveal window
    const commits = [0, 1].map((i) => replicaCommit(resultA, salts[i]!, who(i)));
    const prepared = await markets[0]!.prepareCommitResult({ taskId, commit: commits[0]! });
    expect(tonAbi.loadCommitResult(prepared.body.beginParse())).to.deep.include({ taskId, commit: BigInt(commits[0]!) });
    const sim = await markets[0]!.simulateCommitResult({ taskId, commit: commits[0]! });
    expect(sim.emulated).to.equal(true);
    expect(sim.cost).to.be.a("bigint");
    await markets[0]!.commitResult({ taskId, commit: commits[0]! });
    await expectRefusal(markets[0]!.commitResult({ taskId, commit: commits[0]! }), "MarketplaceAlreadyCommitted");
    await expectRefusal(markets[0]!.revealResult({ taskId, resultHash: resultA, salt: salts[0] }), "MarketplaceRevealNotOpen");
    await markets[1]!.commitResult({ taskId, commit: commits[1]! });
    expect((await userMarket.getOffer({ taskId })).revealEnd).to.equal(BigInt(ton.now()) + 86400n);

    await expectRefusal(markets[1]!.simulateRevealResult({ taskId, resultHash: resultA, salt: salts[0] }), "MarketplaceCommitMismatch");
    await markets[0]!.revealResult({ taskId, resultHash: resultA, salt: salts[0] });
    await expectRefusal(anyoneMarket.settle({ taskId }), "MarketplaceRevealPeriodActive");
    await markets[1]!.revealResult({ taskId, resultHash: resultA, salt: salts[1] });
    const after = await userMarket.getReplicas({ taskId });
    expect(after.map((r) => [r.state, r.commit, r.resultHash])).to.deep.equal([
      [ReplicaState.Revealed, commits[0], resultA],
      [ReplicaState.Revealed, commits[1], resultA],
    ]);

    const token = new TonTokenClient(ton.connect(ton.actors.anyone));
    const before = await Promise.all([user, providers[0]!, providers[1]!].map((a) => token.balanceOf({ owner: addr(a) })));
    expect((await anyoneMarket.simulateSettle({ taskId })).emulated).to.equal(true);
    const receipt = await anyoneMarket.settle({ taskId });
    expect(receipt.cost).to.be.a("bigint");
    const task = await userMarket.getTask({ taskId });
    expect(task.status).to.equal(TaskStatus.Completed);
    expect(task.resultCommitment).to.equal(BigInt(resultA));
    const got = await Promise.all([user, providers[0]!, providers[1]!].map((a) => token.balanceOf({ owner: addr(a) })));
    // shares 20/2 and 25/2 CAL, 80% each to the provider; the user gets 30 - 10 - 12.5
    expect(got.map((g, i) => g - before[i]!)).to.deep.equal([7_500_000_000n, 8n * CAL, 10n * CAL]);
  });

  it("k = 2 disagreeing goes Disputed and the arbiter's resolveReplicas pays the named result", async () => {
    const { taskId } = await userMarket.createTask(offerTask({}, { minReward: 30n * CAL }));
    await markets[0]!.acceptTask({ taskId });
    await markets[2]!.acceptTask({ taskId });
    await markets[0]!.commitResult({ taskId, commit: replicaCommit(resultA, salts[0], who(0)) });
    await markets[2]!.commitResult({ taskId, commit: replicaCommit(resultB, salts[2], who(2)) });
    await markets[0]!.revealResult({ taskId, resultHash: resultA, salt: salts[0] });
    await markets[2]!.revealResult({ taskId, resultHash: resultB, salt: salts[2] });
    await anyoneMarket.settle({ taskId });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Disputed);
    await expectRefusal(anyoneMarket.resolveReplicas({ taskId, resultHash: resultB }), "MarketplaceNotArbiter");
    // the proof path of a Disputed replicated task attaches enough TON to settle every replica
    const proof = new Uint8Array(beginCell().storeUint(1, 8).endCell().toBoc());
    expect((await markets[0]!.prepareSubmitResult({ taskId, resultCommitment: 5n, proof })).value).to.equal(
      TON_SUBMIT_REPLICATED_WITH_PROOF,
    );
    expect((await markets[0]!.prepareSubmitResult({ taskId: 1n, resultCommitment: 5n, proof })).value).to.equal(
      TON_SUBMIT_REPLICATED_WITH_PROOF,
    );
    const prepared = await arbiterMarket.prepareResolveReplicas({ taskId, resultHash: resultB });
    expect(tonAbi.loadResolveReplicas(prepared.body.beginParse())).to.deep.include({ taskId, resultHash: BigInt(resultB) });
    await arbiterMarket.resolveReplicas({ taskId, resultHash: resultB });
    const task = await userMarket.getTask({ taskId });
    expect([task.status, task.resultCommitment]).to.deep.equal([TaskStatus.Completed, BigInt(resultB)]);
    const staking = new TonStakingClient(ton.connect(ton.actors.anyone));
    expect((await staking.getProvider({ provider: addr(providers[0]!) })).failed).to.equal(1n);
    await expectRefusal(arbiterMarket.resolveReplicas({ taskId, resultHash: ZERO }), "MarketplaceTaskNotDisputed");
  });

  it("refuses bad offer terms before sending, with the contract's names in its order", async () => {
    const now = BigInt(ton.now());
    await expectRefusal(userMarket.createTask(offerTask({}, { minReward: 0n })), "MarketplaceZeroReward");
    await expectRefusal(userMarket.createTask(offerTask({}, { minReward: 31n * CAL })), "MarketplaceInvalidOffer");
    await expectRefusal(userMarket.createTask(offerTask({}, { rampStart: (1n << 32n) - 5n, rampDuration: 5n })), "MarketplaceInvalidOffer");
    await expectRefusal(userMarket.createTask(offerTask({}, { lockDeadline: now - 1n })), "MarketplaceInvalidLockDeadline");
    await expectRefusal(userMarket.createTask(offerTask({}, { lockDeadline: now + 7201n })), "MarketplaceInvalidLockDeadline");
    await expectRefusal(userMarket.createTask(offerTask({}, { replicas: 4 as 3 })), "MarketplaceInvalidReplicas");
    const bad = await userMarket.prepareCommitResult({ taskId: 1n, commit: "0x12" }).catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(RangeError);
  });

  it("a classic offer: quoteTask, the locked price in getOffer, the classic calls; replica calls are refused by name", async () => {
    const { taskId } = await userMarket.createTask(offerTask({}, { replicas: 0 }));
    expect(await userMarket.getReplicas({ taskId })).to.deep.equal([]);
    ton.increaseTime(600);
    expect((await markets[1]!.quoteTask({ taskId })).price).to.equal(30n * CAL);
    expect((await markets[1]!.quoteTask({ taskId, at: BigInt(ton.now()) - 300n })).price).to.equal(20n * CAL);
    await markets[1]!.acceptTask({ taskId });
    expect((await userMarket.getOffer({ taskId })).price).to.equal(30n * CAL);
    const proof = new Uint8Array(beginCell().storeUint(1, 8).endCell().toBoc());
    expect((await markets[1]!.prepareSubmitResult({ taskId, resultCommitment: 5n, proof })).value).to.equal(TON_SUBMIT_WITH_PROOF);
    expect((await markets[2]!.quoteTask({ taskId })).acceptable).to.equal(false);
    await expectRefusal(markets[1]!.commitResult({ taskId, commit: h32("01") }), "MarketplaceNotReplicated");
    await expectRefusal(anyoneMarket.simulateSettle({ taskId }), "MarketplaceNotReplicated");
    ton.increaseTime(3600);
    expect((await markets[2]!.quoteTask({ taskId })).acceptable).to.equal(false);
  });
});
