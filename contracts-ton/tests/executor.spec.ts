import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Blockchain, type BlockchainSnapshot, internal, type SandboxContract } from "@ton/sandbox";
import { beginCell, type Cell, toNano } from "@ton/core";
import "@ton/test-utils";
import { encodeGovernanceMessage, type GovernanceAction, type GovernanceMessage, type UniversalAddress } from "@calctra/core";
import { encodeVerifyingKeyTon, type SnarkjsVerificationKey } from "@calctra/core/zk";
import { err, op } from "../wrappers/abi";
import { CONTRACTS_DIR } from "../wrappers/compile";
import { Bridge, TON_DOMAIN, tonUniversal } from "../wrappers/Bridge";
import { snakeBytes } from "../wrappers/ByteSnake";
import { ActionsStatus, execDepositPayload, Executor } from "../wrappers/Executor";
import { keccak_256 } from "@noble/hashes/sha3";
import { evmAddressOf, hex, RETENTION, toUniversal } from "../scripts/bridgeSandbox";
import { bridgeEntry } from "../scripts/deployment-file";
import { deployExecutorEnv, type ExecutorEnv, HUB } from "../scripts/executorSandbox";
import { CAL, type Actor, deployCalctraWithBridge } from "../scripts/sandbox";
import { Marketplace, ROLE } from "../wrappers/Marketplace";
import { transferWithPayload } from "./fixtures";

const DELAY = 3600;

