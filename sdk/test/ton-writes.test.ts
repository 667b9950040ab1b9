import { expect } from "chai";
import { Address, beginCell, internal } from "@ton/core";
import { CAL, CalctraError, ProposalState, TaskStatus, type CreateTaskParameters } from "@calctra/core";
import {
  TON_JETTON_TRANSFER_VALUE,
  TonMarketplaceClient,
  TonSpokeGovernanceClient,
  TonStakingClient,
  TonTokenClient,
  TonTransactionError,
  tonAbi,
  type TonPreparedMessage,
} from "../src/ton/index.js";
import { startLocalTon, type LocalTon, type TonActor } from "@calctra/devnet/ton";

const addr = (a: TonActor) => a.address.toString();

/** Sends prepared messages from a plain sandbox wallet in one external message (as a multisig order would), not through the SDK. */
async function sendOrder(wallet: TonActor, messages: readonly TonPreparedMessage[]) {
  return wallet.sendMessages(messages.map((m) => internal({ to: m.to, value: m.value, body: m.body, bounce: m.bounce })));
}

async function expectRefusal(p: Promise<unknown>, name: string): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, `expected ${name}`).to.be.instanceOf(Error);
  const err = e as Error;
  if (err instanceof TonTransactionError) expect(err.exitName).to.equal(name);
  else {
    expect(err, String(err)).to.be.instanceOf(CalctraError);
    expect(err.name).to.equal(name);
  }
  return err;
}

