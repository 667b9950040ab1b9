import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CAL, TaskStatus, computePayout, computeSlash, reputationScoreBps, universalFromSolana } from "@calctra/core";
import { startLocalSolana, type LocalSolana, type LocalSolanaWallet } from "@calctra/devnet/solana";
import {
  SolanaMarketplaceClient,
  SolanaStakingClient,
  SolanaTokenClient,
  solanaErrorCode,
  solanaProgramError,
} from "../src/solana/index.js";
import { buildResultCommitmentInputs, encodeProofSolana, proveGroth16, providerPublicInput, terminateCurves } from "@calctra/core/zk";
import { expectCalctra } from "@calctra/devnet/testing";

const vector = <T>(name: string) => JSON.parse(readFileSync(new URL(`../../test/vectors/${name}.json`, import.meta.url), "utf8")) as T;
interface PayoutCase {
  reward: string;
  providerBps: number;
  treasuryBps: number;
  creatorBps: number;
  hasCreator: boolean;
  provider: string;
  treasury: string;
  creator: string;
}
interface SlashCase {
  collateral: string;
  slashBps: number;
  slashed: string;
  toUser: string;
  toTreasury: string;
  unlocked: string;
}
const payouts = vector<{ cases: PayoutCase[] }>("payout").cases;
const slashes = vector<{ cases: SlashCase[] }>("slash").cases;

