// publishResult / getResultCid through TonMarketplaceClient (DESIGN §5.3; CONVENTIONS "Result delivery").
import { expect } from "chai";
import { Address, toNano } from "@ton/core";
import { CAL, TaskStatus, replicaCommit, type CreateTaskParameters, type UniversalAddress } from "@calctra/core";
import { TON_CALL_VALUE, type TonMarketplaceClient, TonTokenClient, tonAbi, universalFromTonAddress } from "../src/ton/index.js";
import type { LocalTon, TonActor } from "@calctra/devnet/ton";
import { expectRefusal, h32, startStakedTonMarket } from "./support.js";

const addr = (a: TonActor) => a.address.toString();
const ZERO = h32("00");

describe("TON publishResult / getResultCid through TonMarketplaceClient (embedded @ton/sandbox)", function () {
  this.timeout(600_000);
  let ton: LocalTon;
  let user: TonActor;
  let providers: readonly TonActor[];
  let userMarket: TonMarketplaceClient;
  let markets: TonMarketplaceClient[];
  let anyoneMarket: TonMarketplaceClient;
  let token: TonTokenClient;
  const cidA = h32("c1");
  const cidB = h32("c2");
  const who = (i: number): UniversalAddress => universalFromTonAddress(providers[i]!.address);
  const task = (over: Partial<CreateTaskParameters> = {}): CreateTaskParameters => ({
    specHash: 0x5eedn,
    reward: 10n * CAL,
    collateral: 20n * CAL,
    deadline: BigInt(ton.now() + 3600),
    verifierId: 0,
    minReputationBps: 0,
    ...over,
  });
  const balances = () => Promise.all([user, ...providers].map((a) => token.balanceOf({ owner: addr(a) })));

  before(async () => {
    ({ ton, user, providers, userMarket, markets, anyoneMarket } = await startStakedTonMarket());
    token = new TonTokenClient(ton.connect(ton.actors.anyone));
  });

  it("prepare builds the generated layout; simulate emulates; send records the cid, read back by TON or universal address", async () => {
    const { taskId } = await userMarket.createTask(task());
    await markets[0]!.acceptTask({ taskId });
    const prepared = await markets[0]!.preparePublishResult({ taskId, resultCid: cidA });
    expect(prepared.to.toString()).to.equal(ton.deployment.contracts.marketplace);
    expect(prepared.value).to.equal(TON_CALL_VALUE.publishResult);
    expect(tonAbi.loadPublishResult(prepared.body.beginParse())).to.deep.equal({ queryId: 0n, taskId, resultCid: BigInt(cidA) });
    const sim = await markets[0]!.simulatePublishResult({ taskId, resultCid: cidA });
    expect(sim.emulated).to.equal(true);
    expect(sim.cost).to.be.a("bigint");
    expect(await userMarket.getResultCid({ taskId, provider: addr(providers[0]!) })).to.equal(ZERO); // simulate sent nothing
    const before = await balances();
    const receipt = await markets[0]!.publishResult({ taskId, resultCid: cidA });
    expect(receipt.cost).to.be.a("bigint");
    expect(receipt.transactionCount).to.equal(2); // the wallet and the marketplace: nothing else
    expect(await userMarket.getResultCid({ taskId, provider: addr(providers[0]!) })).to.equal(cidA);
    expect(await userMarket.getResultCid({ taskId, provider: who(0) })).to.equal(cidA);
    expect(await userMarket.getResultCid({ taskId, provider: (await userMarket.getTask({ taskId })).provider! })).to.equal(cidA);
    expect(await userMarket.getResultCid({ taskId, provider: who(1) })).to.equal(ZERO);
    expect(await userMarket.getResultCid({ taskId: 999n, provider: who(0) })).to.equal(ZERO);
    expect(await userMarket.getResultCid({ taskId: 0n, provider: who(0) })).to.equal(ZERO);
    // latest wins, also once Submitted; no CAL moves (the TON of the call pays gas only)
    await markets[0]!.publishResult({ taskId, resultCid: cidB });
    await markets[0]!.submitResult({ taskId, resultCommitment: 7n });
    await markets[0]!.publishResult({ taskId, resultCid: cidA });
    expect(await userMarket.getResultCid({ taskId, provider: who(0) })).to.equal(cidA);
    const after = await balances();
    expect(after).to.deep.equal(before);
    const bad = await markets[0]!.preparePublishResult({ taskId, resultCid: "0x12" }).catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(RangeError);
    const badAccount = await userMarket.getResultCid({ taskId, provider: "nope" }).catch((e: unknown) => e);
    expect(badAccount).to.be.instanceOf(RangeError);
  });

  it("replicas publish their own cids (getReplicas' addresses read them back); Completed still allows it", async () => {
    const now = BigInt(ton.now());
    const { taskId } = await userMarket.createTask(
      task({
        reward: 30n * CAL,
        offer: { minReward: 30n * CAL, rampStart: now, rampDuration: 0n, lockDeadline: now + 3600n, replicas: 2 },
      }),
    );
    await markets[1]!.acceptTask({ taskId });
    await markets[2]!.acceptTask({ taskId });
    await markets[1]!.publishResult({ taskId, resultCid: cidA });
    await markets[2]!.publishResult({ taskId, resultCid: cidB });
    await expectRefusal(markets[0]!.publishResult({ taskId, resultCid: cidA }), "MarketplaceNotTaskProvider");
    const salts = [h32("51"), h32("52")];
    const res = h32("a1");
    for (const [j, i] of [1, 2].entries()) await markets[i]!.commitResult({ taskId, commit: replicaCommit(res, salts[j]!, who(i)) });
    for (const [j, i] of [1, 2].entries()) await markets[i]!.revealResult({ taskId, resultHash: res, salt: salts[j]! });
    await anyoneMarket.settle({ taskId });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
    await markets[1]!.publishResult({ taskId, resultCid: cidB });
    const replicas = await userMarket.getReplicas({ taskId });
    const cids = await Promise.all(replicas.map((r) => userMarket.getResultCid({ taskId, provider: r.provider })));
    expect(replicas.map((r) => r.provider)).to.deep.equal([who(1), who(2)]);
    expect(cids).to.deep.equal([cidB, cidB]);
    expect(await userMarket.getResultCid({ taskId, provider: who(0) })).to.equal(ZERO);
  });

  it("refusals come back with the canonical names, in the contract's order; allowed while paused", async () => {
    const { taskId } = await userMarket.createTask(task());
    // Open: nobody is its provider yet
    await expectRefusal(markets[0]!.publishResult({ taskId, resultCid: cidA }), "MarketplaceNotTaskProvider");
    await expectRefusal(markets[0]!.simulatePublishResult({ taskId, resultCid: cidA }), "MarketplaceNotTaskProvider");
    await markets[0]!.acceptTask({ taskId });
    await expectRefusal(markets[0]!.publishResult({ taskId: 999n, resultCid: cidA }), "MarketplaceTaskNotFound");
    await expectRefusal(markets[1]!.publishResult({ taskId, resultCid: ZERO }), "MarketplaceNotTaskProvider");
    await expectRefusal(userMarket.publishResult({ taskId, resultCid: cidA }), "MarketplaceNotTaskProvider");
    await expectRefusal(markets[0]!.simulatePublishResult({ taskId, resultCid: ZERO }), "MarketplaceInvalidResultCid");
    await expectRefusal(markets[0]!.publishResult({ taskId, resultCid: ZERO }), "MarketplaceInvalidResultCid");
    // past the deadline the task expires (Refunded): its provider is refused by the status check before the cid check
    ton.increaseTime(3601);
    await anyoneMarket.expire({ taskId });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Refunded);
    await expectRefusal(markets[0]!.publishResult({ taskId, resultCid: ZERO }), "MarketplaceTaskNotAssigned");
    // a Cancelled task never had a provider
    const { taskId: cancelled } = await userMarket.createTask(task());
    await userMarket.cancelTask({ taskId: cancelled });
    await expectRefusal(markets[0]!.publishResult({ taskId: cancelled, resultCid: cidA }), "MarketplaceNotTaskProvider");
    // paused (by the pauser; createTask and acceptTask are refused): publishing is still allowed, no funds move
    const { taskId: live } = await userMarket.createTask(task());
    await markets[2]!.acceptTask({ taskId: live });
    const { taskId: open } = await userMarket.createTask(task());
    await ton.actors.pauser.send({
      to: Address.parse(ton.deployment.contracts.marketplace),
      value: toNano("0.05"),
      body: tonAbi.buildPause({ queryId: 0n }),
    });
    expect((await anyoneMarket.parameters()).paused).to.equal(true);
    await expectRefusal(markets[1]!.acceptTask({ taskId: open }), "EnforcedPause");
    await expectRefusal(userMarket.createTask(task()), "EnforcedPause"); // refused after its refund was committed
    const before = await balances();
    await markets[2]!.publishResult({ taskId: live, resultCid: cidB });
    expect(await userMarket.getResultCid({ taskId: live, provider: who(2) })).to.equal(cidB);
    expect(await balances()).to.deep.equal(before);
  });
});