describe("TON writes as prepareX / simulateX / x on an embedded @ton/sandbox chain", function () {
  this.timeout(300_000);
  let ton: LocalTon;
  let user: TonActor;
  let provider: TonActor;
  let anyone: TonActor;
  let userMarket: TonMarketplaceClient;
  const specHash = 0x5eedn;
  const task = (over: Partial<CreateTaskParameters> = {}): CreateTaskParameters => ({
    specHash,
    reward: 10n * CAL,
    collateral: 20n * CAL,
    deadline: BigInt(ton.now() + 3600),
    verifierId: 0,
    minReputationBps: 0,
    ...over,
  });

  before(async () => {
    ton = await startLocalTon({ now: 1_800_000_000 });
    ({ user, anyone } = ton.actors);
    provider = ton.actors.providers[1];
    const admin = new TonTokenClient(ton.connect(ton.actors.deployer));
    for (const a of [user, provider, ton.actors.voter]) await admin.mint({ to: addr(a), amount: 1_000n * CAL });
    userMarket = new TonMarketplaceClient(ton.connect(user));
  });

  it("builds prepared messages from the generated layouts: a CAL transfer goes to the sender's jetton wallet and carries the contract's payload", async () => {
    const prepared = await userMarket.prepareCreateTask(task({ modelCreator: addr(ton.actors.creator) }));
    const minter = ton.blockchain.openContract(new tonAbi.JettonMinterContract(Address.parse(ton.deployment.contracts.calJettonMinter)));
    expect(prepared.to.equals(await minter.getWalletAddress(user.address))).to.equal(true);
    expect(prepared.bounce).to.equal(true);
    const transfer = tonAbi.loadAskToTransfer(prepared.body.beginParse());
    expect(transfer.jettonAmount).to.equal(10n * CAL);
    expect(transfer.transferRecipient.toString()).to.equal(ton.deployment.contracts.marketplace);
    expect(prepared.value).to.equal(TON_JETTON_TRANSFER_VALUE + transfer.forwardTonAmount);
    const either = transfer.forwardPayload.beginParse();
    expect(either.loadBit()).to.equal(true);
    const payload = tonAbi.loadCreateTask(either.loadRef().beginParse());
    expect(payload).to.deep.include({ specHash, collateral: 20n * CAL, verifierId: 0, minReputationBps: 0 });
    expect(payload.modelCreator?.equals(ton.actors.creator.address)).to.equal(true);
    const cancel = await userMarket.prepareCancelTask({ taskId: 7n });
    expect(cancel.to.toString()).to.equal(ton.deployment.contracts.marketplace);
    expect(tonAbi.loadCancelTask(cancel.body.beginParse())).to.deep.equal({ queryId: 0n, taskId: 7n });
  });

  it("prepared messages sent by a plain wallet perform the action: register and stake in one order, a task created, taken and submitted, a CAL transfer", async () => {
    const staking = new TonStakingClient(ton.connect(provider));
    await sendOrder(provider, [
      await staking.prepareRegister({ metadataHash: `0x${"12".repeat(32)}` }),
      await staking.prepareStake({ amount: 300n * CAL }),
    ]);
    const info = await staking.getProvider({ provider: addr(provider) });
    expect([info.registered, info.staked]).to.deep.equal([true, 300n * CAL]);

    const taskId = (await userMarket.taskCount()) + 1n;
    await sendOrder(user, [await userMarket.prepareCreateTask(task())]);
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Open);
    const providerMarket = new TonMarketplaceClient(ton.connect(provider));
    await sendOrder(provider, [await providerMarket.prepareAcceptTask({ taskId })]);
    expect((await staking.getProvider({ provider: addr(provider) })).locked).to.equal(20n * CAL);
    await sendOrder(provider, [await providerMarket.prepareSubmitResult({ taskId, resultCommitment: 77n })]);
    const t = await userMarket.getTask({ taskId });
    expect([t.status, t.resultCommitment]).to.deep.equal([TaskStatus.Submitted, 77n]);

    const token = new TonTokenClient(ton.connect(user));
    const before = await token.balanceOf({ owner: addr(anyone) });
    await sendOrder(user, [await token.prepareTransfer({ to: addr(anyone), amount: 3n * CAL })]);
    expect((await token.balanceOf({ owner: addr(anyone) })) - before).to.equal(3n * CAL);
  });

  it("spoke governance writes prepared for a multisig: deposit, vote on a hub proposal and stage a verifying key, sent by a plain wallet", async () => {
    const voter = ton.actors.voter;
    const gov = new TonSpokeGovernanceClient(ton.connect(voter));
    await sendOrder(voter, [await gov.prepareDeposit({ amount: 800n * CAL })]);
    const snapshot = BigInt(ton.now() + 10);
    await ton.openProposal({ proposalId: 1n, snapshot, voteEnd: snapshot + 86_400n });
    const pending = await gov.getProposal({ proposalId: 1n });
    expect([pending.state, pending.proposer]).to.deep.equal([ProposalState.Pending, ton.governance.hubAddress]);
    ton.increaseTime(11);
    expect(await gov.votingPower({ proposalId: 1n, voter: addr(voter) })).to.equal(800n * CAL);
    await sendOrder(voter, [await gov.prepareCastVote({ proposalId: 1n, support: 1 })]);
    expect(await gov.getProposal({ proposalId: 1n })).to.deep.include({ state: ProposalState.Active, forVotes: 800n * CAL });
    const vk = beginCell().storeUint(0xca1c, 16).endCell();
    const { verifier, ...order } = await gov.prepareStageVerifier({ vk });
    await sendOrder(voter, [order]);
    expect(await gov.stagedVerifier({ verifier })).to.deep.equal({ expiresAt: BigInt(ton.now() + 30 * 86_400) });
  });

  it("simulate of a refused action throws the same error as the send, and sends nothing", async () => {
    const { taskId } = await userMarket.createTask(task());
    const stranger = new TonMarketplaceClient(ton.connect(anyone));
    const tonBefore = await anyone.getBalance();
    const simulated = await expectRefusal(stranger.simulateCancelTask({ taskId }), "MarketplaceNotTaskUser");
    expect((simulated as CalctraError).chain).to.equal("ton");
    expect(await anyone.getBalance()).to.equal(tonBefore);
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Open);
    await expectRefusal(stranger.cancelTask({ taskId }), "MarketplaceNotTaskUser");
    expect((await anyone.getBalance()) < tonBefore, "the refused send paid its gas").to.equal(true);

    const staking = new TonStakingClient(ton.connect(provider));
    const gov = new TonSpokeGovernanceClient(ton.connect(ton.actors.voter));
    const providerTon = await provider.getBalance();
    const voterTon = await ton.actors.voter.getBalance();
    await expectRefusal(staking.simulateRegister({ metadataHash: `0x${"34".repeat(32)}` }), "StakingAlreadyRegistered");
    await expectRefusal(staking.simulateRequestUnstake({ amount: 10_000n * CAL }), "StakingInsufficientFreeStake");
    await expectRefusal(gov.simulateWithdraw({ amount: 10_000n * CAL }), "GovernanceInvalidAction");
    await expectRefusal(gov.simulateCastVote({ proposalId: 1n, support: 0 }), "GovernorAlreadyCastVote");
    await expectRefusal(
      new TonTokenClient(ton.connect(user)).simulateTransfer({ to: addr(anyone), amount: 1_000_000n * CAL }),
      "JettonBalanceError",
    );
    expect([await provider.getBalance(), await ton.actors.voter.getBalance()]).to.deep.equal([providerTon, voterTon]);
    expect((await staking.getProvider({ provider: addr(provider) })).pendingUnstake).to.equal(0n);
  });

  it("simulate of an allowed action reports the gas and id the send then gets; without an emulator only the pre-checks run", async () => {
    const args = task({ collateral: 0n });
    const simulated = await userMarket.simulateCreateTask(args);
    const sent = await userMarket.createTask(args);
    expect(simulated).to.deep.equal({ emulated: true, cost: sent.cost, transactionCount: sent.transactionCount, result: sent.taskId });

    const { emulate: _emulate, ...withoutEmulator } = ton.connect(user);
    const plain = new TonMarketplaceClient(withoutEmulator);
    const count = await plain.taskCount();
    expect(await plain.simulateCreateTask(args)).to.deep.equal({ emulated: false, transactionCount: 0 });
    await expectRefusal(plain.simulateCreateTask({ ...args, reward: 0n }), "MarketplaceZeroReward");
    await expectRefusal(plain.simulateCreateTask({ ...args, verifierId: 9 }), "MarketplaceUnknownVerifier");
    expect(await plain.taskCount()).to.equal(count);
  });
});