const root = fileURLToPath(new URL("../../", import.meta.url));
const build = `${root}circuits/build/bn254`;
describe("Solana marketplace and staking adapters through the native host", function () {
  this.timeout(300_000);
  let sol: LocalSolana;
  let user: LocalSolanaWallet, provider: LocalSolanaWallet, creator: LocalSolanaWallet, other: LocalSolanaWallet;
  let userMarket: SolanaMarketplaceClient, providerMarket: SolanaMarketplaceClient, anyoneMarket: SolanaMarketplaceClient;
  let providerStaking: SolanaStakingClient;
  let token: SolanaTokenClient;
  const treasury = () => sol.actors.treasuryOwner.address;

  before(async () => {
    if (!existsSync(`${build}/result_commitment.zkey`) || !existsSync(`${build}/result_commitment.wasm`)) {
      execFileSync("bash", ["circuits/scripts/build-all.sh"], { cwd: root, stdio: "ignore" });
    }
    sol = await startLocalSolana();
    await sol.registerVerifier();
    [user, provider, creator, other] = await Promise.all([
      sol.newWallet({ cal: 5_000n * CAL }),
      sol.newWallet({ cal: 3_000n * CAL }),
      sol.newWallet(),
      sol.newWallet({ cal: 150n * CAL }),
    ]);
    userMarket = new SolanaMarketplaceClient(user.params);
    providerMarket = new SolanaMarketplaceClient(provider.params);
    anyoneMarket = new SolanaMarketplaceClient(other.params);
    providerStaking = new SolanaStakingClient(provider.params);
    token = new SolanaTokenClient(user.params);
  });
  after(async () => {
    sol?.close();
    await terminateCurves();
  });

  const deadlineIn = async (seconds: bigint) => (await sol.now()) + seconds;
  const escrowBalance = async () => (await userMarket.parameters()).escrowed;

  it("registers and stakes a provider; unbonding releases stake only after the unbonding period", async () => {
    const before = await providerStaking.getProvider({ provider: provider.address });
    expect(before.registered).to.equal(false);
    await providerStaking.register({ metadataHash: `0x${"ab".repeat(32)}` });
    const { id, cost } = await providerStaking.stake({ amount: 2_500n * CAL });
    expect(id).to.be.a("string").and.not.equal("");
    expect(cost === undefined || cost > 0n).to.equal(true);
    const info = await providerStaking.getProvider({ provider: provider.address });
    expect(info).to.include({
      registered: true,
      metadataHash: `0x${"ab".repeat(32)}`,
      staked: 2_500n * CAL,
      locked: 0n,
      completed: 0n,
      failed: 0n,
    });
    expect(info.provider).to.equal(universalFromSolana(provider.address));
    expect(info.scoreBps).to.equal(reputationScoreBps({ completed: 0n, failed: 0n }));
    expect(await token.balanceOf({ owner: provider.address })).to.equal(500n * CAL);

    const { unbondingPeriod } = await providerStaking.parameters();
    await providerStaking.requestUnstake({ amount: 100n * CAL });
    await expectCalctra(providerStaking.withdraw(), "StakingUnbondingNotElapsed", "solana");
    await sol.advanceTime(unbondingPeriod + 1n);
    await providerStaking.withdraw();
    const after = await providerStaking.getProvider({ provider: provider.address });
    expect(after.staked).to.equal(2_400n * CAL);
    expect(after.pendingUnstake).to.equal(0n);
    expect(await token.balanceOf({ owner: provider.address })).to.equal(600n * CAL);
    await expectCalctra(providerStaking.stake({ amount: 0n }), "StakingZeroAmount", "sdk");
  });

  it("pays 80/15/5 to the base unit when a verified task is settled by a real BN254 Groth16 proof", async () => {
    const c = payouts.find((p) => p.hasCreator && p.reward === "123456789123" && p.providerBps === 8000);
    if (!c) throw new Error("payout vector missing");
    const reward = BigInt(c.reward);
    const collateral = 200n * CAL;
    const specHash = 0x1234_5678_9abc_def0n;
    const { taskId } = await userMarket.createTask({
      specHash,
      reward,
      collateral,
      deadline: await deadlineIn(3_600n),
      verifierId: 1,
      modelCreator: creator.address,
      minReputationBps: 5_000,
    });
    expect(taskId).to.equal(await userMarket.taskCount());
    expect(await escrowBalance()).to.equal(reward);
    await providerMarket.acceptTask({ taskId });
    const assigned = await providerMarket.getTask({ taskId });
    expect(assigned).to.include({ status: TaskStatus.Assigned, reward, collateral, verifierId: 1, specHash, minReputationBps: 5_000 });
    expect(assigned.provider).to.equal(universalFromSolana(provider.address));
    expect(assigned.modelCreator).to.equal(universalFromSolana(creator.address));
    expect((await providerStaking.getProvider({ provider: provider.address })).locked).to.equal(collateral);

    // public inputs [taskId, specHash, resultCommitment, provider pubkey mod 2^248] (DESIGN §6)
    const { publicInputs, witnessInput } = await buildResultCommitmentInputs({
      curve: "bn254",
      taskId,
      specHash,
      provider: providerPublicInput({ universalAddress: provider.publicKey.toBytes() }),
      result: [11n, 22n, 33n, 44n],
      salt: 0x5a17n,
    });
    const { proof } = await proveGroth16({
      wasm: `${build}/result_commitment.wasm`,
      zkey: `${build}/result_commitment.zkey`,
      witnessInput,
    });
    const resultCommitment = publicInputs[2];
    const bytes = encodeProofSolana({ proof }).bytes;

    // a tampered proof is refused on chain and nothing moves
    const tampered = Uint8Array.from(bytes);
    tampered[200] = tampered[200]! ^ 1;
    await expectCalctra(providerMarket.submitResult({ taskId, resultCommitment, proof: tampered }), "MarketplaceInvalidProof", "solana");
    // the proof is bound to its task: another commitment does not verify
    await expectCalctra(
      providerMarket.submitResult({ taskId, resultCommitment: resultCommitment + 1n, proof: bytes }),
      "MarketplaceInvalidProof",
      "solana",
    );
    expect((await providerMarket.getTask({ taskId })).status).to.equal(TaskStatus.Assigned);

    const before = {
      provider: await token.balanceOf({ owner: provider.address }),
      treasury: await token.balanceOf({ owner: treasury() }),
      creator: await token.balanceOf({ owner: creator.address }),
      escrow: await escrowBalance(),
    };
    await providerMarket.submitResult({ taskId, resultCommitment, proof: bytes });
    const done = await providerMarket.getTask({ taskId });
    expect(done.status).to.equal(TaskStatus.Completed);
    expect(done.resultCommitment).to.equal(resultCommitment);
    const expected = computePayout({ reward, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: true });
    expect([expected.provider, expected.treasury, expected.creator]).to.deep.equal([
      BigInt(c.provider),
      BigInt(c.treasury),
      BigInt(c.creator),
    ]);
    expect((await token.balanceOf({ owner: provider.address })) - before.provider).to.equal(BigInt(c.provider));
    expect((await token.balanceOf({ owner: treasury() })) - before.treasury).to.equal(BigInt(c.treasury));
    expect((await token.balanceOf({ owner: creator.address })) - before.creator).to.equal(BigInt(c.creator));
    expect(before.escrow - (await escrowBalance())).to.equal(reward);
    const info = await providerStaking.getProvider({ provider: provider.address });
    expect(info).to.include({ locked: 0n, completed: 1n, failed: 0n });
    expect(info.scoreBps).to.equal(reputationScoreBps({ completed: 1n, failed: 0n }));
  });

  it("settles an optimistic task: submit without proof, finalize only after the challenge period, creator share to the treasury", async () => {
    const c = payouts.find((p) => !p.hasCreator && p.reward === "100000000000" && p.providerBps === 8000)!;
    const reward = BigInt(c.reward);
    const { taskId } = await userMarket.createTask({
      specHash: 7n,
      reward,
      collateral: 10n * CAL,
      deadline: await deadlineIn(7_200n),
      verifierId: 0,
      minReputationBps: 0,
    });
    await providerMarket.acceptTask({ taskId });
    await expectCalctra(
      providerMarket.submitResult({ taskId, resultCommitment: 99n, proof: new Uint8Array(256) }),
      "MarketplaceUnexpectedProof",
      "sdk",
    );
    await providerMarket.submitResult({ taskId, resultCommitment: 99n });
    const submitted = await anyoneMarket.getTask({ taskId });
    expect(submitted.status).to.equal(TaskStatus.Submitted);
    const { challengePeriod } = await anyoneMarket.parameters();
    expect(submitted.challengeEndsAt - submitted.submittedAt).to.equal(challengePeriod);
    await expectCalctra(anyoneMarket.finalize({ taskId }), "MarketplaceChallengePeriodActive", "solana");

    const before = { provider: await token.balanceOf({ owner: provider.address }), treasury: await token.balanceOf({ owner: treasury() }) };
    await sol.setTime(submitted.challengeEndsAt);
    await anyoneMarket.finalize({ taskId });
    expect((await anyoneMarket.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
    expect((await token.balanceOf({ owner: provider.address })) - before.provider).to.equal(BigInt(c.provider));
    expect((await token.balanceOf({ owner: treasury() })) - before.treasury).to.equal(BigInt(c.treasury));
    expect(await escrowBalance()).to.equal(0n);
  });

  it("expires a task past its deadline: full refund to the user, the provider slashed per the slash vectors", async () => {
    const c = slashes.find((s) => s.slashBps === 2000 && s.collateral === "987654321987")!;
    const collateral = BigInt(c.collateral);
    const reward = 50n * CAL;
    const { taskId } = await userMarket.createTask({
      specHash: 8n,
      reward,
      collateral,
      deadline: await deadlineIn(600n),
      verifierId: 0,
      minReputationBps: 0,
    });
    await providerMarket.acceptTask({ taskId });
    await expectCalctra(anyoneMarket.expire({ taskId }), "MarketplaceDeadlineNotPassed", "solana");
    const before = {
      user: await token.balanceOf({ owner: user.address }),
      treasury: await token.balanceOf({ owner: treasury() }),
      stake: await providerStaking.getProvider({ provider: provider.address }),
    };
    await sol.advanceTime(601n);
    await expectCalctra(providerMarket.submitResult({ taskId, resultCommitment: 1n }), "MarketplaceDeadlinePassed", "solana");
    await anyoneMarket.expire({ taskId });
    const slash = computeSlash({ collateral, slashBps: 2000n });
    expect([slash.slashed, slash.toUser, slash.toTreasury, slash.unlocked]).to.deep.equal(
      [c.slashed, c.toUser, c.toTreasury, c.unlocked].map(BigInt),
    );
    expect((await anyoneMarket.getTask({ taskId })).status).to.equal(TaskStatus.Refunded);
    expect((await token.balanceOf({ owner: user.address })) - before.user).to.equal(reward + BigInt(c.toUser));
    expect((await token.balanceOf({ owner: treasury() })) - before.treasury).to.equal(BigInt(c.toTreasury));
    const after = await providerStaking.getProvider({ provider: provider.address });
    expect(before.stake.staked - after.staked).to.equal(BigInt(c.slashed));
    expect(after).to.include({ locked: 0n, failed: 1n, completed: 2n, slashedTotal: BigInt(c.slashed) });
    expect(after.scoreBps).to.equal(reputationScoreBps({ completed: 2n, failed: 1n }));
    expect(await escrowBalance()).to.equal(0n);
  });

  it("names refusals: task not open, task not found, stake below minimum, insufficient free stake, not the task user", async () => {
    const { taskId } = await userMarket.createTask({
      specHash: 9n,
      reward: 10n * CAL,
      collateral: 1n * CAL,
      deadline: await deadlineIn(3_600n),
      verifierId: 0,
      minReputationBps: 0,
    });
    await providerMarket.acceptTask({ taskId });
    // a second provider tries to take the Assigned task
    const late = await sol.newWallet({ cal: 200n * CAL });
    const lateStaking = new SolanaStakingClient(late.params);
    await lateStaking.register({ metadataHash: `0x${"cd".repeat(32)}` });
    await lateStaking.stake({ amount: 150n * CAL });
    const lateMarket = new SolanaMarketplaceClient(late.params);
    await expectCalctra(lateMarket.acceptTask({ taskId }), "MarketplaceTaskNotOpen", "solana");
    // an id that was never created: Anchor's AccountNotInitialized on the task, read as not found
    const unknown = (await userMarket.taskCount()) + 100n;
    await expectCalctra(lateMarket.acceptTask({ taskId: unknown }), "MarketplaceTaskNotFound", "solana");
    await expectCalctra(userMarket.getTask({ taskId: unknown }), "MarketplaceTaskNotFound");
    // collateral above the free stake
    const big = await userMarket.createTask({
      specHash: 10n,
      reward: 1n * CAL,
      collateral: 1_000n * CAL,
      deadline: await deadlineIn(3_600n),
      verifierId: 0,
      minReputationBps: 0,
    });
    await expectCalctra(lateMarket.acceptTask({ taskId: big.taskId }), "StakingInsufficientFreeStake", "solana");
    // a provider below the minimum stake
    const small = await sol.newWallet({ cal: 50n * CAL });
    await new SolanaStakingClient(small.params).register({ metadataHash: `0x${"ef".repeat(32)}` });
    await new SolanaStakingClient(small.params).stake({ amount: 50n * CAL });
    await expectCalctra(
      new SolanaMarketplaceClient(small.params).acceptTask({ taskId: big.taskId }),
      "MarketplaceStakeBelowMinimum",
      "solana",
    );
    // only the task's user cancels; the user's cancel refunds in full
    await expectCalctra(lateMarket.cancelTask({ taskId: big.taskId }), "MarketplaceNotTaskUser", "solana");
    const before = await token.balanceOf({ owner: user.address });
    await userMarket.cancelTask({ taskId: big.taskId });
    expect((await token.balanceOf({ owner: user.address })) - before).to.equal(1n * CAL);
    expect((await userMarket.getTask({ taskId: big.taskId })).status).to.equal(TaskStatus.Cancelled);
  });

  it("rejects invalid input before sending, with the on-chain names (no transaction, nothing leaves the wallet)", async () => {
    const count = await userMarket.taskCount();
    const balance = await token.balanceOf({ owner: user.address });
    const base = { specHash: 1n, reward: 1n * CAL, collateral: 0n, deadline: await deadlineIn(3_600n), verifierId: 0, minReputationBps: 0 };
    await expectCalctra(userMarket.createTask({ ...base, reward: 0n }), "MarketplaceZeroReward", "sdk");
    await expectCalctra(userMarket.createTask({ ...base, specHash: 1n << 248n }), "MarketplaceFieldElementOutOfRange", "sdk");
    await expectCalctra(userMarket.createTask({ ...base, deadline: await sol.now() }), "MarketplaceInvalidDeadline", "sdk");
    await expectCalctra(userMarket.createTask({ ...base, minReputationBps: 10_001 }), "MarketplaceParameterOutOfBounds", "sdk");
    await expectCalctra(userMarket.createTask({ ...base, verifierId: 77 }), "MarketplaceUnknownVerifier", "sdk");
    await expectCalctra(
      userMarket.createTask({ ...base, modelCreator: "11111111111111111111111111111111" }),
      "MarketplaceZeroAddress",
      "sdk",
    );
    await expectCalctra(
      providerMarket.submitResult({ taskId: 1n, resultCommitment: 1n << 254n }),
      "MarketplaceFieldElementOutOfRange",
      "sdk",
    );
    await expectCalctra(userMarket.acceptTask({ taskId: 0n }), "MarketplaceTaskNotFound", "sdk");
    expect(await userMarket.taskCount()).to.equal(count);
    expect(await token.balanceOf({ owner: user.address })).to.equal(balance);
  });

  it("pause blocks create, accept and submit but not the exits; governance unpauses", async () => {
    const open = await userMarket.createTask({
      specHash: 11n,
      reward: 2n * CAL,
      collateral: 1n * CAL,
      deadline: await deadlineIn(3_600n),
      verifierId: 0,
      minReputationBps: 0,
    });
    const toExpire = await userMarket.createTask({
      specHash: 12n,
      reward: 3n * CAL,
      collateral: 1n * CAL,
      deadline: await deadlineIn(600n),
      verifierId: 0,
      minReputationBps: 0,
    });
    await providerMarket.acceptTask({ taskId: toExpire.taskId });
    // only the pauser pauses (MarketplaceNotPauser, a Solana-only name outside the shared table)
    const refused = await userMarket.pause().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(solanaProgramError(solanaErrorCode(refused)?.code ?? -1)?.name).to.equal("MarketplaceNotPauser");
    expect((await userMarket.parameters()).paused).to.equal(false);
    await new SolanaMarketplaceClient(sol.actors.pauser.params).pause();
    expect((await userMarket.parameters()).paused).to.equal(true);
    const deadline = await deadlineIn(3_600n);
    await expectCalctra(
      userMarket.createTask({ specHash: 13n, reward: 1n * CAL, collateral: 0n, deadline, verifierId: 0, minReputationBps: 0 }),
      "EnforcedPause",
      "solana",
    );
    await expectCalctra(providerMarket.acceptTask({ taskId: open.taskId }), "EnforcedPause", "solana");
    await expectCalctra(providerMarket.submitResult({ taskId: toExpire.taskId, resultCommitment: 5n }), "EnforcedPause", "solana");
    // exits stay open: cancel an Open task, expire an Assigned one; escrow releases exactly their rewards
    const escrowed = await escrowBalance();
    await userMarket.cancelTask({ taskId: open.taskId });
    await sol.advanceTime(601n);
    await anyoneMarket.expire({ taskId: toExpire.taskId });
    expect((await userMarket.getTask({ taskId: open.taskId })).status).to.equal(TaskStatus.Cancelled);
    expect((await userMarket.getTask({ taskId: toExpire.taskId })).status).to.equal(TaskStatus.Refunded);
    expect(escrowed - (await escrowBalance())).to.equal(5n * CAL);
    await sol.hubActions({ actions: [{ kind: "unpause", target: "marketplace" }] });
    expect((await userMarket.parameters()).paused).to.equal(false);
    const { taskId } = await userMarket.createTask({
      specHash: 14n,
      reward: 1n * CAL,
      collateral: 0n,
      deadline: await deadlineIn(3_600n),
      verifierId: 0,
      minReputationBps: 0,
    });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Open);
  });
});
