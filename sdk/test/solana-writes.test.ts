import { expect } from "chai";
import { readFileSync } from "node:fs";
import { AnchorProvider, type Wallet } from "@coral-xyz/anchor";
import { Transaction, sendAndConfirmTransaction, type Keypair, type PublicKey } from "@solana/web3.js";
import { TOKEN_PROGRAM_ID, getAccount } from "@solana/spl-token";
import { secp256k1 } from "@noble/curves/secp256k1";
import { CAL, DOMAINS, TaskStatus, universalFromEvm, universalFromSolana, type CreateTaskParameters } from "@calctra/core";
import { startLocalSolana, type LocalSolana, type LocalSolanaWallet } from "@calctra/devnet/solana";
import { expectCalctra } from "@calctra/devnet/testing";
import {
  SolanaBridgeClient,
  SolanaGovernanceClient,
  SolanaMarketplaceClient,
  SolanaStakingClient,
  SolanaTokenClient,
  receiveSolanaBridgeMessage,
  solanaBridgeDigest,
  solanaPdas,
  solanaProgramIds,
  type SolanaPreparedTransaction,
} from "../src/solana/index.js";

const homeUser = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const devValidators = (
  JSON.parse(readFileSync(new URL("../../test/vectors/bridge.json", import.meta.url), "utf8")) as {
    validators: { privateKey: `0x${string}` }[];
  }
).validators;

