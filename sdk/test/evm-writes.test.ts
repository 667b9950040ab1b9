import { expect } from "chai";
import { decodeFunctionData, encodeFunctionData, keccak256, toHex, type Address } from "viem";
import { CAL, CalctraError, ProposalState, TaskStatus } from "@calctra/core";
import {
  EvmGovernanceClient,
  EvmMarketplaceClient,
  EvmStakingClient,
  EvmTokenClient,
  calTokenAbi,
  evmPreparedCalls,
  marketplaceAbi,
  type EvmPreparedTransaction,
} from "../src/evm/index.js";
import { startLocalEvm, type LocalEvm } from "@calctra/devnet/evm";

async function rejection(p: Promise<unknown>): Promise<CalctraError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(CalctraError);
    return e as CalctraError;
  }
  throw new Error("expected a CalctraError");
}

describe("EVM write actions in three forms: prepareX (unsigned calls), simulateX (no transaction) and x", function () {
  this.timeout(300_000);
  let evm: LocalEvm;
  let base: Pick<ConstructorParameters<typeof EvmTokenClient>[0], "publicClient" | "deployment">;
  let userMarket: EvmMarketplaceClient;
  let providerMarket: EvmMarketplaceClient;
  let token: EvmTokenClient;
  let user: Address;

  before(async () => {
    evm = await startLocalEvm();
    base = { publicClient: evm.publicClient, deployment: evm.deployment };
    token = new EvmTokenClient({ ...base, walletClient: evm.wallets[0]! });
    user = evm.wallets[1]!.account.address;
    for (const w of evm.wallets.slice(1, 6)) await token.transfer({ to: w.account.address, amount: 1_000n * CAL });
    userMarket = new EvmMarketplaceClient({ ...base, walletClient: evm.wallets[1]! });
    providerMarket = new EvmMarketplaceClient({ ...base, walletClient: evm.wallets[2]! });
  });

  const now = async () => (await evm.publicClient.getBlock()).timestamp;
  const task = async () => ({
    specHash: 7n,
    reward: 10n * CAL,
    collateral: 0n,
    deadline: (await now()) + 3600n,
    verifierId: 0,
    minReputationBps: 0,
  });
  const nonce = (address: Address) => evm.publicClient.getTransactionCount({ address, blockTag: "pending" });

  /** Sends each call of a prepared transaction as a plain transaction from `wallet`, in order, as a signer outside the SDK would. */
  async function sendPlain(walletIndex: number, prepared: EvmPreparedTransaction): Promise<void> {
    const wallet = evm.wallets[walletIndex]!;
    for (const call of evmPreparedCalls(prepared)) {
      const hash = await wallet.sendTransaction({
        to: call.to,
        data: call.data,
        value: call.value,
        account: wallet.account,
        chain: wallet.chain,
      });
      expect((await evm.publicClient.waitForTransactionReceipt({ hash })).status).to.equal("success");
    }
  }

  it("prepareCancelTask returns a call that, sent by a plain wallet, cancels the task", async () => {
    const { taskId } = await userMarket.createTask(await task());
    const prepared = await userMarket.prepareCancelTask({ taskId });
    expect(prepared).to.deep.equal({
      to: evm.deployment.contracts.Marketplace,
      value: 0n,
      data: encodeFunctionData({ abi: marketplaceAbi, functionName: "cancelTask", args: [taskId] }),
    });
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Open);
    await sendPlain(1, prepared);
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Cancelled);
  });

  it("prepareStake puts the approval first when the sender's allowance is short, and the two plain transactions stake", async () => {
    const providerStaking = new EvmStakingClient({ ...base, walletClient: evm.wallets[3]! });
    const provider = evm.wallets[3]!.account.address;
    await providerStaking.register({ metadataHash: keccak256(toHex("gpu:1")) });
    const prepared = await providerStaking.prepareStake({ amount: 300n * CAL });
    const [approve, stake] = evmPreparedCalls(prepared);
    expect(approve!.to).to.equal(evm.deployment.contracts.CalToken);
    expect(decodeFunctionData({ abi: calTokenAbi, data: approve!.data })).to.deep.include({
      functionName: "approve",
      args: [evm.deployment.contracts.Staking, 300n * CAL],
    });
    expect(stake!.to).to.equal(evm.deployment.contracts.Staking);
    await sendPlain(3, prepared);
    expect((await providerStaking.getProvider({ provider })).staked).to.equal(300n * CAL);
    // the approval was for the amount only: the next stake needs its own
    const again = await providerStaking.prepareStake({ amount: 1n, account: provider });
    expect(decodeFunctionData({ abi: calTokenAbi, data: again.approval!.data }).args).to.deep.equal([evm.deployment.contracts.Staking, 1n]);
  });

  it("prepareCreateTask checks the allowance of the given sender (a multisig), not the wallet's", async () => {
    const multisig = evm.wallets[4]!.account.address;
    await new EvmTokenClient({ ...base, walletClient: evm.wallets[1]! }).approve({
      spender: evm.deployment.contracts.Marketplace,
      amount: 100n * CAL,
    });
    const t = await task();
    expect((await userMarket.prepareCreateTask(t)).approval).to.equal(undefined);
    const forMultisig = await userMarket.prepareCreateTask({ ...t, account: multisig });
    expect(forMultisig.approval?.to).to.equal(evm.deployment.contracts.CalToken);
    const before = await userMarket.taskCount();
    await sendPlain(4, forMultisig);
    expect(await userMarket.taskCount()).to.equal(before + 1n);
    expect((await userMarket.getTask({ taskId: before + 1n })).status).to.equal(TaskStatus.Open);
  });

  it("simulates a good action: gas and return value, and nothing is sent or changed", async () => {
    const { taskId } = await userMarket.createTask(await task());
    const count = await userMarket.taskCount();
    const userNonce = await nonce(user);
    const cancel = await userMarket.simulateCancelTask({ taskId });
    expect(cancel.cost! > 0n).to.equal(true);
    const created = await userMarket.simulateCreateTask(await task());
    expect(created.cost! > 0n).to.equal(true);
    expect(created.result).to.equal(count + 1n);
    const sent = await token.simulateTransfer({ to: user, amount: CAL });
    expect(sent).to.include({ result: true });
    expect(sent.cost! > 0n).to.equal(true);
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Open);
    expect(await userMarket.taskCount()).to.equal(count);
    expect(await nonce(user)).to.equal(userNonce);
  });

  it("simulates past a pending approval without approving: stake with no allowance passes, unregistered it fails as stake does", async () => {
    const staking = new EvmStakingClient({ ...base, walletClient: evm.wallets[5]! });
    const who = evm.wallets[5]!.account.address;
    const allowance = () =>
      evm.publicClient.readContract({
        address: evm.deployment.contracts.CalToken,
        abi: calTokenAbi,
        functionName: "allowance",
        args: [who, evm.deployment.contracts.Staking],
      });
    const n = await nonce(who);
    const simulated = await rejection(staking.simulateStake({ amount: 200n * CAL }));
    const sent = await rejection(staking.stake({ amount: 200n * CAL }));
    expect([simulated.name, sent.name]).to.deep.equal(["StakingNotRegistered", "StakingNotRegistered"]);
    expect(await nonce(who)).to.equal(n); // stake refused before its approval was sent
    await staking.register({ metadataHash: keccak256(toHex("cpu:8")) });
    expect((await staking.prepareStake({ amount: 200n * CAL })).approval).to.not.equal(undefined);
    await staking.simulateStake({ amount: 200n * CAL });
    expect(await allowance()).to.equal(0n);
    expect((await staking.getProvider({ provider: who })).staked).to.equal(0n);
  });

  it("simulating a failing action throws the same CalctraError as sending it", async () => {
    const { taskId } = await userMarket.createTask(await task());
    const staking = new EvmStakingClient({ ...base, walletClient: evm.wallets[1]! });
    const gov = new EvmGovernanceClient({ ...base, walletClient: evm.wallets[1]! });
    const cases: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
      ["cancelTask by another account", () => providerMarket.simulateCancelTask({ taskId }), () => providerMarket.cancelTask({ taskId })],
      ["finalize of an Open task", () => userMarket.simulateFinalize({ taskId }), () => userMarket.finalize({ taskId })],
      [
        "resolve by a non-arbiter",
        () => userMarket.simulateResolve({ taskId, providerAtFault: true }),
        () => userMarket.resolve({ taskId, providerAtFault: true }),
      ],
      [
        "createTask with a zero reward",
        async () => userMarket.simulateCreateTask({ ...(await task()), reward: 0n }),
        async () => userMarket.createTask({ ...(await task()), reward: 0n }),
      ],
      ["withdraw with nothing unbonding", () => staking.simulateWithdraw(), () => staking.withdraw()],
      [
        "castVote on an unknown proposal",
        () => gov.simulateCastVote({ proposalId: 42n, support: 1 }),
        () => gov.castVote({ proposalId: 42n, support: 1 }),
      ],
    ];
    const n = await nonce(user);
    for (const [what, simulate, send] of cases) {
      const simulated = await rejection(simulate());
      const sent = await rejection(send());
      expect(`${what}: ${simulated.name}/${simulated.chain}`).to.equal(`${what}: ${sent.name}/${sent.chain}`);
      expect(simulated.args).to.deep.equal(sent.args);
    }
    expect(await nonce(user)).to.equal(n);
    expect((await userMarket.getTask({ taskId })).status).to.equal(TaskStatus.Open);
  });

  it("governance: a proposal prepared for a plain wallet is created, and its vote simulates with the voter's weight", async () => {
    const deployer = evm.wallets[0]!;
    const gov = new EvmGovernanceClient({ ...base, walletClient: deployer });
    await token.delegate({ delegatee: deployer.account.address });
    await evm.mine();
    const actions = {
      targets: [evm.deployment.contracts.Marketplace],
      values: [0n],
      description: "Two-hour challenge window",
      calldatas: [encodeFunctionData({ abi: marketplaceAbi, functionName: "setParameter", args: [3, 7200n] })],
    };
    const { result: proposalId } = await gov.simulatePropose(actions);
    await sendPlain(0, await gov.preparePropose(actions));
    expect((await gov.getProposal({ proposalId: proposalId! })).state).to.equal(ProposalState.Pending);
    const early = await rejection(gov.simulateCastVote({ proposalId: proposalId!, support: 1 }));
    expect(early.name).to.equal("GovernorUnexpectedProposalState");
    const { voteStart } = await gov.getProposal({ proposalId: proposalId! });
    await evm.increaseTime(voteStart - (await now()) + 1n);
    const vote = await gov.simulateCastVote({ proposalId: proposalId!, support: 1 });
    expect(vote.result! > 0n).to.equal(true);
    expect((await gov.getProposal({ proposalId: proposalId! })).forVotes).to.equal(0n);
  });
});
