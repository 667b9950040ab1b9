import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CAL, CalctraError, ProposalState, TaskStatus, computePayout, computeSlash, reputationScoreBps } from "@calctra/core";
import {
  TonMarketplaceClient,
  TonSpokeGovernanceClient,
  TonStakingClient,
  TonTokenClient,
  TonTransactionError,
  createTonTracer,
  decodeTonExitCode,
  parseTonDeployment,
  tonExitCodes,
  tonMarketParamIds,
  universalFromTonAddress,
} from "../src/ton/index.js";
import { loadTonDeployment } from "../src/node/index.js";
import type { Contract } from "@ton/core";
import { encodeProofTon, encodeVerifyingKeyTon, type SnarkjsGroth16Proof, type SnarkjsVerificationKey } from "@calctra/core/zk";
import { startLocalTon, type LocalTon, type TonActor } from "@calctra/devnet/ton";

const vectors = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../test/vectors/${name}.json`, import.meta.url), "utf8")) as Record<string, unknown>;
const addr = (a: TonActor) => a.address.toString();

async function expectCalctraError(p: Promise<unknown>, name: string, chain: "sdk" | "ton"): Promise<CalctraError> {
  try {
    await p;
  } catch (e) {
    expect(e, String(e)).to.be.instanceOf(CalctraError);
    const err = e as CalctraError;
    expect([err.name, err.chain]).to.deep.equal([name, chain]);
    return err;
  }
  throw new Error(`expected ${name}`);
}

describe("TON adapters against an embedded @ton/sandbox chain", function () {
  this.timeout(300_000);
  let ton: LocalTon;
  let token: TonTokenClient;
  let userMarket: TonMarketplaceClient;
  let providerMarket: TonMarketplaceClient;
  let providerStaking: TonStakingClient;
  let user: TonActor;
  let provider: TonActor;
  const specHash = 0xabcdefn;

  before(async () => {
    ton = await startLocalTon({ now: 1_800_000_000 });
    user = ton.actors.user;
    provider = ton.actors.providers[0];
    token = new TonTokenClient(ton.connect(ton.actors.deployer));
    await token.mint({ to: addr(user), amount: 1_000n * CAL });
    await token.mint({ to: addr(provider), amount: 1_000n * CAL });
    userMarket = new TonMarketplaceClient(ton.connect(user));
    providerMarket = new TonMarketplaceClient(ton.connect(provider));
    providerStaking = new TonStakingClient(ton.connect(provider));
  });

  const deadline = (s = 3600) => BigInt(ton.now() + s);

  it("mints, transfers and reads CAL balances and the total supply; each call reports its chain's gas", async () => {
    const supply = await token.totalSupply();
    expect(supply).to.equal(2_000n * CAL);
    const r = await new TonTokenClient(ton.connect(user)).transfer({ to: addr(ton.actors.anyone), amount: 7n * CAL });
    expect(r.id).to.match(/^[0-9a-f]{64}$/);
    expect(r.cost! > 0n && r.transactionCount >= 3).to.equal(true);
    expect(await token.balanceOf({ owner: addr(ton.actors.anyone) })).to.equal(7n * CAL);
    expect(await token.balanceOf({ owner: addr(user) })).to.equal(993n * CAL);
    expect(await token.balanceOf({ owner: addr(ton.actors.voter) })).to.equal(0n);
  });

  it("registers and stakes a provider through a CAL transfer, reading back stake and a new provider's 5000 score", async () => {
    const before = await providerStaking.getProvider({ provider: addr(provider) });
    expect(before.registered).to.equal(false);
    await providerStaking.register({ metadataHash: `0x${"ab".repeat(32)}` });
    const r = await providerStaking.stake({ amount: 500n * CAL });
    expect(r.cost! > 0n).to.equal(true);
    const info = await providerStaking.getProvider({ provider: addr(provider) });
    expect(info.registered).to.equal(true);
    expect(info.metadataHash).to.equal(`0x${"ab".repeat(32)}`);
    expect([info.staked, info.locked, info.scoreBps]).to.deep.equal([500n * CAL, 0n, 5000n]);
    expect(info.provider).to.equal(universalFromTonAddress(provider.address));
    expect(await token.balanceOf({ owner: addr(provider) })).to.equal(500n * CAL);
  });

  it("decodes an on-chain refusal to its canonical name: registering twice is StakingAlreadyRegistered", async () => {
    const e = await expectCalctraError(
      providerStaking.register({ metadataHash: `0x${"cd".repeat(32)}` }),
      "StakingAlreadyRegistered",
      "ton",
    );
    expect(e.args.exitCode).to.equal(tonExitCodes.StakingAlreadyRegistered);
  });

  it("rejects invalid input before sending, with the on-chain names (nothing leaves the wallet)", async () => {
    const tonBefore = await user.getBalance();
    const count = await userMarket.taskCount();
    const base = { specHash, reward: 10n * CAL, collateral: 0n, deadline: deadline(), verifierId: 0, minReputationBps: 0 };
    await expectCalctraError(userMarket.createTask({ ...base, reward: 0n }), "MarketplaceZeroReward", "sdk");
    await expectCalctraError(userMarket.createTask({ ...base, specHash: 1n << 248n }), "MarketplaceFieldElementOutOfRange", "sdk");
    await expectCalctraError(userMarket.createTask({ ...base, deadline: BigInt(ton.now()) }), "MarketplaceInvalidDeadline", "sdk");
    await expectCalctraError(userMarket.createTask({ ...base, minReputationBps: 10_001 }), "MarketplaceParameterOutOfBounds", "sdk");
    await expectCalctraError(userMarket.createTask({ ...base, verifierId: 9 }), "MarketplaceUnknownVerifier", "sdk");
    await expectCalctraError(providerStaking.stake({ amount: 0n }), "StakingZeroAmount", "sdk");
    await expectCalctraError(providerStaking.requestUnstake({ amount: 0n }), "StakingZeroAmount", "sdk");
    await expectCalctraError(
      providerMarket.submitResult({ taskId: 1n, resultCommitment: 1n << 255n }),
      "MarketplaceFieldElementOutOfRange",
      "sdk",
    );
    await expectCalctraError(userMarket.getTask({ taskId: 0n }), "MarketplaceTaskNotFound", "sdk");
    expect(await user.getBalance()).to.equal(tonBefore);
    expect(await userMarket.taskCount()).to.equal(count);
  });

  it("creates a task (escrowing the reward) and reads it back with universal addresses; cancel refunds it", async () => {
    const creator = ton.actors.creator;
    const balance = await token.balanceOf({ owner: addr(user) });
    const { taskId, cost } = await userMarket.createTask({
      specHash,
      reward: 20n * CAL,
      collateral: 10n * CAL,
      deadline: deadline(),
      verifierId: 0,
      modelCreator: addr(creator),
      minReputationBps: 4000,
    });
    expect(cost! > 0n).to.equal(true);
    expect(await userMarket.taskCount()).to.equal(taskId);
    const t = await userMarket.getTask({ taskId });
    expect(t).to.deep.include({
      id: taskId,
      user: universalFromTonAddress(user.address),
      specHash,
      reward: 20n * CAL,
      collateral: 10n * CAL,
      verifierId: 0,
      modelCreator: universalFromTonAddress(creator.address),
      minReputationBps: 4000,
      provider: null,
      status: TaskStatus.Open,
    });
    expect(await token.balanceOf({ owner: addr(user) })).to.equal(balance - 20n * CAL);
    await expectCalctraError(providerMarket.cancelTask({ taskId }), "MarketplaceNotTaskUser", "ton");
    await userMarket.cancelTask({ taskId });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Cancelled);
    expect(await token.balanceOf({ owner: addr(user) })).to.equal(balance);
    await expectCalctraError(userMarket.getTask({ taskId: taskId + 100n }), "MarketplaceTaskNotFound", "ton");
  });

  it("runs an optimistic task: accept locks collateral, submit, finalize after the challenge window pays the 80/15/5 split", async () => {
    const reward = 30n * CAL + 7n;
    const { taskId } = await userMarket.createTask({
      specHash,
      reward,
      collateral: 50n * CAL,
      deadline: deadline(),
      verifierId: 0,
      minReputationBps: 0,
    });
    await providerMarket.acceptTask({ taskId });
    const t = await providerMarket.getTask({ taskId });
    expect([t.status, t.provider]).to.deep.equal([TaskStatus.Assigned, universalFromTonAddress(provider.address)]);
    expect((await providerStaking.getProvider({ provider: addr(provider) })).locked).to.equal(50n * CAL);
    await expectCalctraError(userMarket.acceptTask({ taskId }), "MarketplaceTaskNotOpen", "ton");
    await expectCalctraError(userMarket.submitResult({ taskId, resultCommitment: 5n }), "MarketplaceNotTaskProvider", "ton");
    await providerMarket.submitResult({ taskId, resultCommitment: 5n });
    expect((await providerMarket.getTask({ taskId })).status).to.equal(TaskStatus.Submitted);
    const anyone = new TonMarketplaceClient(ton.connect(ton.actors.anyone));
    await expectCalctraError(anyone.finalize({ taskId }), "MarketplaceChallengePeriodActive", "ton");
    const params = await anyone.parameters();
    ton.increaseTime(params.challengePeriod);
    const before = {
      p: await token.balanceOf({ owner: addr(provider) }),
      t: await token.balanceOf({ owner: ton.deployment.roles.treasury }),
    };
    await anyone.finalize({ taskId });
    const expected = computePayout({
      reward,
      providerBps: params.providerBps,
      treasuryBps: params.treasuryBps,
      creatorBps: params.creatorBps,
      hasCreator: false,
    });
    expect((await token.balanceOf({ owner: addr(provider) })) - before.p).to.equal(expected.provider);
    expect((await token.balanceOf({ owner: ton.deployment.roles.treasury })) - before.t).to.equal(expected.treasury);
    const info = await providerStaking.getProvider({ provider: addr(provider) });
    expect([info.locked, info.completed, info.scoreBps]).to.deep.equal([0n, 1n, reputationScoreBps({ completed: 1n, failed: 0n })]);
  });

  it("disputes a submitted result and the arbiter resolves against the provider: refund plus slash", async () => {
    const reward = 12n * CAL;
    const { taskId } = await userMarket.createTask({
      specHash,
      reward,
      collateral: 40n * CAL,
      deadline: deadline(),
      verifierId: 0,
      minReputationBps: 0,
    });
    await providerMarket.acceptTask({ taskId });
    await providerMarket.submitResult({ taskId, resultCommitment: 9n });
    await expectCalctraError(providerMarket.dispute({ taskId }), "MarketplaceNotTaskUser", "ton");
    await userMarket.dispute({ taskId });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Disputed);
    await expectCalctraError(userMarket.resolve({ taskId, providerAtFault: true }), "MarketplaceNotArbiter", "ton");
    const before = { u: await token.balanceOf({ owner: addr(user) }), s: await providerStaking.getProvider({ provider: addr(provider) }) };
    await new TonMarketplaceClient(ton.connect(ton.actors.arbiter)).resolve({ taskId, providerAtFault: true });
    const slash = computeSlash({ collateral: 40n * CAL, slashBps: (await userMarket.parameters()).slashBps });
    const after = await providerStaking.getProvider({ provider: addr(provider) });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Refunded);
    expect((await token.balanceOf({ owner: addr(user) })) - before.u).to.equal(reward + slash.toUser);
    expect([before.s.staked - after.staked, after.slashedTotal - before.s.slashedTotal, after.failed - before.s.failed]).to.deep.equal([
      slash.slashed,
      slash.slashed,
      1n,
    ]);
  });

  it("expires an abandoned task after its deadline (anyone), refunding the user and slashing the provider", async () => {
    const { taskId } = await userMarket.createTask({
      specHash,
      reward: 5n * CAL,
      collateral: 20n * CAL,
      deadline: deadline(600),
      verifierId: 0,
      minReputationBps: 0,
    });
    await providerMarket.acceptTask({ taskId });
    const anyone = new TonMarketplaceClient(ton.connect(ton.actors.anyone));
    await expectCalctraError(anyone.expire({ taskId }), "MarketplaceDeadlineNotPassed", "ton");
    ton.increaseTime(601);
    await expectCalctraError(providerMarket.submitResult({ taskId, resultCommitment: 1n }), "MarketplaceDeadlinePassed", "ton");
    const before = await providerStaking.getProvider({ provider: addr(provider) });
    await anyone.expire({ taskId });
    const slash = computeSlash({ collateral: 20n * CAL, slashBps: (await anyone.parameters()).slashBps });
    const after = await providerStaking.getProvider({ provider: addr(provider) });
    expect([(await anyone.getTask({ taskId })).status, before.staked - after.staked, after.locked]).to.deep.equal([
      TaskStatus.Refunded,
      slash.slashed,
      0n,
    ]);
  });

  it("unbonds stake: requestUnstake, withdraw refused before the unbonding period, paid after it", async () => {
    const staking = providerStaking;
    await expectCalctraError(staking.withdraw(), "StakingNoPendingUnstake", "ton");
    await staking.requestUnstake({ amount: 100n * CAL });
    const info = await staking.getProvider({ provider: addr(provider) });
    expect(info.pendingUnstake).to.equal(100n * CAL);
    await expectCalctraError(staking.withdraw(), "StakingUnbondingNotElapsed", "ton");
    ton.increaseTime(info.unstakeAvailableAt - BigInt(ton.now()));
    const before = await token.balanceOf({ owner: addr(provider) });
    await staking.withdraw();
    expect((await token.balanceOf({ owner: addr(provider) })) - before).to.equal(100n * CAL);
    expect((await staking.getProvider({ provider: addr(provider) })).pendingUnstake).to.equal(0n);
  });

  it("governs as a spoke: deposit, vote on a hub proposal with the snapshot weight, send the tally; the hub's action list sets a parameter", async () => {
    const voter = ton.actors.voter;
    await token.mint({ to: addr(voter), amount: 2_000n * CAL });
    const gov = new TonSpokeGovernanceClient(ton.connect(voter));
    await gov.deposit({ amount: 2_000n * CAL });
    const snapshot = BigInt(ton.now() + 60);
    await ton.openProposal({ proposalId: 42n, snapshot, voteEnd: snapshot + 86_400n });
    expect((await gov.getProposal({ proposalId: 42n })).state).to.equal(ProposalState.Pending);
    await expectCalctraError(gov.castVote({ proposalId: 42n, support: 1 }), "GovernanceVotingClosed", "ton");
    ton.increaseTime(61);
    await gov.castVote({ proposalId: 42n, support: 1 });
    await expectCalctraError(gov.castVote({ proposalId: 42n, support: 1 }), "GovernorAlreadyCastVote", "ton");
    const tally = await gov.sendTally({ proposalId: 42n });
    expect(tally.cost! > 0n).to.equal(true);
    ton.increaseTime(86_400);
    const p = await gov.getProposal({ proposalId: 42n });
    expect([p.state, p.forVotes, p.proposer]).to.deep.equal([ProposalState.Succeeded, 2_000n * CAL, ton.governance.hubAddress]);
    const { sequence, execute } = await ton.hubActions({
      proposalId: 42n,
      actions: [{ kind: "setParameter", paramId: tonMarketParamIds().challengePeriod, value: 7200n }],
    });
    expect(execute.cost! > 0n).to.equal(true);
    expect(await gov.remoteExecution({ sequence })).to.deep.include({ state: "Executed" });
    expect((await userMarket.parameters()).challengePeriod).to.equal(7200n);
    await expectCalctraError(gov.getProposal({ proposalId: 99n }), "GovernorNonexistentProposal", "sdk");
    await expectCalctraError(gov.execute({ sequence }), "GovernanceActionsNotPending", "ton");
    await gov.withdraw({ amount: 2_000n * CAL });
    expect(await token.balanceOf({ owner: addr(voter) })).to.equal(2_000n * CAL);
  });

  it("decodes a refused proof on a verified task (verifier staged, then installed by the hub's setVerifier) as MarketplaceInvalidProof", async () => {
    // a real BLS12-381 proof of the shared vector: valid for its own task and provider, not for this task
    const v = vectors("proofs/result_commitment.bls12381") as {
      proof: SnarkjsGroth16Proof;
      vkey: SnarkjsVerificationKey;
      publicInputs: string[];
    };
    const registered = await ton.registerVerifier({ verifierId: 3, vkey: v.vkey });
    expect(registered.verifier).to.equal(`0x${encodeVerifyingKeyTon({ vkey: v.vkey }).hash().toString("hex")}`);
    expect(await userMarket.hasVerifier({ verifierId: 3 })).to.equal(true);
    const { taskId } = await userMarket.createTask({
      specHash: BigInt(v.publicInputs[1]!),
      reward: 10n * CAL,
      collateral: 0n,
      deadline: deadline(),
      verifierId: 3,
      minReputationBps: 0,
    });
    await providerMarket.acceptTask({ taskId });
    const proof = encodeProofTon({ proof: v.proof }).toBoc();
    const err = await expectCalctraError(
      providerMarket.submitResult({ taskId, resultCommitment: BigInt(v.publicInputs[2]!), proof }),
      "MarketplaceInvalidProof",
      "ton",
    );
    expect(err.args.transaction).to.match(/^[0-9a-f]{64}$/);
    await expectCalctraError(
      providerMarket.submitResult({ taskId, resultCommitment: 1n, proof: Uint8Array.of(1, 2, 3) }),
      "MarketplaceInvalidProof",
      "sdk",
    );
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Assigned);
  });

  it("reconstructs transaction chains for live-network connections (sends return nothing) with createTonTracer: same gas, same decoded errors", async () => {
    // a connection shaped like @ton/ton's TonClient.open: send methods resolve to nothing
    const liveOpen = (c: Contract): object => {
      const opened = ton.blockchain.openContract(c);
      return new Proxy(opened, {
        get(target, key) {
          const v: unknown = Reflect.get(target, key);
          if (typeof key !== "string" || !key.startsWith("send") || typeof v !== "function") return v;
          return async (...args: unknown[]): Promise<void> => {
            await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          };
        },
      });
    };
    const trace = createTonTracer({ source: ton.blockchain, pollIntervalMs: 1, timeoutMs: 10_000 });
    const live = (actor: TonActor) => ({ ...ton.connect(actor), open: liveOpen, trace });
    const args = { specHash, reward: 3n * CAL, collateral: 0n, deadline: deadline(), verifierId: 0, minReputationBps: 0 };
    const snap = ton.blockchain.snapshot();
    const direct = await userMarket.createTask(args);
    await ton.blockchain.loadFrom(snap);
    const traced = await new TonMarketplaceClient(live(user)).createTask(args);
    expect([traced.cost, traced.transactionCount, traced.taskId]).to.deep.equal([direct.cost, direct.transactionCount, direct.taskId]);
    expect(traced.transactionCount).to.be.greaterThan(3);
    await expectCalctraError(
      new TonMarketplaceClient(live(provider)).cancelTask({ taskId: traced.taskId }),
      "MarketplaceNotTaskUser",
      "ton",
    );
    const { trace: _unused, ...untraced } = live(user);
    expect((await new TonMarketplaceClient(untraced).cancelTask({ taskId: traced.taskId })).transactionCount).to.equal(0);
    expect((await userMarket.getTask({ taskId: traced.taskId })).status).to.equal(TaskStatus.Cancelled);
  });

  it("defines a TON exit code for every shared error name and decodes each back to that name", () => {
    const names = vectors("errors") as Record<string, string[]>;
    const Errors: Readonly<Record<string, number>> = tonExitCodes;
    for (const group of ["staking", "marketplace", "pause", "governance"]) {
      for (const name of names[group]!) {
        const code = Errors[name];
        expect(code, name).to.be.a("number");
        const e = decodeTonExitCode({ exitCode: code!, transaction: "00" });
        expect([e instanceof CalctraError, e.name], name).to.deep.equal([true, name]);
      }
    }
    expect(decodeTonExitCode({ exitCode: Errors.JettonBalanceError!, transaction: "00" }).name).to.equal("TonTransactionError");
  });

  it("reports non-Calctra failures in the chain as TonTransactionError: a transfer above the balance, a sender without a CAL wallet", async () => {
    const cases: Array<[TonActor, bigint, string, string]> = [
      [user, 1_000_000n * CAL, "compute", "JettonBalanceError"],
      [ton.actors.creator, CAL, "skipped", "no-state"],
    ];
    for (const [from, amount, phase, exitName] of cases) {
      const e = await new TonTokenClient(ton.connect(from)).transfer({ to: addr(ton.actors.anyone), amount }).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).to.be.instanceOf(TonTransactionError);
      expect([(e as TonTransactionError).phase, (e as TonTransactionError).exitName]).to.deep.equal([phase, exitName]);
    }
  });

  it("reads deployment files, with or without a spoke executor, and rejects malformed ones", () => {
    // Deploy scripts write deployments/ton-<network>.json; here the sandbox deployment is written to a temp folder.
    const directory = mkdtempSync(join(tmpdir(), "calctra-ton-deployments-"));
    writeFileSync(join(directory, "ton-sandbox.json"), JSON.stringify(ton.deployment, null, 2));
    const d = loadTonDeployment({ network: "sandbox", directory });
    expect(d.chain).to.equal("ton");
    expect(d.contracts.marketplace).to.match(/^[EU]Q[\w-]{46}$/);
    expect(() => loadTonDeployment({ network: "../x" })).to.throw(RangeError);
    expect(() => parseTonDeployment({ ...d, contracts: { staking: d.contracts.staking } })).to.throw();
    expect(parseTonDeployment(JSON.parse(JSON.stringify(ton.deployment)))).to.deep.equal(ton.deployment);
    // the spoke governance executor is optional: kept when named, absent (not undefined) otherwise
    expect(parseTonDeployment({ ...d, executor: d.contracts.governance }).executor).to.equal(d.contracts.governance);
    expect(parseTonDeployment(d)).to.not.have.property("executor");
    expect(() => parseTonDeployment({ ...d, executor: 7 })).to.throw();
  });
});