describe("Solana writes in their three forms (prepare, simulate, send) through the native host", function () {
  this.timeout(300_000);
  let sol: LocalSolana;
  let user: LocalSolanaWallet, other: LocalSolanaWallet;

  before(async () => {
    sol = await startLocalSolana();
    [user, other] = await Promise.all([sol.newWallet({ cal: 1_000n * CAL }), sol.newWallet({ cal: 100n * CAL })]);
  });
  after(() => sol?.close());

  const task = async (reward: bigint): Promise<CreateTaskParameters> => ({
    specHash: 5n,
    reward,
    collateral: CAL,
    deadline: (await sol.now()) + 3_600n,
    verifierId: 0,
    minReputationBps: 0,
  });
  const balance = (w: LocalSolanaWallet) => new SolanaTokenClient(w.params).balanceOf({ owner: w.address });
  /** Signs prepared instructions in a plain web3.js transaction and sends it, as an external signer would. */
  const sendPlain = (prepared: SolanaPreparedTransaction, signer: Keypair) =>
    sendAndConfirmTransaction(
      sol.connection,
      new Transaction({ feePayer: prepared.feePayer }).add(...prepared.instructions),
      [signer, ...prepared.extraSigners],
      { commitment: "confirmed" },
    );
  /** Client parameters over a wallet that only lends its public key (as a Squads vault does): it never signs. */
  const keyOnly = (key: PublicKey) => {
    const refuse = () => Promise.reject(new Error("the SDK asked a key-only wallet to sign"));
    const wallet = { publicKey: key, signTransaction: refuse, signAllTransactions: refuse } as unknown as Wallet;
    return { provider: new AnchorProvider(sol.connection, wallet, { commitment: "confirmed" }), deployment: sol.deployment };
  };

  it("prepares cancelTask without signing: the instructions, signed by the wallet in a plain web3.js transaction, cancel the task", async () => {
    const market = new SolanaMarketplaceClient(user.params);
    const { taskId } = await market.createTask(await task(7n * CAL));
    const before = await balance(user);
    const prepared = await new SolanaMarketplaceClient(keyOnly(user.publicKey)).prepareCancelTask({ taskId });
    expect(prepared.feePayer.toBase58()).to.equal(user.address);
    expect(prepared.signers.map((k) => k.toBase58())).to.deep.equal([user.address]);
    expect(prepared.extraSigners).to.deep.equal([]);
    expect(prepared.instructions.at(-1)?.programId.toBase58()).to.equal(solanaProgramIds().marketplace.toBase58());
    expect((await market.getTask({ taskId })).status, "preparing sends nothing").to.equal(TaskStatus.Open);
    await sendPlain(prepared, user.keypair);
    expect((await market.getTask({ taskId })).status).to.equal(TaskStatus.Cancelled);
    expect(await balance(user)).to.equal(before + 7n * CAL);
  });

  it("prepares createTask, a CAL transfer, a governance deposit and a bridge transfer that plain transactions carry out as sent ones would", async () => {
    const view = keyOnly(user.publicKey);
    const market = new SolanaMarketplaceClient(user.params);
    const parameters = await task(3n * CAL);
    const { result } = await market.simulateCreateTask(parameters);
    await sendPlain(await new SolanaMarketplaceClient(view).prepareCreateTask(parameters), user.keypair);
    const created = await market.getTask({ taskId: result!.taskId });
    expect(created.user).to.equal(universalFromSolana(user.address));
    expect(created.reward).to.equal(3n * CAL);

    const otherBefore = await balance(other);
    await sendPlain(await new SolanaTokenClient(view).prepareTransfer({ to: other.address, amount: 2n * CAL }), user.keypair);
    expect(await balance(other)).to.equal(otherBefore + 2n * CAL);

    await sendPlain(await new SolanaGovernanceClient(view).prepareDeposit({ amount: 10n * CAL }), user.keypair);
    expect((await new SolanaGovernanceClient(user.params).getVoter({ voter: user.address })).amount).to.equal(10n * CAL);

    const bridge = new SolanaBridgeClient(user.params);
    const transfer = { dstDomain: DOMAINS.localEvmHome, recipient: homeUser, amount: 4n * CAL };
    const expected = (await bridge.simulateTransfer(transfer)).result!;
    await sendPlain(await new SolanaBridgeClient(view).prepareTransfer(transfer), user.keypair);
    const found = await bridge.findMessage({ messageId: expected.messageId });
    expect(found?.message).to.deep.equal(expected.message);
    expect(expected.message.recipient).to.equal(universalFromEvm(homeUser));
  });

  it("simulates a refused action with the CalctraError the send throws, and changes nothing", async () => {
    const market = new SolanaMarketplaceClient(user.params);
    const { taskId } = await market.createTask(await task(5n * CAL));
    const intruder = new SolanaMarketplaceClient(other.params);
    const otherBalance = await balance(other);
    await expectCalctra(intruder.simulateCancelTask({ taskId }), "MarketplaceNotTaskUser", "solana");
    expect((await market.getTask({ taskId })).status).to.equal(TaskStatus.Open);
    await expectCalctra(intruder.cancelTask({ taskId }), "MarketplaceNotTaskUser", "solana");
    // Anchor's AccountNotInitialized on the provider record reads as StakingNotRegistered in both forms
    const staking = new SolanaStakingClient(other.params);
    await expectCalctra(staking.simulateStake({ amount: CAL }), "StakingNotRegistered", "solana");
    await expectCalctra(staking.stake({ amount: CAL }), "StakingNotRegistered", "solana");
    const voter = await sol.newWallet({ cal: 10n * CAL });
    const gov = new SolanaGovernanceClient(voter.params);
    await gov.deposit({ amount: 10n * CAL });
    await expectCalctra(gov.simulateCastVote({ proposalId: 999n, support: 1 }), "GovernorNonexistentProposal", "solana");
    await expectCalctra(gov.castVote({ proposalId: 999n, support: 1 }), "GovernorNonexistentProposal", "solana");
    // refused before reaching the chain: the same validation in every form
    await expectCalctra(market.simulateCreateTask({ ...(await task(5n * CAL)), reward: 0n }), "MarketplaceZeroReward", "sdk");
    await expectCalctra(market.prepareCreateTask({ ...(await task(5n * CAL)), reward: 0n }), "MarketplaceZeroReward", "sdk");
    expect(await balance(other)).to.equal(otherBalance);
    expect((await staking.getProvider({ provider: other.address })).registered).to.equal(false);
    expect((await market.getTask({ taskId })).status).to.equal(TaskStatus.Open);
  });

  it("simulates a good action: compute units above zero, what it would return, and nothing changes", async () => {
    const market = new SolanaMarketplaceClient(user.params);
    const count = await market.taskCount();
    const userBalance = await balance(user);
    const created = await market.simulateCreateTask(await task(9n * CAL));
    expect(created.cost! > 0n).to.equal(true);
    expect(created.result).to.deep.equal({ taskId: count + 1n });
    expect(await market.taskCount()).to.equal(count);

    const otherBalance = await balance(other);
    expect((await new SolanaTokenClient(user.params).simulateTransfer({ to: other.address, amount: 9n * CAL })).cost! > 0n).to.equal(true);
    const staking = new SolanaStakingClient(other.params);
    expect((await staking.simulateRegister({ metadataHash: `0x${"ab".repeat(32)}` })).cost! > 0n).to.equal(true);
    expect((await staking.getProvider({ provider: other.address })).registered).to.equal(false);
    const gov = new SolanaGovernanceClient(other.params);
    expect((await gov.simulateDeposit({ amount: 9n * CAL })).cost! > 0n).to.equal(true);
    expect((await gov.getVoter({ voter: other.address })).amount).to.equal(0n);
    expect(await balance(user)).to.equal(userBalance);
    expect(await balance(other)).to.equal(otherBalance);

    const bridge = new SolanaBridgeClient(user.params);
    const transfer = { dstDomain: DOMAINS.localEvmHome, recipient: homeUser, amount: 6n * CAL };
    const simulated = await bridge.simulateTransfer(transfer);
    expect(simulated.cost! > 0n).to.equal(true);
    expect(await balance(user)).to.equal(userBalance);
    const sent = await bridge.transfer(transfer);
    expect({ nonce: sent.nonce, message: sent.message, messageId: sent.messageId }).to.deep.equal(simulated.result);
  });

  it("finds every account the programs created at the address the generated seeds derive", async () => {
    const pdas = solanaPdas();
    const ids = solanaProgramIds();
    const owner = async (key: PublicKey) => (await sol.connection.getAccountInfo(key, "confirmed"))?.owner.toBase58();
    const fixed: [PublicKey, PublicKey][] = [
      [pdas.calConfig, ids.calToken],
      [pdas.calMint, TOKEN_PROGRAM_ID],
      [pdas.bridgeConfig, ids.bridge],
      [pdas.governance, ids.governance],
      [pdas.govVault, TOKEN_PROGRAM_ID],
      [pdas.stakingConfig, ids.staking],
      [pdas.stakeVault, TOKEN_PROGRAM_ID],
      [pdas.marketplaceConfig, ids.marketplace],
      [pdas.escrow, TOKEN_PROGRAM_ID],
      [pdas.remoteDomain(DOMAINS.localEvmHome), ids.bridge],
    ];
    for (const [key, program] of fixed) expect(await owner(key), key.toBase58()).to.equal(program.toBase58());
    // the signer PDAs hold no account: they are the authorities of the escrow, the stake vault and the CAL mint
    expect((await getAccount(sol.connection, pdas.escrow)).owner.toBase58()).to.equal(pdas.marketplaceAuthority.toBase58());
    expect((await getAccount(sol.connection, pdas.stakeVault)).owner.toBase58()).to.equal(pdas.stakingConfig.toBase58());

    const w = await sol.newWallet({ cal: 500n * CAL });
    const { taskId } = await new SolanaMarketplaceClient(w.params).createTask(await task(CAL));
    expect(await owner(pdas.task(taskId))).to.equal(ids.marketplace.toBase58());
    await new SolanaStakingClient(w.params).register({ metadataHash: `0x${"cd".repeat(32)}` });
    expect(await owner(pdas.provider(w.publicKey))).to.equal(ids.staking.toBase58());
    const gov = new SolanaGovernanceClient(w.params);
    await gov.deposit({ amount: 200n * CAL });
    expect(await owner(pdas.voter(w.publicKey))).to.equal(ids.governance.toBase58());
    const proposalId = 77n;
    const now = await sol.now();
    await sol.openProposal({ proposalId, snapshot: now, voteEnd: now + 3_600n });
    expect(await owner(pdas.proposal(proposalId))).to.equal(ids.governance.toBase58());
    await sol.advanceTime(1n);
    await gov.castVote({ proposalId, support: 1 });
    expect(await owner(pdas.voteRecord(proposalId, w.publicKey))).to.equal(ids.governance.toBase58());
    const { nonce } = await new SolanaBridgeClient(w.params).transfer({
      dstDomain: DOMAINS.localEvmHome,
      recipient: homeUser,
      amount: CAL,
    });
    expect(await owner(pdas.outbound(nonce))).to.equal(ids.bridge.toBase58());
    const message = {
      version: 1,
      srcDomain: DOMAINS.localEvmHome,
      dstDomain: DOMAINS.solana,
      nonce: 77_777n,
      sender: universalFromEvm(homeUser),
      recipient: universalFromSolana(w.address),
      amount: CAL,
    };
    const digest = solanaBridgeDigest(message);
    const signatures = devValidators.slice(0, 2).map((v) => {
      const sig = secp256k1.sign(digest, v.privateKey.slice(2), { lowS: true });
      return Uint8Array.from([...sig.toCompactRawBytes(), 27 + sig.recovery]);
    });
    const { cost } = await receiveSolanaBridgeMessage({ provider: w.provider, message, signatures });
    expect(cost === undefined || cost > 0n).to.equal(true);
    expect(await owner(pdas.delivered(message.srcDomain, message.nonce))).to.equal(ids.bridge.toBase58());
    await sol.registerVerifier({ verifierId: 3n });
    expect(await owner(pdas.verifier(3n))).to.equal(ids.marketplace.toBase58());
  });
});
