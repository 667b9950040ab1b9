import { readFileSync } from "node:fs";
import { expect } from "chai";
import { Blockchain } from "@ton/sandbox";
import { type Address, beginCell, type Cell, type Contract } from "@ton/core";
import { CAL, CalctraError, ProposalState, type GovernancePayload } from "@calctra/core";
import { encodeVerifyingKeyTon, type SnarkjsVerificationKey } from "@calctra/core/zk";
import { TonSpokeGovernanceClient, tonSnapshotEmulator, tonVerifierOf, type TonClientParameters } from "../src/ton/index.js";

/** What the test uses of contracts-ton/scripts/executorSandbox.ts (a CommonJS script outside the package graph). */
interface ExecutorEnv {
  readonly exec: { readonly address: Address };
  readonly minter: { readonly address: Address };
  readonly relayer: { readonly address: Address };
  readonly bridge: { getBridgeData(): Promise<{ readonly outboundNonce: bigint }> };
  readonly marketplace: {
    getData(): Promise<{ readonly challengePeriod: number }>;
    getVerifier(id: number): Promise<Cell | null>;
  };
  inbound(recipient: Address, amount: bigint): unknown;
  sign(m: unknown): unknown;
  deliver(m: unknown, sigs: unknown, from: unknown): Promise<unknown>;
  fromHub(payload: GovernancePayload): Promise<unknown>;
}
interface ExecutorScript {
  deployExecutorEnv(blockchain: Blockchain): Promise<ExecutorEnv>;
  readonly HUB: string;
}

describe("TON spoke governance client (vault + executor) against @ton/sandbox", function () {
  this.timeout(300_000);
  let blockchain: Blockchain;
  let env: ExecutorEnv;
  let gov: TonSpokeGovernanceClient;
  let hub: string;

  before(async () => {
    const script = (await import(new URL("../../contracts-ton/scripts/executorSandbox.ts", import.meta.url).href)) as ExecutorScript;
    blockchain = await Blockchain.create();
    blockchain.now = 1_800_000_000;
    env = await script.deployExecutorEnv(blockchain);
    hub = script.HUB;
    const voter = await blockchain.treasury("voter");
    const m = env.inbound(voter.address, 500n * CAL);
    await env.deliver(m, env.sign(m), env.relayer);
    const open = (c: Contract) => blockchain.openContract(c);
    const sender = voter.getSender();
    // only the CAL minter is read from the deployment (the voter's jetton wallet)
    const deployment = { contracts: { calJettonMinter: env.minter.address.toString() } } as unknown as TonClientParameters["deployment"];
    gov = new TonSpokeGovernanceClient({
      open,
      sender,
      deployment,
      now: () => blockchain.now!,
      emulate: tonSnapshotEmulator({ chain: blockchain, open, sender }),
      executor: env.exec.address.toString(),
    });
  });

  it("deposits, votes with the snapshot weight, sends the tally, and reports execution state and refusals by name", async () => {
    await gov.deposit({ amount: 100n * CAL });
    const snapshot = BigInt(blockchain.now! + 10);
    await env.fromHub({ kind: "ProposalOpened", proposalId: 9n, snapshot, voteEnd: snapshot + 86400n });
    blockchain.now = Number(snapshot) + 1;
    await gov.deposit({ amount: 50n * CAL });
    expect(await gov.depositOf({ voter: gov.address.toString() })).to.equal(150n * CAL);
    expect(await gov.votingPower({ proposalId: 9n, voter: gov.address.toString() })).to.equal(100n * CAL);
    const sim = await gov.simulateCastVote({ proposalId: 9n, support: 1 });
    expect(sim.cost).to.be.a("bigint");
    expect((await gov.getProposal({ proposalId: 9n })).forVotes).to.equal(0n); // a simulation changes nothing
    await gov.castVote({ proposalId: 9n, support: 1 });
    expect(await gov.getProposal({ proposalId: 9n })).to.deep.include({
      id: 9n,
      forVotes: 100n * CAL,
      state: ProposalState.Active,
      proposer: hub,
      voteStart: snapshot,
    });
    try {
      await gov.castVote({ proposalId: 9n, support: 0 });
      expect.fail("a second vote was accepted");
    } catch (e) {
      expect(e).to.be.instanceOf(CalctraError);
      expect((e as CalctraError).name).to.equal("GovernorAlreadyCastVote");
    }
    await gov.sendTally({ proposalId: 9n });
    expect((await env.bridge.getBridgeData()).outboundNonce).to.equal(1n);
    expect(await gov.remoteExecution({ sequence: 1n })).to.deep.include({ state: "InFlight" });
    await env.fromHub({
      kind: "GovernanceActions",
      sequence: 1n,
      proposalId: 9n,
      actions: [{ kind: "setParameter", paramId: 3, value: 7200n }],
    });
    expect(await gov.remoteExecution({ sequence: 1n })).to.deep.include({ state: "Pending" });
    blockchain.now! += 3600;
    await gov.execute({ sequence: 1n });
    expect(await gov.remoteExecution({ sequence: 1n })).to.deep.include({ state: "Executed" });
    expect((await env.marketplace.getData()).challengePeriod).to.equal(7200);
    await gov.withdraw({ amount: 150n * CAL });
  });

  it("stages a verifying key (the verifier hash for setVerifier); the hub's setVerifier installs it; status reads the executor", async () => {
    const { vkey } = JSON.parse(
      readFileSync(new URL("../../test/vectors/proofs/result_commitment.bls12381.json", import.meta.url), "utf8"),
    ) as { vkey: SnarkjsVerificationKey };
    const vk = encodeVerifyingKeyTon({ vkey });
    const before = await gov.status();
    expect(before).to.deep.include({ executionDelay: 3600n, hubAddress: hub });
    const sim = await gov.simulateStageVerifier({ vk });
    expect(sim.result).to.equal(tonVerifierOf(vk));
    expect(await gov.stagedVerifier({ verifier: tonVerifierOf(vk) })).to.equal(null); // a simulation changes nothing
    const { verifier, cost } = await gov.stageVerifier({ vk });
    expect(verifier).to.equal(`0x${vk.hash().toString("hex")}`);
    expect(cost).to.be.a("bigint");
    expect(await gov.stagedVerifier({ verifier })).to.deep.equal({ expiresAt: BigInt(blockchain.now! + 30 * 86400) });
    const sequence = before.nextSequence;
    await env.fromHub({ kind: "GovernanceActions", sequence, proposalId: 9n, actions: [{ kind: "setVerifier", verifierId: 5, verifier }] });
    blockchain.now! += 3600;
    await gov.execute({ sequence });
    expect(await gov.remoteExecution({ sequence })).to.deep.include({ state: "Executed" });
    expect((await env.marketplace.getVerifier(5))?.hash().toString("hex")).to.equal(vk.hash().toString("hex"));
    expect((await gov.status()).nextSequence).to.equal(sequence + 1n);
    let big = beginCell().endCell();
    for (let i = 0; i < 64; i++) big = beginCell().storeUint(i, 8).storeRef(big).endCell();
    try {
      await gov.prepareStageVerifier({ vk: big });
      expect.fail("a 65-cell key was prepared");
    } catch (e) {
      expect(e).to.be.instanceOf(RangeError);
    }
  });
});
