import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  CAL,
  ReplicaState,
  TaskStatus,
  computePayout,
  computeSlash,
  offerPrice,
  replicaCommit,
  reputationScoreBps,
  settleReplicas,
  universalFromSolana,
} from "@calctra/core";
import { EventParser } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { startLocalSolana, type LocalSolana, type LocalSolanaWallet } from "@calctra/devnet/solana";
import {
  SolanaMarketplaceClient,
  SolanaStakingClient,
  SolanaTokenClient,
  solanaErrorCode,
  solanaPrograms,
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

describe("Solana marketplace v2 through the native host: offers and replicas", function () {
  this.timeout(300_000);
  let sol: LocalSolana;
  let user: LocalSolanaWallet;
  let providers: LocalSolanaWallet[];
  let userMarket: SolanaMarketplaceClient, arbiterMarket: SolanaMarketplaceClient;
  let markets: SolanaMarketplaceClient[];
  let token: SolanaTokenClient;
  const COLLATERAL = 50n * CAL;
  const hashA = `0x${"aa".repeat(32)}` as const;
  const hashB = `0x${"bb".repeat(32)}` as const;
  const salt = (i: number) => `0x${(i + 1).toString(16).padStart(2, "0").repeat(32)}` as `0x${string}`;
  const zero32 = `0x${"00".repeat(32)}` as const;
  const treasury = () => sol.actors.treasuryOwner.address;
  const commitOf = (i: number, resultHash: `0x${string}`) =>
    replicaCommit(resultHash, salt(i), universalFromSolana(providers[i]!.address) as `0x${string}`);

  before(async () => {
    sol = await startLocalSolana();
    user = await sol.newWallet({ cal: 5_000n * CAL });
    providers = [];
    for (let i = 0; i < 4; i++) providers.push(await sol.newWallet({ cal: 1_000n * CAL }));
    for (const p of providers) {
      const staking = new SolanaStakingClient(p.params);
      await staking.register({ metadataHash: `0x${"cd".repeat(32)}` });
      await staking.stake({ amount: 900n * CAL });
    }
    userMarket = new SolanaMarketplaceClient(user.params);
    arbiterMarket = new SolanaMarketplaceClient(sol.actors.arbiter.params);
    markets = providers.map((p) => new SolanaMarketplaceClient(p.params));
    token = new SolanaTokenClient(user.params);
  });
  after(async () => {
    sol?.close();
    await terminateCurves();
  });

  const replicated = async (k: 1 | 2 | 3, reward = 30n * CAL) => {
    const now = await sol.now();
    return userMarket.createTask({
      specHash: 9n,
      reward,
      collateral: COLLATERAL,
      deadline: now + 3_600n,
      verifierId: 0,
      minReputationBps: 0,
      offer: { minReward: reward, rampStart: now, rampDuration: 0n, lockDeadline: now + 3_600n, replicas: k },
    });
  };
  const balances = async () => ({
    user: await token.balanceOf({ owner: user.address }),
    treasury: await token.balanceOf({ owner: treasury() }),
    providers: await Promise.all(providers.map((p) => token.balanceOf({ owner: p.address }))),
    staked: await Promise.all(
      providers.map(async (p) => (await new SolanaStakingClient(p.params).getProvider({ provider: p.address })).staked),
    ),
  });

  it("quotes an offer by the chain clock, locks the quoted price at accept and refunds reward - price at finalize", async () => {
    const now = await sol.now();
    const reward = 30n * CAL;
    const terms = { minReward: 10n * CAL, rampStart: now + 100n, rampDuration: 700n, lockDeadline: now + 1_800n };
    const { taskId } = await userMarket.createTask({
      specHash: 11n,
      reward,
      collateral: COLLATERAL,
      deadline: now + 3_600n,
      verifierId: 0,
      minReputationBps: 0,
      offer: terms,
    });
    expect(await userMarket.getOffer({ taskId })).to.deep.equal({
      minReward: terms.minReward,
      maxReward: reward,
      rampStart: terms.rampStart,
      rampDuration: 700n,
      lockDeadline: terms.lockDeadline,
      replicas: 0,
      price: 0n,
      revealEnd: 0n,
    });
    expect(await userMarket.getReplicas({ taskId })).to.deep.equal([]);
    const early = await markets[0]!.quoteTask({ taskId });
    expect(early).to.deep.equal({ price: terms.minReward, at: now, acceptable: true, lockDeadline: terms.lockDeadline });
    const ramp = { minReward: terms.minReward, maxReward: reward, rampStart: terms.rampStart, rampDuration: 700n };
    expect((await markets[0]!.quoteTask({ taskId, at: now + 450n })).price).to.equal(offerPrice(ramp, now + 450n));
    expect((await markets[0]!.quoteTask({ taskId, at: now + 1_801n })).acceptable).to.equal(false);

    await sol.setTime(now + 450n);
    const quote = await markets[0]!.quoteTask({ taskId });
    expect(quote.at).to.equal(now + 450n);
    await markets[0]!.acceptTask({ taskId });
    expect((await userMarket.getOffer({ taskId })).price).to.equal(quote.price);
    expect((await markets[1]!.quoteTask({ taskId })).acceptable).to.equal(false);

    await markets[0]!.submitResult({ taskId, resultCommitment: 77n });
    const before = await balances();
    const submitted = await userMarket.getTask({ taskId });
    await sol.setTime(submitted.challengeEndsAt);
    await userMarket.finalize({ taskId });
    const after = await balances();
    const pay = computePayout({ reward: quote.price, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: false });
    expect(after.providers[0]! - before.providers[0]!).to.equal(pay.provider);
    expect(after.treasury - before.treasury).to.equal(pay.treasury);
    expect(after.user - before.user).to.equal(reward - quote.price);
  });

  it("refuses invalid offer terms before sending and a late accept on chain, with the canonical names", async () => {
    const now = await sol.now();
    const base = { specHash: 1n, reward: 10n * CAL, collateral: 1n, deadline: now + 600n, verifierId: 0, minReputationBps: 0 };
    const offer = { minReward: CAL, rampStart: now, rampDuration: 0n, lockDeadline: now + 600n };
    const before = await token.balanceOf({ owner: user.address });
    await expectCalctra(userMarket.createTask({ ...base, offer: { ...offer, minReward: 0n } }), "MarketplaceZeroReward", "sdk");
    await expectCalctra(userMarket.createTask({ ...base, offer: { ...offer, minReward: 11n * CAL } }), "MarketplaceInvalidOffer", "sdk");
    await expectCalctra(
      userMarket.createTask({ ...base, offer: { ...offer, rampStart: (1n << 32n) - 10n, rampDuration: 10n } }),
      "MarketplaceInvalidOffer",
      "sdk",
    );
    await expectCalctra(
      userMarket.createTask({ ...base, offer: { ...offer, lockDeadline: now + 601n } }),
      "MarketplaceInvalidLockDeadline",
      "sdk",
    );
    await expectCalctra(
      userMarket.createTask({ ...base, offer: { ...offer, lockDeadline: now - 1n } }),
      "MarketplaceInvalidLockDeadline",
      "sdk",
    );
    await expectCalctra(
      userMarket.createTask({ ...base, offer: { ...offer, replicas: 4 as unknown as 3 } }),
      "MarketplaceInvalidReplicas",
      "sdk",
    );
    expect(await token.balanceOf({ owner: user.address })).to.equal(before);

    const { taskId } = await userMarket.createTask({ ...base, offer: { ...offer, lockDeadline: now + 100n } });
    await sol.advanceTime(101n);
    await expectCalctra(markets[0]!.simulateAcceptTask({ taskId }), "MarketplaceLockDeadlinePassed", "solana");
    await expectCalctra(markets[0]!.acceptTask({ taskId }), "MarketplaceLockDeadlinePassed", "solana");
    await userMarket.cancelTask({ taskId });
  });

  it("runs k = 3 replicas: commit, reveal and settle pay the 2-of-3 majority and slash the dissenter", async () => {
    const { taskId } = await replicated(3);
    for (let i = 0; i < 3; i++) await markets[i]!.acceptTask({ taskId });
    expect((await markets[3]!.quoteTask({ taskId })).acceptable).to.equal(false);
    await expectCalctra(markets[3]!.acceptTask({ taskId }), "MarketplaceTaskNotOpen", "solana");
    const hashes = [hashA, hashB, hashA] as const;
    for (let i = 0; i < 3; i++) {
      const { cost } = await markets[i]!.simulateCommitResult({ taskId, commit: commitOf(i, hashes[i]!) });
      expect(cost === undefined || cost > 0n).to.equal(true);
      await markets[i]!.commitResult({ taskId, commit: commitOf(i, hashes[i]!) });
    }
    const offer = await userMarket.getOffer({ taskId });
    const { revealPeriod } = await userMarket.parameters();
    expect(offer.revealEnd).to.equal((await sol.now()) + revealPeriod);
    await expectCalctra(markets[1]!.revealResult({ taskId, resultHash: hashA, salt: salt(1) }), "MarketplaceCommitMismatch", "solana");
    for (let i = 0; i < 3; i++) await markets[i]!.revealResult({ taskId, resultHash: hashes[i]!, salt: salt(i) });
    const replicas = await userMarket.getReplicas({ taskId });
    expect(replicas.map((r) => [r.provider, r.state, r.commit, r.resultHash, r.price])).to.deep.equal(
      [0, 1, 2].map((i) => [
        universalFromSolana(providers[i]!.address),
        ReplicaState.Revealed,
        commitOf(i, hashes[i]!),
        hashes[i],
        30n * CAL,
      ]),
    );

    // settle names every replica's staking record and token account, in replica order
    const prepared = await userMarket.prepareSettle({ taskId });
    const settleIx = prepared.instructions[prepared.instructions.length - 1]!;
    const tail = settleIx.keys.slice(-6).map((k) => k.pubkey.toBase58());
    expect(tail.filter((_, i) => i % 2 === 1)).to.deep.equal(
      [0, 1, 2].map((i) =>
        getAssociatedTokenAddressSync(new PublicKey(sol.deployment.calMint), new PublicKey(providers[i]!.address)).toBase58(),
      ),
    );
    const before = await balances();
    await userMarket.settle({ taskId });
    const after = await balances();
    const expected = settleReplicas({
      k: 3,
      reward: 30n * CAL,
      collateral: COLLATERAL,
      replicas: hashes.map((h) => ({ price: 30n * CAL, resultHash: h })),
      slashBps: 2000n,
      providerBps: 8000n,
      treasuryBps: 1500n,
      creatorBps: 500n,
      hasCreator: false,
    });
    if (expected.kind !== "settled") throw new Error("expected a settlement");
    expected.outcomes.forEach((o, i) => {
      if (o.kind === "paid") expect(after.providers[i]! - before.providers[i]!).to.equal(o.provider);
      else expect(before.staked[i]! - after.staked[i]!).to.equal(o.slashed);
    });
    expect(after.user - before.user).to.equal(expected.toUser);
    expect(after.treasury - before.treasury).to.equal(expected.toTreasury);
    const task = await userMarket.getTask({ taskId });
    expect(task.status).to.equal(TaskStatus.Completed);
    expect(task.resultCommitment).to.equal(BigInt(hashA));
    await expectCalctra(userMarket.settle({ taskId }), "MarketplaceTaskNotAssigned", "solana");
  });

  it("sends a k = 2 disagreement to Disputed, and only the arbiter resolves it with resolveReplicas", async () => {
    const { taskId } = await replicated(2);
    await markets[0]!.acceptTask({ taskId });
    await markets[1]!.acceptTask({ taskId });
    await markets[0]!.commitResult({ taskId, commit: commitOf(0, hashA) });
    await expectCalctra(markets[0]!.revealResult({ taskId, resultHash: hashA, salt: salt(0) }), "MarketplaceRevealNotOpen", "solana");
    await markets[1]!.commitResult({ taskId, commit: commitOf(1, hashB) });
    await markets[0]!.revealResult({ taskId, resultHash: hashA, salt: salt(0) });
    await expectCalctra(userMarket.simulateSettle({ taskId }), "MarketplaceRevealPeriodActive", "solana");
    await markets[1]!.revealResult({ taskId, resultHash: hashB, salt: salt(1) });
    await userMarket.settle({ taskId });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Disputed);
    await expectCalctra(userMarket.resolveReplicas({ taskId, resultHash: hashA }), "MarketplaceNotArbiter", "solana");
    const before = await balances();
    await arbiterMarket.resolveReplicas({ taskId, resultHash: zero32 });
    const after = await balances();
    const s = computeSlash({ collateral: COLLATERAL, slashBps: 2000n });
    expect(after.user - before.user).to.equal(30n * CAL + 2n * s.toUser);
    expect(before.staked[0]! - after.staked[0]!).to.equal(s.slashed);
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Refunded);
  });

  it("settles a Disputed replicated task with a verifier by a replica's proof of the result it revealed", async () => {
    if (!existsSync(`${build}/result_commitment.zkey`) || !existsSync(`${build}/result_commitment.wasm`)) {
      execFileSync("bash", ["circuits/scripts/build-all.sh"], { cwd: root, stdio: "ignore" });
    }
    const { verifierId } = await sol.registerVerifier();
    const now = await sol.now();
    const reward = 20n * CAL;
    const specHash = 0xabcdefn;
    const { taskId } = await userMarket.createTask({
      specHash,
      reward,
      collateral: COLLATERAL,
      deadline: now + 3_600n,
      verifierId: Number(verifierId),
      minReputationBps: 0,
      offer: { minReward: reward, rampStart: now, rampDuration: 0n, lockDeadline: now + 3_600n, replicas: 2 },
    });
    await markets[0]!.acceptTask({ taskId });
    await markets[1]!.acceptTask({ taskId });
    const { publicInputs, witnessInput } = await buildResultCommitmentInputs({
      curve: "bn254",
      taskId,
      specHash,
      provider: providerPublicInput({ universalAddress: new PublicKey(providers[1]!.address).toBytes() }),
      result: [1n, 2n, 3n, 4n],
      salt: 0x77n,
    });
    const { proof } = await proveGroth16({
      wasm: `${build}/result_commitment.wasm`,
      zkey: `${build}/result_commitment.zkey`,
      witnessInput,
    });
    const resultCommitment = publicInputs[2]!;
    const proven = `0x${resultCommitment.toString(16).padStart(64, "0")}` as `0x${string}`;
    await markets[0]!.commitResult({ taskId, commit: commitOf(0, hashA) });
    await markets[1]!.commitResult({ taskId, commit: commitOf(1, proven) });
    await markets[0]!.revealResult({ taskId, resultHash: hashA, salt: salt(0) });
    await markets[1]!.revealResult({ taskId, resultHash: proven, salt: salt(1) });
    await userMarket.settle({ taskId });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Disputed);

    const bytes = encodeProofSolana({ proof }).bytes;
    await expectCalctra(markets[0]!.submitResult({ taskId, resultCommitment, proof: bytes }), "MarketplaceCommitMismatch", "solana");
    const before = await balances();
    await markets[1]!.submitResult({ taskId, resultCommitment, proof: bytes });
    const after = await balances();
    const done = await userMarket.getTask({ taskId });
    expect([done.status, done.resultCommitment]).to.deep.equal([TaskStatus.Completed, resultCommitment]);
    const pay = computePayout({ reward: reward / 2n, providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n, hasCreator: false });
    expect(after.providers[1]! - before.providers[1]!).to.equal(pay.provider);
    expect(before.staked[0]! - after.staked[0]!).to.equal(computeSlash({ collateral: COLLATERAL, slashBps: 2000n }).slashed);
  });

  it("decodes the replica refusals to their canonical names", async () => {
    const now = await sol.now();
    const classic = await userMarket.createTask({
      specHash: 3n,
      reward: CAL,
      collateral: 1n,
      deadline: now + 600n,
      verifierId: 0,
      minReputationBps: 0,
    });
    await markets[0]!.acceptTask({ taskId: classic.taskId });
    await expectCalctra(
      markets[0]!.commitResult({ taskId: classic.taskId, commit: commitOf(0, hashA) }),
      "MarketplaceNotReplicated",
      "solana",
    );
    await expectCalctra(userMarket.settle({ taskId: classic.taskId }), "MarketplaceNotReplicated", "solana");
    const { taskId } = await replicated(1);
    await expectCalctra(markets[0]!.commitResult({ taskId, commit: commitOf(0, hashA) }), "MarketplaceTaskNotAssigned", "solana");
    await markets[0]!.acceptTask({ taskId });
    await expectCalctra(markets[0]!.acceptTask({ taskId }), "MarketplaceTaskNotOpen", "solana");
    await expectCalctra(markets[1]!.commitResult({ taskId, commit: commitOf(1, hashA) }), "MarketplaceNotTaskProvider", "solana");
    await expectCalctra(markets[0]!.revealResult({ taskId, resultHash: hashA, salt: salt(0) }), "MarketplaceNotCommitted", "solana");
    await expectCalctra(markets[0]!.submitResult({ taskId, resultCommitment: 5n }), "MarketplaceReplicated", "solana");
    await markets[0]!.commitResult({ taskId, commit: commitOf(0, hashA) });
    await expectCalctra(markets[0]!.commitResult({ taskId, commit: commitOf(0, hashA) }), "MarketplaceAlreadyCommitted", "solana");
    await markets[0]!.revealResult({ taskId, resultHash: hashA, salt: salt(0) });
    await expectCalctra(markets[0]!.revealResult({ taskId, resultHash: hashA, salt: salt(0) }), "MarketplaceAlreadyRevealed", "solana");
    let thrown: unknown;
    await markets[0]!.commitResult({ taskId, commit: "0x12" as `0x${string}` }).catch((e: unknown) => {
      thrown = e;
    });
    expect(thrown).to.be.instanceOf(RangeError);
    await userMarket.settle({ taskId });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Completed);
  });

  describe("publishResult (result delivery, DESIGN §5.3)", () => {
    const cid1 = `0x${"1c".repeat(32)}` as const;
    const cid2 = `0x${"2c".repeat(32)}` as const;
    const classicTask = async () => {
      const now = await sol.now();
      return userMarket.createTask({
        specHash: 21n,
        reward: CAL,
        collateral: 1n,
        deadline: now + 600n,
        verifierId: 0,
        minReputationBps: 0,
      });
    };
    const published = async (signature: string) => {
      const landed = await sol.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      const { marketplace } = solanaPrograms(user.params.provider);
      const parser = new EventParser(marketplace.programId, marketplace.coder);
      return [...parser.parseLogs(landed?.meta?.logMessages ?? [])].filter((e) => e.name === "resultPublished");
    };

    it("publishes a classic provider's result CID by prepare, simulate and send, reads it back, emits ResultPublished, latest wins", async () => {
      const { taskId } = await classicTask();
      await markets[0]!.acceptTask({ taskId });
      const provider = providers[0]!.address;
      expect(await userMarket.getResultCid({ taskId, provider })).to.equal(zero32);

      const prepared = await markets[0]!.preparePublishResult({ taskId, resultCid: cid1 });
      expect(prepared.instructions).to.have.length(1);
      expect(prepared.instructions[0]!.programId.toBase58()).to.equal(sol.deployment.programIds.marketplace);
      expect(prepared.instructions[0]!.keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable])).to.deep.equal([
        [provider, true, false],
        [
          PublicKey.findProgramAddressSync(
            [Buffer.from("task"), Buffer.from(new BigUint64Array([taskId]).buffer)],
            new PublicKey(sol.deployment.programIds.marketplace),
          )[0].toBase58(),
          false,
          true,
        ],
      ]);
      const { cost } = await markets[0]!.simulatePublishResult({ taskId, resultCid: cid1 });
      expect(cost === undefined || cost > 0n).to.equal(true);
      expect(await userMarket.getResultCid({ taskId, provider })).to.equal(zero32);

      const before = await balances();
      const { id } = await markets[0]!.publishResult({ taskId, resultCid: cid1 });
      expect(await userMarket.getResultCid({ taskId, provider })).to.equal(cid1);
      expect(await userMarket.getResultCid({ taskId, provider: universalFromSolana(provider) })).to.equal(cid1);
      const events = await published(id);
      expect(events).to.have.length(1);
      expect(Number(events[0]!.data.taskId)).to.equal(Number(taskId));
      expect((events[0]!.data.provider as PublicKey).toBase58()).to.equal(provider);
      expect(events[0]!.data.resultCid).to.deep.equal(Array.from(Buffer.from(cid1.slice(2), "hex")));
      expect(await balances()).to.deep.equal(before);

      await markets[0]!.submitResult({ taskId, resultCommitment: 5n });
      await sol.setTime((await userMarket.getTask({ taskId })).challengeEndsAt);
      await userMarket.finalize({ taskId });
      await markets[0]!.publishResult({ taskId, resultCid: cid2 });
      expect(await userMarket.getResultCid({ taskId, provider })).to.equal(cid2);
      // anyone else reads zero, and so does an unknown task
      expect(await userMarket.getResultCid({ taskId, provider: providers[1]!.address })).to.equal(zero32);
      expect(await userMarket.getResultCid({ taskId: (await userMarket.taskCount()) + 1n, provider })).to.equal(zero32);
    });

    it("stores each replica's CID on its own replica record", async () => {
      const { taskId } = await replicated(2);
      await markets[1]!.acceptTask({ taskId });
      await markets[2]!.acceptTask({ taskId });
      await markets[2]!.publishResult({ taskId, resultCid: cid2 });
      expect(await userMarket.getResultCid({ taskId, provider: providers[1]!.address })).to.equal(zero32);
      expect(await userMarket.getResultCid({ taskId, provider: providers[2]!.address })).to.equal(cid2);
      await markets[1]!.publishResult({ taskId, resultCid: cid1 });
      await markets[2]!.publishResult({ taskId, resultCid: cid1 });
      expect(await userMarket.getResultCid({ taskId, provider: providers[1]!.address })).to.equal(cid1);
      expect(await userMarket.getResultCid({ taskId, provider: providers[2]!.address })).to.equal(cid1);
      expect(await userMarket.getResultCid({ taskId, provider: providers[0]!.address })).to.equal(zero32);
    });

    it("decodes the refusals to their canonical names in the spec's order, and publishes while paused", async () => {
      const unknown = (await userMarket.taskCount()) + 1n;
      await expectCalctra(markets[0]!.publishResult({ taskId: unknown, resultCid: zero32 }), "MarketplaceTaskNotFound", "solana");
      await expectCalctra(markets[0]!.simulatePublishResult({ taskId: unknown, resultCid: cid1 }), "MarketplaceTaskNotFound", "solana");
      const { taskId } = await classicTask();
      await expectCalctra(markets[0]!.publishResult({ taskId, resultCid: cid1 }), "MarketplaceNotTaskProvider", "solana");
      await markets[0]!.acceptTask({ taskId });
      await expectCalctra(markets[1]!.publishResult({ taskId, resultCid: zero32 }), "MarketplaceNotTaskProvider", "solana");
      await expectCalctra(userMarket.simulatePublishResult({ taskId, resultCid: cid1 }), "MarketplaceNotTaskProvider", "solana");
      await expectCalctra(markets[0]!.publishResult({ taskId, resultCid: zero32 }), "MarketplaceInvalidResultCid", "solana");
      let thrown: unknown;
      await markets[0]!.publishResult({ taskId, resultCid: "0x1c" as `0x${string}` }).catch((e: unknown) => {
        thrown = e;
      });
      expect(thrown).to.be.instanceOf(RangeError);

      await new SolanaMarketplaceClient(sol.actors.pauser.params).pause();
      try {
        await markets[0]!.publishResult({ taskId, resultCid: cid1 });
        expect(await userMarket.getResultCid({ taskId, provider: providers[0]!.address })).to.equal(cid1);
      } finally {
        await sol.hubActions({ actions: [{ kind: "unpause", target: "marketplace" }] });
      }
      // a cancelled task has no provider; a refunded one refuses its provider on status, before the CID
      const cancelled = await classicTask();
      await userMarket.cancelTask({ taskId: cancelled.taskId });
      await expectCalctra(markets[0]!.publishResult({ taskId: cancelled.taskId, resultCid: cid1 }), "MarketplaceNotTaskProvider", "solana");
      await sol.advanceTime(601n);
      await userMarket.expire({ taskId });
      await expectCalctra(markets[0]!.publishResult({ taskId, resultCid: zero32 }), "MarketplaceTaskNotAssigned", "solana");
    });
  });
});