describe("TON spoke governance: vault + executor of the hub's decisions", () => {
  let blockchain: Blockchain;
  let env: ExecutorEnv;
  let exec: SandboxContract<Executor>;
  let base: BlockchainSnapshot;
  let relayer: Actor;
  let alice: Actor;
  let bob: Actor;
  let guardian: Actor;

  before(async () => {
    blockchain = await Blockchain.create();
    blockchain.now = 1_800_000_000;
    env = await deployExecutorEnv(blockchain, DELAY);
    exec = env.exec;
    relayer = env.relayer;
    alice = await blockchain.treasury("alice");
    bob = await blockchain.treasury("bob");
    guardian = await blockchain.treasury("guardian");
    for (const who of [alice, bob]) {
      const m = env.inbound(who.address, 1_000n * CAL); // the bridge is the CAL minter's admin
      await env.deliver(m, env.sign(m), relayer);
    }
    base = blockchain.snapshot();
  });
  beforeEach(async () => {
    await blockchain.loadFrom(base);
  });

  const fromHub = (payload: GovernanceMessage["payload"], sender: UniversalAddress = HUB) => env.fromHub(payload, sender);
  const call = (from: Actor, body: Cell, value: bigint) =>
    blockchain.sendMessage(internal({ from: from.address, to: exec.address, value, body }));
  const deposit = (who: Actor, amount: bigint) => transferWithPayload(env, who, exec.address, amount, execDepositPayload(), toNano("0.1"));
  const actions = (sequence: bigint, list: GovernanceAction[]) =>
    fromHub({ kind: "GovernanceActions", sequence, proposalId: 7n, actions: list });

  it("the bridge and the executor are wired: governance messages, bridge admin, marketplace and staking admin", async () => {
    expect((await env.bridge.getBridgeData()).admin.equals(exec.address)).to.equal(true);
    expect((await env.bridge.getGovernance())?.equals(exec.address)).to.equal(true);
    expect((await env.marketplace.getRoles()).admin.equals(exec.address)).to.equal(true);
    expect((await exec.getData()).nextSequence).to.equal(1n);
  });

  it("ProposalOpened only from the hub domain and address (GovernanceNotHub: the forward bounces and is filed at the bridge)", async () => {
    const other = "0x0000000000000000000000001111111111111111111111111111111111111111" as UniversalAddress;
    const r = await fromHub({ kind: "ProposalOpened", proposalId: 7n, snapshot: 1_800_000_100n, voteEnd: 1_800_086_400n }, other);
    expect(r.transactions).to.have.transaction({ from: env.bridge.address, to: exec.address, exitCode: err("GovernanceNotHub") });
    expect(await exec.getProposal(7n)).to.equal(null);
    const fwd = r.transactions.find((t) => t.inMessage?.info.type === "internal" && t.inMessage.info.dest.equals(exec.address))!;
    const qid = fwd.inMessage!.body.beginParse().skip(32).loadUintBig(64);
    expect(await env.bridge.getFailedForward(qid)).to.not.equal(null);
    const ok = await fromHub({ kind: "ProposalOpened", proposalId: 7n, snapshot: 1_800_000_100n, voteEnd: 1_800_086_400n });
    expect(ok.transactions).to.have.transaction({ from: env.bridge.address, to: exec.address, success: true });
    expect(await exec.getProposal(7n)).to.deep.include({ snapshot: 1_800_000_100n, voteEnd: 1_800_086_400n, forVotes: 0n });
  });

  it("a vote weighs the balance held at the snapshot, never more; one vote per voter; the tally goes to the hub", async () => {
    const dep = await deposit(alice, 100n * CAL); // at t0, before the snapshot
    expect(dep.transactions).to.have.transaction({ to: exec.address, success: true });
    const snapshot = blockchain.now! + 100;
    await fromHub({ kind: "ProposalOpened", proposalId: 7n, snapshot: BigInt(snapshot), voteEnd: BigInt(snapshot + 86400) });
    const early = await call(alice, Executor.body("ExecCastVote").storeUint(7n, 256).storeUint(1, 8).endCell(), toNano("0.05"));
    expect(early.transactions).to.have.transaction({ to: exec.address, exitCode: err("GovernanceVotingClosed") });
    blockchain.now = snapshot + 10;
    await deposit(alice, 50n * CAL); // after the snapshot: not counted
    await deposit(bob, 70n * CAL); // after the snapshot: no weight
    expect(await exec.getVotingPower(alice.address, snapshot)).to.deep.equal({ balance: 150n * CAL, weight: 100n * CAL });
    const vb = await call(bob, Executor.body("ExecCastVote").storeUint(7n, 256).storeUint(1, 8).endCell(), toNano("0.05"));
    expect(vb.transactions).to.have.transaction({ to: exec.address, exitCode: err("GovernanceNoVotingPower") });
    const va = await call(alice, Executor.body("ExecCastVote").storeUint(7n, 256).storeUint(1, 8).endCell(), toNano("0.05"));
    expect(va.transactions).to.have.transaction({ to: exec.address, success: true });
    expect((await exec.getProposal(7n))!.forVotes).to.equal(100n * CAL);
    const again = await call(alice, Executor.body("ExecCastVote").storeUint(7n, 256).storeUint(0, 8).endCell(), toNano("0.05"));
    expect(again.transactions).to.have.transaction({ to: exec.address, exitCode: err("GovernorAlreadyCastVote") });
    const none = await call(alice, Executor.body("ExecCastVote").storeUint(8n, 256).storeUint(0, 8).endCell(), toNano("0.05"));
    expect(none.transactions).to.have.transaction({ to: exec.address, exitCode: err("GovernorNonexistentProposal") });

    // anyone sends the cumulative tally: a VoteTally version-2 message from the executor to the hub
    const t = await call(bob, Executor.body("ExecSendTally").storeUint(7n, 256).endCell(), toNano("0.2"));
    expect(t.transactions).to.have.transaction({
      from: exec.address,
      to: env.bridge.address,
      op: op("SendGovernanceMessage"),
      success: true,
    });
    const n = (await env.bridge.getBridgeData()).outboundNonce;
    const stored = await env.bridge.getOutboundCell(n);
    const expected = encodeGovernanceMessage({
      version: 2,
      srcDomain: TON_DOMAIN,
      dstDomain: env.vectors.domains.localEvmHome!,
      nonce: n,
      sender: toUniversal(tonUniversal(exec.address)),
      recipient: HUB,
      payload: { kind: "VoteTally", proposalId: 7n, againstVotes: 0n, forVotes: 100n * CAL, abstainVotes: 0n },
    });
    expect(hex(snakeBytes(stored!))).to.equal(hex(expected));

    blockchain.now = snapshot + 86400 + 1;
    const late = await call(bob, Executor.body("ExecCastVote").storeUint(7n, 256).storeUint(0, 8).endCell(), toNano("0.05"));
    expect(late.transactions).to.have.transaction({ to: exec.address, exitCode: err("GovernanceVotingClosed") });
    // withdrawal returns the CAL
    await exec.sendWithdraw(alice.getSender(), 150n * CAL);
    expect(await env.balanceOf(alice.address)).to.equal(1_000n * CAL);
  });

  it("sends a tally only when it changed since the last send; a tally the bridge refused can be sent again, and its bounce leaves the lists alone", async () => {
    await deposit(alice, 100n * CAL);
    const snapshot = blockchain.now! + 10;
    await fromHub({ kind: "ProposalOpened", proposalId: 9n, snapshot: BigInt(snapshot), voteEnd: BigInt(snapshot + 86_400) });
    blockchain.now = snapshot + 1;
    const tally = () => call(bob, Executor.body("ExecSendTally").storeUint(9n, 256).endCell(), toNano("0.2"));
    expect((await tally()).transactions).to.have.transaction({ to: exec.address, exitCode: err("GovernanceTallyUnchanged") });
    await call(alice, Executor.body("ExecCastVote").storeUint(9n, 256).storeUint(1, 8).endCell(), toNano("0.05"));
    const home = env.vectors.domains.localEvmHome!;
    const hubDomain = (enabled: boolean): GovernanceAction => ({
      kind: "setRemoteDomain",
      domain: home,
      enabled,
      bridge: HUB,
      inboundCapacity: 1_000_000n * CAL,
      inboundRatePerSecond: 1_000n * CAL,
      outboundCapacity: 1_000_000n * CAL,
      outboundRatePerSecond: 1_000n * CAL,
    });
    await actions(1n, [hubDomain(false)]);
    await actions(2n, [hubDomain(true)]);
    blockchain.now = blockchain.now! + DELAY;
    await call(relayer, Executor.body("ExecExecute").storeUint(1n, 64).endCell(), toNano("0.5"));
    // the bridge refuses the tally (the hub's domain is disabled); the bounce restores what was sent, list 2 stays pending
    const refused = await tally();
    expect(refused.transactions).to.have.transaction({ from: exec.address, to: env.bridge.address, exitCode: err("BridgeUnknownDomain") });
    expect(await exec.getActions(2n)).to.deep.include({ status: ActionsStatus.Pending });
    await call(relayer, Executor.body("ExecExecute").storeUint(2n, 64).endCell(), toNano("0.5"));
    expect((await tally()).transactions).to.have.transaction({
      from: exec.address,
      to: env.bridge.address,
      op: op("SendGovernanceMessage"),
      success: true,
    });
    expect((await tally()).transactions).to.have.transaction({ to: exec.address, exitCode: err("GovernanceTallyUnchanged") });
  });

  it("a paused bridge still carries governance both ways: the hub's messages in, the spoke's tally out", async () => {
    await deposit(alice, 100n * CAL);
    await env.bridge.sendRaw(env.pauser.getSender(), Bridge.simpleBody("BridgePause"));
    expect((await env.bridge.getBridgeData()).paused).to.equal(true);
    const snapshot = blockchain.now! + 10;
    const opened = await fromHub({
      kind: "ProposalOpened",
      proposalId: 11n,
      snapshot: BigInt(snapshot),
      voteEnd: BigInt(snapshot + 86_400),
    });
    expect(opened.transactions).to.have.transaction({ from: env.bridge.address, to: exec.address, success: true });
    blockchain.now = snapshot + 1;
    await call(alice, Executor.body("ExecCastVote").storeUint(11n, 256).storeUint(1, 8).endCell(), toNano("0.05"));
    const t = await call(bob, Executor.body("ExecSendTally").storeUint(11n, 256).endCell(), toNano("0.2"));
    expect(t.transactions).to.have.transaction({
      from: exec.address,
      to: env.bridge.address,
      op: op("SendGovernanceMessage"),
      success: true,
    });
    // the hub unpauses it through an action list, delivered while paused
    await actions(1n, [{ kind: "unpause", target: "bridge" }]);
    blockchain.now = blockchain.now! + DELAY;
    await call(relayer, Executor.body("ExecExecute").storeUint(1n, 64).endCell(), toNano("0.5"));
    expect((await env.bridge.getBridgeData()).paused).to.equal(false);
  });

  it("executes GovernanceActions after the delay, strictly in order; a bounce records Failed and the sequence advances; the guardian vetoes", async () => {
    await actions(1n, [
      { kind: "setParameter", paramId: 3, value: 7200n },
      { kind: "setParameter", paramId: 7, value: 3600n }, // revealPeriod: owned by the marketplace
      { kind: "pause", target: "marketplace" },
      { kind: "setRole", role: "guardian", account: toUniversal(tonUniversal(guardian.address)) },
    ]);
    await actions(2n, [{ kind: "setParameter", paramId: 4, value: 10_001n }]); // refused by the marketplace
    await actions(3n, [{ kind: "unpause", target: "marketplace" }]);
    expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Pending, eta: blockchain.now! + DELAY });

    const txs = async (body: ReturnType<typeof Executor.body>, from: Actor = relayer, value = toNano("0.5")) =>
      (await call(from, body.endCell(), value)).transactions;
    expect(await txs(Executor.body("ExecExecute").storeUint(2n, 64))).to.have.transaction({
      to: exec.address,
      exitCode: err("GovernanceOutOfOrder"),
    });
    expect(await txs(Executor.body("ExecExecute").storeUint(1n, 64))).to.have.transaction({
      to: exec.address,
      exitCode: err("GovernanceExecutionDelayActive"),
    });
    blockchain.now = blockchain.now! + DELAY;
    expect(await txs(Executor.body("ExecExecute").storeUint(1n, 64))).to.have.transaction({
      from: exec.address,
      to: env.marketplace.address,
      success: true,
    });
    expect((await env.marketplace.getData()).challengePeriod).to.equal(7200);
    expect((await env.marketplace.getData()).revealPeriod).to.equal(3600);
    expect((await env.marketplace.getData()).paused).to.equal(true);
    expect((await exec.getData()).guardian?.equals(guardian.address)).to.equal(true);
    expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Executed });

    // sequence 2 bounces at the marketplace: Failed, the sequence has advanced
    const r2 = await txs(Executor.body("ExecExecute").storeUint(2n, 64));
    expect(r2).to.have.transaction({ from: exec.address, to: env.marketplace.address, exitCode: err("MarketplaceParameterOutOfBounds") });
    expect(await exec.getActions(2n)).to.deep.include({ status: ActionsStatus.Failed });
    expect((await exec.getData()).nextSequence).to.equal(3n);
    const retry = await txs(Executor.body("ExecRetry").storeUint(2n, 64));
    expect(retry).to.have.transaction({
      from: exec.address,
      to: env.marketplace.address,
      exitCode: err("MarketplaceParameterOutOfBounds"),
    });
    expect(await exec.getActions(2n)).to.deep.include({ status: ActionsStatus.Failed });

    // list 3's delay is over: the guardian can no longer veto it
    expect(await txs(Executor.body("ExecVeto").storeUint(3n, 64), guardian, toNano("0.05"))).to.have.transaction({
      to: exec.address,
      exitCode: err("GovernanceActionsNotPending"),
    });
    // list 4 arrives; the guardian vetoes it during its delay (only the guardian), out of its turn
    await actions(4n, [{ kind: "pause", target: "marketplace" }]);
    expect(await txs(Executor.body("ExecVeto").storeUint(4n, 64), relayer)).to.have.transaction({
      to: exec.address,
      exitCode: err("GovernanceNotGuardian"),
    });
    expect(await txs(Executor.body("ExecVeto").storeUint(4n, 64), guardian, toNano("0.05"))).to.have.transaction({
      to: exec.address,
      success: true,
    });
    await txs(Executor.body("ExecExecute").storeUint(3n, 64));
    expect((await env.marketplace.getData()).paused).to.equal(false);
    // executing 3 passed over the vetoed 4 (a vetoed list needs no call, as on EVM); processed lists are not pending
    expect(await exec.getActions(4n)).to.deep.include({ status: ActionsStatus.Vetoed });
    expect((await exec.getData()).nextSequence).to.equal(5n);
    for (const done of [3n, 4n])
      expect(await txs(Executor.body("ExecExecute").storeUint(done, 64))).to.have.transaction({
        to: exec.address,
        exitCode: err("GovernanceActionsNotPending"),
      });
    expect((await env.marketplace.getData()).paused).to.equal(false);
    // vetoing the list whose turn it is processes it at once
    await actions(5n, [{ kind: "pause", target: "marketplace" }]);
    await txs(Executor.body("ExecVeto").storeUint(5n, 64), guardian, toNano("0.05"));
    expect((await exec.getData()).nextSequence).to.equal(6n);
    expect(await txs(Executor.body("ExecVeto").storeUint(5n, 64), guardian, toNano("0.05"))).to.have.transaction({
      to: exec.address,
      exitCode: err("GovernanceActionsNotPending"),
    });
  });

  it("executes the bridge actions of the vectors' kinds: validator set, remote domain, executionDelay", async () => {
    const addrs = env.vectors.validators.map((v) => v.address.toLowerCase() as `0x${string}`).sort();
    await actions(1n, [
      { kind: "setValidatorSet", signers: addrs, threshold: 2, retention: 0 },
      {
        kind: "setRemoteDomain",
        domain: 31338,
        enabled: true,
        bridge: HUB,
        inboundCapacity: 10n * CAL,
        inboundRatePerSecond: CAL,
        outboundCapacity: 10n * CAL,
        outboundRatePerSecond: CAL,
      },
      { kind: "setParameter", paramId: 6, value: 7200n },
      { kind: "pause", target: "bridge" },
    ]);
    blockchain.now = blockchain.now! + DELAY;
    await exec.sendExecute(relayer.getSender(), 1n);
    expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Executed });
    expect((await env.bridge.getDomain(31338)).inboundCapacity).to.equal(10n * CAL);
    expect((await env.bridge.getBridgeData()).paused).to.equal(true);
    expect((await exec.getData()).executionDelay).to.equal(7200);
    expect((await env.bridge.getValidatorSets()).previousValidUntil).to.equal(blockchain.now!);
  });

  describe("setVerifier: a verifying key staged with the executor, installed on the marketplace by the hub's action", () => {
    const vkey = (
      JSON.parse(
        readFileSync(join(CONTRACTS_DIR, "..", "..", "test", "vectors", "proofs", "result_commitment.bls12381.json"), "utf-8"),
      ) as { vkey: SnarkjsVerificationKey }
    ).vkey;
    const vk = encodeVerifyingKeyTon({ vkey });
    const verifier = toUniversal(BigInt(`0x${vk.hash().toString("hex")}`));
    const stage = (from: Actor, key: Cell = vk, value = toNano("0.1")) =>
      call(from, Executor.body("ExecStageVerifier").storeRef(key).endCell(), value);
    const prune = (from: Actor, hash: bigint) =>
      call(from, Executor.body("ExecPruneVerifier").storeUint(hash, 256).endCell(), toNano("0.05"));
    const TTL = 30 * 86400;

    it("anyone stages a key: recorded by its representation hash until the TTL, the storage fee kept, the rest returned", async () => {
      const before = (await blockchain.getContract(exec.address)).balance;
      const r = await stage(alice);
      expect(r.transactions).to.have.transaction({ from: alice.address, to: exec.address, success: true });
      expect(r.transactions).to.have.transaction({ from: exec.address, to: alice.address, op: op("ReturnExcessesBack") });
      expect(await exec.getStagedVerifier(BigInt(verifier))).to.deep.equal({ expiresAt: blockchain.now! + TTL });
      const kept = (await blockchain.getContract(exec.address)).balance - before;
      expect(kept >= toNano("0.02") && kept < toNano("0.03"), `kept ${kept}`).to.equal(true);
      // staging it again renews the entry
      blockchain.now = blockchain.now! + 1000;
      await stage(bob);
      expect(await exec.getStagedVerifier(BigInt(verifier))).to.deep.equal({ expiresAt: blockchain.now! + TTL });
    });

    it("refusals: too little TON (NotEnoughTon), a key above 64 cells (GovernanceVerifierKeyTooLarge), prune of an unknown or live key", async () => {
      const poor = await stage(alice, vk, toNano("0.04"));
      expect(poor.transactions).to.have.transaction({ to: exec.address, exitCode: err("NotEnoughTon") });
      let big = beginCell().storeUint(0, 8).endCell();
      for (let i = 1; i <= 64; i++) big = beginCell().storeUint(i, 8).storeRef(big).endCell();
      const large = await stage(alice, big);
      expect(large.transactions).to.have.transaction({ to: exec.address, exitCode: err("GovernanceVerifierKeyTooLarge") });
      expect(await exec.getStagedVerifier(BigInt(`0x${big.hash().toString("hex")}`))).to.equal(null);
      const unknown = await prune(bob, BigInt(verifier));
      expect(unknown.transactions).to.have.transaction({ to: exec.address, exitCode: err("GovernanceVerifierNotStaged") });
      await stage(alice);
      const live = await prune(bob, BigInt(verifier));
      expect(live.transactions).to.have.transaction({ to: exec.address, exitCode: err("GovernanceVerifierStillStaged") });
      // once expired anyone prunes it: the dictionary does not only grow
      blockchain.now = blockchain.now! + TTL + 1;
      const pruned = await prune(bob, BigInt(verifier));
      expect(pruned.transactions).to.have.transaction({ to: exec.address, success: true });
      expect(await exec.getStagedVerifier(BigInt(verifier))).to.equal(null);
    });

    it("installs the staged key as verifier 1 (RegisterVerifier from the executor)", async () => {
      await stage(alice);
      await actions(1n, [{ kind: "setVerifier", verifierId: 1, verifier }]);
      blockchain.now = blockchain.now! + DELAY;
      const r = await exec.sendExecute(relayer.getSender(), 1n);
      expect(r.transactions).to.have.transaction({
        from: exec.address,
        to: env.marketplace.address,
        op: op("RegisterVerifier"),
        success: true,
      });
      expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Executed });
      expect((await env.marketplace.getVerifier(1))?.hash().toString("hex")).to.equal(vk.hash().toString("hex"));
    });

    it("a key that is not staged (or expired): the list is Failed and sends nothing; a retry after staging installs it", async () => {
      await actions(1n, [
        { kind: "setParameter", paramId: 3, value: 7200n },
        { kind: "setVerifier", verifierId: 2, verifier },
      ]);
      blockchain.now = blockchain.now! + DELAY;
      const r = await exec.sendExecute(relayer.getSender(), 1n);
      expect(r.transactions).to.not.have.transaction({ from: exec.address, to: env.marketplace.address });
      expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Failed });
      expect((await exec.getData()).nextSequence).to.equal(2n);
      expect(await env.marketplace.getVerifier(2)).to.equal(null);
      // an expired entry counts as missing
      await stage(alice);
      blockchain.now = blockchain.now! + TTL + 1;
      await exec.sendRetry(relayer.getSender(), 1n);
      expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Failed });
      expect(await env.marketplace.getVerifier(2)).to.equal(null);
      await stage(bob);
      await exec.sendRetry(relayer.getSender(), 1n);
      expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Executed });
      expect((await env.marketplace.getVerifier(2))?.hash().toString("hex")).to.equal(vk.hash().toString("hex"));
      expect((await env.marketplace.getData()).challengePeriod).to.equal(7200);
    });

    it("a RegisterVerifier the marketplace refuses (verifier id 0) bounces: the list is Failed", async () => {
      await stage(alice);
      await actions(1n, [{ kind: "setVerifier", verifierId: 0, verifier }]);
      blockchain.now = blockchain.now! + DELAY;
      const r = await exec.sendExecute(relayer.getSender(), 1n);
      expect(r.transactions).to.have.transaction({
        from: exec.address,
        to: env.marketplace.address,
        exitCode: err("MarketplaceUnknownVerifier"),
      });
      expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Failed });
    });
  });

  describe("production shape (deployCalctraWithBridge): the executor administers staking, the marketplace and the bridge", () => {
    const rotated = (label: string, n: number) =>
      Array.from({ length: n }, (_, i) => hex(keccak_256(new TextEncoder().encode(`calctra-ton-exec-${label}-${i}`))));
    const addressesOf = (keys: string[]) =>
      keys
        .map(evmAddressOf)
        .sort((x, y) => (x < y ? -1 : 1))
        .map((a) => `0x${a.toString(16).padStart(40, "0")}` as `0x${string}`);

    it("the bridge is the minter's admin; the deployer keeps no admin right; the deployment entry names the executor", async () => {
      expect((await env.minter.getJettonData()).admin?.equals(env.bridge.address)).to.equal(true);
      const d = env.deployer.getSender();
      const market = await env.marketplace.sendRaw(d, Marketplace.setRoleBody(ROLE.arbiter, alice.address));
      expect(market.transactions).to.have.transaction({ to: env.marketplace.address, exitCode: err("Unauthorized") });
      const staking = await env.staking.sendSetLinks(d, env.deployer.address, env.marketplace.address, alice.address);
      expect(staking.transactions).to.have.transaction({ to: env.staking.address, exitCode: err("Unauthorized") });
      const again = await call(env.deployer, Executor.body("ExecSetVaultWallet").storeAddress(alice.address).endCell(), toNano("0.05"));
      expect(again.transactions).to.have.transaction({ to: exec.address, exitCode: err("Unauthorized") });
      const entry = bridgeEntry(env.bridge.address, env.bridgeWallet, exec.address);
      expect(entry.admin).to.equal(exec.address.toString({ bounceable: true, testOnly: false }));
    });

    it("a hub action list sets a staking parameter and appoints the arbiter and treasury through the executor", async () => {
      await actions(1n, [
        { kind: "setParameter", paramId: 1, value: 200n * CAL },
        { kind: "setRole", role: "arbiter", account: toUniversal(tonUniversal(bob.address)) },
        { kind: "setRole", role: "treasury", account: toUniversal(tonUniversal(alice.address)) },
      ]);
      blockchain.now = blockchain.now! + DELAY;
      await exec.sendExecute(relayer.getSender(), 1n);
      expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Executed });
      expect((await env.staking.getParams()).minStake).to.equal(200n * CAL);
      expect((await env.marketplace.getRoles()).arbiter.equals(bob.address)).to.equal(true);
      expect((await env.marketplace.getLinks()).treasury.equals(alice.address)).to.equal(true);
    });

    it("a rotation through the executor: the new set delivers, the old set is refused once outside retention", async () => {
      const keys = rotated("rotation", 3);
      const oldHash = (await env.bridge.getValidatorSets()).setHash;
      await actions(1n, [{ kind: "setValidatorSet", signers: addressesOf(keys), threshold: 2, retention: RETENTION }]);
      blockchain.now = blockchain.now! + DELAY;
      const r = await exec.sendExecute(relayer.getSender(), 1n);
      expect(r.transactions).to.have.transaction({
        from: exec.address,
        to: env.bridge.address,
        op: op("BridgeSetValidators"),
        success: true,
      });
      const sets = await env.bridge.getValidatorSets();
      expect(sets.previousSetHash).to.equal(oldHash);
      expect(sets.previousValidUntil).to.equal(blockchain.now! + RETENTION);
      const m1 = env.inbound(bob.address, 3n * CAL);
      const r1 = await env.deliver(m1, env.sign(m1, keys.slice(0, 2)), relayer);
      expect(r1.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
      blockchain.now = blockchain.now! + RETENTION + 1;
      const m2 = env.inbound(bob.address, 4n * CAL);
      const r2 = await env.deliver(m2, env.sign(m2), relayer); // the rotated-out set
      expect(r2.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignerNotInSet") });
      const r3 = await env.deliver(m2, env.sign(m2, keys.slice(1)), relayer);
      expect(r3.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
    });

    it("a rotation to 32 validators: too little TON is refused first, then it executes", async () => {
      await actions(1n, [{ kind: "setValidatorSet", signers: addressesOf(rotated("32", 32)), threshold: 17, retention: 0 }]);
      blockchain.now = blockchain.now! + DELAY;
      const poor = await exec.sendExecute(relayer.getSender(), 1n, toNano("0.1"));
      expect(poor.transactions).to.have.transaction({ to: exec.address, exitCode: err("NotEnoughTon") });
      expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Pending });
      await exec.sendExecute(relayer.getSender(), 1n);
      expect(await exec.getActions(1n)).to.deep.include({ status: ActionsStatus.Executed });
      const sets = await env.bridge.getValidatorSets();
      expect([sets.size, sets.threshold]).to.deep.equal([32, 17]);
    });

    it("the hub is configurable: its domain, address, execution delay and guardian are recorded at deployment", async () => {
      const other = await Blockchain.create();
      other.now = 1_800_000_000;
      const hub = "0x0000000000000000000000002222222222222222222222222222222222222222" as UniversalAddress;
      const e = await deployCalctraWithBridge(other, { hubDomain: 8453, hub, executionDelay: 7200, guardian: alice.address });
      expect(await e.executor.getData()).to.deep.include({ hubDomain: 8453, hubAddress: BigInt(hub), executionDelay: 7200 });
      expect((await e.executor.getData()).guardian?.equals(alice.address)).to.equal(true);
      expect((await e.bridge.getBridgeData()).admin.equals(e.executor.address)).to.equal(true);
      expect((await e.minter.getJettonData()).admin?.equals(e.bridge.address)).to.equal(true);
    });
  });
});
