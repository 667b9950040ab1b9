import { expect } from "chai";
import { Blockchain, type BlockchainSnapshot } from "@ton/sandbox";
import { type Cell, toNano } from "@ton/core";
import "@ton/test-utils";
import { keccak_256 } from "@noble/hashes/sha3";
import { err, op } from "../wrappers/abi";
import { Bridge, TON_DOMAIN } from "../wrappers/Bridge";
import { GovAction, ProposalState, Support, depositVotesPayload } from "../wrappers/Governance";
import { deployGovernedBridgeEnv, type GovernedBridgeEnv, evmAddressOf, hex, DEFAULT_LIMITS, RETENTION } from "../scripts/bridgeSandbox";
import { CAL, GOV_TIMING, type Actor, deployCalctra } from "../scripts/sandbox";
import { bridgeEntry } from "../scripts/deployment-file";
import { transferWithPayload } from "./fixtures";

describe("Governance administers the TON bridge (typed act_bridge_* actions)", () => {
  let blockchain: Blockchain;
  let env: GovernedBridgeEnv;
  let base: BlockchainSnapshot;
  let alice: Actor;
  let user: Actor;
  let relayer: Actor;
  let proposals = 0;

  before(async () => {
    blockchain = await Blockchain.create();
    blockchain.now = 1_800_000_000;
    env = await deployGovernedBridgeEnv(blockchain);
    alice = await blockchain.treasury("alice");
    user = await blockchain.treasury("user");
    relayer = await blockchain.treasury("relayer");
    // the minter's admin is the bridge now: alice's voting CAL arrives over the bridge
    const m = env.inbound(alice.address, 2_000n * CAL);
    const r = await env.deliver(m, env.sign(m), relayer);
    expect(r.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
    await transferWithPayload(env, alice, env.governance.address, 2_000n * CAL, depositVotesPayload());
    base = blockchain.snapshot();
  });
  beforeEach(async () => {
    await blockchain.loadFrom(base);
    proposals = 1; // proposal 1 was the admin claim of the deployment
  });

  /** propose -> vote For -> queue -> timelock elapsed; returns the proposal id */
  async function passAndQueue(action: Cell): Promise<number> {
    const gov = env.governance;
    const id = ++proposals;
    await gov.sendPropose(alice.getSender(), action);
    blockchain.now = blockchain.now! + GOV_TIMING.votingDelay;
    await gov.sendCastVote(alice.getSender(), id, Support.For);
    blockchain.now = blockchain.now! + GOV_TIMING.votingPeriod + 1;
    await gov.sendQueue(alice.getSender(), id);
    blockchain.now = blockchain.now! + GOV_TIMING.timelockDelay;
    expect(await gov.getState(id)).to.equal(ProposalState.Queued);
    return id;
  }

  it("deployCalctraWithBridge: governance claimed the bridge admin role through an executed proposal; the bridge is the minter admin", async () => {
    const d = await env.bridge.getBridgeData();
    expect(d.admin.equals(env.governance.address)).to.equal(true);
    expect(d.pendingAdmin).to.equal(null);
    expect(d.jettonWallet?.equals(env.bridgeWallet)).to.equal(true);
    expect((await env.governance.getBridge())?.equals(env.bridge.address)).to.equal(true);
    expect(await env.governance.getState(1)).to.equal(ProposalState.Executed);
    expect((await env.minter.getJettonData()).admin?.equals(env.bridge.address)).to.equal(true);
    expect((await env.marketplace.getRoles()).admin.equals(env.governance.address)).to.equal(true);
    // the deployer withdrew its hand-over votes; it is no longer the bridge admin
    expect((await env.governance.getVoter(env.deployer.address)).amount).to.equal(0n);
    const r = await env.bridge.sendRaw(env.deployer.getSender(), Bridge.setThresholdBody(3));
    expect(r.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("Unauthorized") });
    // the deployment-file entry describes this bridge
    const entry = bridgeEntry(env.bridge.address, env.bridgeWallet, env.governance.address);
    expect(entry.universalAddress).to.equal(`0x${env.bridge.address.hash.toString("hex")}`);
    expect(entry.admin).to.equal(env.governance.address.toString({ bounceable: true, testOnly: false }));
  });

  it("a proposal rotates the validator set: the new set delivers, the old set is refused once outside retention", async () => {
    const newKeys = [1, 2, 3].map((i) => hex(keccak_256(new TextEncoder().encode(`calctra-ton-gov-rotation-${i}`))));
    const addrHex = newKeys
      .map(evmAddressOf)
      .sort((x, y) => (x < y ? -1 : 1))
      .map((a) => `0x${a.toString(16).padStart(40, "0")}`);
    const oldHash = (await env.bridge.getValidatorSets()).setHash;
    const id = await passAndQueue(GovAction.bridgeSetValidators(addrHex, 2, RETENTION));
    const r = await env.governance.sendExecute(alice.getSender(), id);
    expect(r.transactions).to.have.transaction({
      from: env.governance.address,
      to: env.bridge.address,
      op: op("BridgeSetValidators"),
      success: true,
    });
    expect(await env.governance.getState(id)).to.equal(ProposalState.Executed);
    const sets = await env.bridge.getValidatorSets();
    expect(sets.setHash).to.equal(BigInt(hex(keccak_256(Buffer.concat(addrHex.map((a) => Buffer.from(a.slice(2), "hex")))))));
    expect(sets.previousSetHash).to.equal(oldHash);
    expect(sets.previousValidUntil).to.equal(blockchain.now! + RETENTION);

    const m1 = env.inbound(user.address, 3n * CAL);
    const r1 = await env.deliver(m1, env.sign(m1, newKeys.slice(0, 2)), relayer);
    expect(r1.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
    blockchain.now = blockchain.now! + RETENTION + 1;
    const m2 = env.inbound(user.address, 4n * CAL);
    const r2 = await env.deliver(m2, env.sign(m2), relayer); // the rotated-out set
    expect(r2.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeSignerNotInSet") });
    const r3 = await env.deliver(m2, env.sign(m2, newKeys.slice(1)), relayer);
    expect(r3.transactions).to.have.transaction({ from: env.bridge.address, to: env.minter.address, success: true });
    expect(await env.balanceOf(user.address)).to.equal(7n * CAL);
  });

  it("a rotation to the maximum of 32 validators executes through governance; too little TON for it is refused first", async () => {
    const addrs = Array.from({ length: 32 }, (_, i) => evmAddressOf(hex(keccak_256(new TextEncoder().encode(`calctra-ton-gov-32-${i}`)))))
      .sort((x, y) => (x < y ? -1 : 1))
      .map((a) => `0x${a.toString(16).padStart(40, "0")}`);
    const id = await passAndQueue(GovAction.bridgeSetValidators(addrs, 17, RETENTION));
    const poor = await env.governance.sendExecute(alice.getSender(), id, toNano("0.1"));
    expect(poor.transactions).to.have.transaction({ to: env.governance.address, exitCode: err("NotEnoughTon") });
    expect(await env.governance.getState(id)).to.equal(ProposalState.Queued);
    const r = await env.governance.sendExecute(alice.getSender(), id);
    expect(r.transactions).to.have.transaction({ from: env.governance.address, to: env.bridge.address, success: true });
    expect(await env.governance.getState(id)).to.equal(ProposalState.Executed);
    const sets = await env.bridge.getValidatorSets();
    expect([sets.size, sets.threshold]).to.deep.equal([32, 17]);
  });

  it("a threshold out of bounds is refused by the bridge: the execution bounces and the proposal is Queued again", async () => {
    for (const bad of [1, 4]) {
      // 1 of 3 is no majority; 4 > the set size
      const id = await passAndQueue(GovAction.bridgeSetThreshold(bad));
      const r = await env.governance.sendExecute(alice.getSender(), id);
      expect(r.transactions).to.have.transaction({
        from: env.governance.address,
        to: env.bridge.address,
        exitCode: err("BridgeInvalidValidatorSet"),
      });
      expect(r.transactions).to.have.transaction({ from: env.bridge.address, to: env.governance.address, inMessageBounced: true });
      expect(await env.governance.getState(id)).to.equal(ProposalState.Queued);
    }
    expect((await env.bridge.getValidatorSets()).threshold).to.equal(2);
    const ok = await passAndQueue(GovAction.bridgeSetThreshold(3));
    await env.governance.sendExecute(alice.getSender(), ok);
    expect(await env.governance.getState(ok)).to.equal(ProposalState.Executed);
    expect((await env.bridge.getValidatorSets()).threshold).to.equal(3);
  });

  it("out-of-bounds domain limits and an admin claim with nothing pending bounce back to Queued, then expire", async () => {
    const a = await passAndQueue(GovAction.bridgeSetDomain(TON_DOMAIN, DEFAULT_LIMITS));
    const ra = await env.governance.sendExecute(alice.getSender(), a);
    expect(ra.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeParameterOutOfBounds") });
    const b = await passAndQueue(GovAction.bridgeClaimAdmin());
    const rb = await env.governance.sendExecute(alice.getSender(), b);
    expect(rb.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("BridgeNoPendingAdmin") });
    expect(await env.governance.getState(a)).to.equal(ProposalState.Queued);
    expect(await env.governance.getState(b)).to.equal(ProposalState.Queued);
    blockchain.now = blockchain.now! + GOV_TIMING.gracePeriod;
    expect(await env.governance.getState(b)).to.equal(ProposalState.Expired);
  });

  it("typed bridge actions: domain limits, pauser, pause and unpause, admin and minter hand-over to a successor", async () => {
    const newPauser = await blockchain.treasury("bridge-pauser2");
    const successor = await blockchain.treasury("successor");
    const limits = { enabled: true, inCapacity: 500n * CAL, inRatePerSecond: CAL, outCapacity: 400n * CAL, outRatePerSecond: CAL };
    for (const action of [GovAction.bridgeSetDomain(777, limits), GovAction.bridgeSetPauser(newPauser.address), GovAction.bridgePause()]) {
      const id = await passAndQueue(action);
      const r = await env.governance.sendExecute(alice.getSender(), id);
      expect(r.transactions).to.have.transaction({ from: env.governance.address, to: env.bridge.address, success: true });
      expect(await env.governance.getState(id)).to.equal(ProposalState.Executed);
    }
    const dom = await env.bridge.getDomain(777);
    expect([dom.known, dom.enabled, dom.inboundCapacity, dom.outboundCapacity]).to.deep.equal([true, true, 500n * CAL, 400n * CAL]);
    let d = await env.bridge.getBridgeData();
    expect(d.pauser.equals(newPauser.address)).to.equal(true);
    expect(d.paused).to.equal(true);
    const m = env.inbound(user.address, CAL);
    const rp = await env.deliver(m, env.sign(m), relayer);
    expect(rp.transactions).to.have.transaction({ to: env.bridge.address, exitCode: err("EnforcedPause") });
    const u = await passAndQueue(GovAction.bridgeUnpause());
    await env.governance.sendExecute(alice.getSender(), u);
    expect((await env.bridge.getBridgeData()).paused).to.equal(false);

    const t = await passAndQueue(GovAction.bridgeTransferAdmin(successor.address));
    await env.governance.sendExecute(alice.getSender(), t);
    const h = await passAndQueue(GovAction.bridgeHandOverMinter(successor.address));
    await env.governance.sendExecute(alice.getSender(), h);
    d = await env.bridge.getBridgeData();
    expect(d.pendingAdmin?.equals(successor.address)).to.equal(true);
    expect((await env.minter.getNextAdmin())?.equals(successor.address)).to.equal(true);
  });

  it("the bridge address is set once, by the deployer only; bridge actions fail at execution without a bridge", async () => {
    const r1 = await env.governance.sendSetBridge(env.deployer.getSender(), env.deployer.address);
    expect(r1.transactions).to.have.transaction({ to: env.governance.address, exitCode: err("GovernorOnlyExecutor") });
    const r2 = await env.governance.sendSetBridge(alice.getSender(), alice.address);
    expect(r2.transactions).to.have.transaction({ to: env.governance.address, exitCode: err("GovernorOnlyExecutor") });
    expect((await env.governance.getBridge())?.equals(env.bridge.address)).to.equal(true);
    // a governance deployed without a bridge (deployCalctra): a bridge action cannot execute
    const other = await Blockchain.create();
    other.now = 1_800_000_000;
    const plain = await deployCalctra(other, { handOver: true });
    expect(await plain.governance.getBridge()).to.equal(null);
    const voter = await other.treasury("voter");
    await plain.mint(voter.address, 2_000n * CAL);
    await transferWithPayload(plain, voter, plain.governance.address, 2_000n * CAL, depositVotesPayload());
    await plain.governance.sendPropose(voter.getSender(), GovAction.bridgePause());
    other.now += GOV_TIMING.votingDelay;
    await plain.governance.sendCastVote(voter.getSender(), 1, Support.For);
    other.now += GOV_TIMING.votingPeriod + 1;
    await plain.governance.sendQueue(voter.getSender(), 1);
    other.now += GOV_TIMING.timelockDelay;
    const r3 = await plain.governance.sendExecute(voter.getSender(), 1);
    expect(r3.transactions).to.have.transaction({ to: plain.governance.address, exitCode: err("GovernanceInvalidAction") });
    expect(await plain.governance.getState(1)).to.equal(ProposalState.Queued);
  });
});
