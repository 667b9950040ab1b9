import { expect } from "chai";
import { decodeFunctionData, toHex, type Address } from "viem";
import {
  CalctraError,
  DOMAINS,
  ProposalState,
  encodeGovernanceActions,
  setParameter,
  type RemoteExecution,
  type SpokeGovernanceClient,
  type SpokeProposal,
} from "@calctra/core";
import {
  governanceHubAbi,
  marketplaceAbi,
  type EvmActionsDispatched,
  type EvmGovernanceClient,
  type EvmGovernanceHubClient,
  type EvmHubTally,
} from "../src/evm/index.js";
import { CrossChainGovernanceClient } from "../src/governance/index.js";

const HOME = 31337;
const HUB: Address = "0x00000000000000000000000000000000000000aa";
const MARKETPLACE: Address = "0x00000000000000000000000000000000000000bb";
const change = setParameter("challengePeriod", 7200n);

/** What the fakes answer: the hub's view, and each spoke's own. */
interface World {
  hubState: ProposalState;
  targeted: number[] | undefined;
  dispatched: EvmActionsDispatched[];
  counted: Map<number, EvmHubTally>;
  spokeTallies: Map<number, SpokeProposal | undefined>;
  lists: Map<number, RemoteExecution>;
  votes: string[];
}

function fakes(w: World, spokeDomains: readonly number[]) {
  const zero = { againstVotes: 0n, forVotes: 0n, abstainVotes: 0n };
  const governor = {
    getProposal: async () => ({ state: w.hubState }),
    castVote: async ({ support }: { support: number }) => {
      w.votes.push(`hub ${support}`);
      return { id: "0xhub" };
    },
  } as unknown as EvmGovernanceClient;
  const hub = {
    address: HUB,
    proposalDomains: async () => w.targeted,
    dispatches: async () => w.dispatched,
    tallyOf: async ({ domain }: { domain: number }) => w.counted.get(domain) ?? zero,
    now: async () => 1_800_000_000n,
  } as unknown as EvmGovernanceHubClient;
  const spoke = (domain: number) =>
    ({
      getProposal: async ({ proposalId }: { proposalId: bigint }) => {
        const t = w.spokeTallies.get(domain);
        if (!t) throw new CalctraError("GovernorNonexistentProposal", { proposalId });
        return t;
      },
      remoteExecution: async ({ sequence }: { sequence: bigint }) => w.lists.get(domain) ?? { domain: 0, state: "InFlight", sequence },
      castVote: async ({ support }: { support: number }) => {
        w.votes.push(`${domain} ${support}`);
        return { id: `0x${domain}` };
      },
    }) as unknown as SpokeGovernanceClient;
  return new CrossChainGovernanceClient({
    governor,
    hub,
    hubDomain: HOME,
    governorAddress: "0x00000000000000000000000000000000000000cc",
    targets: { Marketplace: MARKETPLACE, Staking: "0x00000000000000000000000000000000000000dd" },
    spokes: new Map(spokeDomains.map((d) => [d, spoke(d)])),
  });
}

function emptyWorld(): World {
  return {
    hubState: ProposalState.Active,
    targeted: [],
    dispatched: [],
    counted: new Map(),
    spokeTallies: new Map(),
    lists: new Map(),
    votes: [],
  };
}

const tally = (proposalId: bigint, forVotes: bigint): SpokeProposal => ({
  proposalId,
  snapshot: 1n,
  voteEnd: 2n,
  againstVotes: 0n,
  forVotes,
  abstainVotes: 0n,
});
const refusal = (name: string) => (e: unknown) => e instanceof CalctraError && e.name === name;

describe("CrossChainGovernanceClient without chains: actions, routing and status from the hub's and the spokes' answers", () => {
  it("builds the home calls and one GovernanceHub dispatch per remote domain, and refuses empty or hub-domain remote lists", () => {
    const gov = fakes(emptyWorld(), [DOMAINS.solana]);
    const p = gov.proposalActions({ home: [change], remote: new Map([[DOMAINS.solana, [change]]]), description: "2h" });
    expect(p.targets).to.deep.equal([MARKETPLACE, HUB]);
    expect(decodeFunctionData({ abi: marketplaceAbi, data: p.calldatas[0]! }).args).to.deep.equal([3, 7200n]);
    expect(decodeFunctionData({ abi: governanceHubAbi, data: p.calldatas[1]! }).args).to.deep.equal([
      DOMAINS.solana,
      toHex(encodeGovernanceActions([change])),
    ]);
    expect(p.description).to.equal("2h");
    expect(() => gov.proposalActions({ description: "nothing" })).to.throw(CalctraError, /GovernanceInvalidAction/);
    expect(() => gov.proposalActions({ remote: new Map([[HOME, [change]]]), description: "x" })).to.throw(CalctraError, /hub's domain/);
  });

  it("votes on the hub without a domain or with the hub's, on a spoke's vault with its domain, and refuses an unknown domain", async () => {
    const w = emptyWorld();
    const gov = fakes(w, [DOMAINS.ton]);
    await gov.castVote({ proposalId: 1n, support: 1 });
    await gov.castVote({ proposalId: 1n, support: 0, domain: HOME });
    await gov.castVote({ proposalId: 1n, support: 2, domain: DOMAINS.ton });
    expect(w.votes).to.deep.equal(["hub 1", "hub 0", `${DOMAINS.ton} 2`]);
    let refused: unknown;
    try {
      await gov.castVote({ proposalId: 1n, support: 1, domain: DOMAINS.solana });
    } catch (e) {
      refused = e;
    }
    expect(refused).to.be.instanceOf(CalctraError);
    expect((refused as CalctraError).name).to.equal("BridgeUnknownDomain");
    expect((refused as CalctraError).args).to.deep.equal({ domain: DOMAINS.solana });
    expect(() => gov.spoke(31338)).to.throw(CalctraError, /BridgeUnknownDomain/);
  });

  it("reads each spoke's tally as counted only when the hub holds the same, and a spoke not yet announced as an empty tally", async () => {
    const w = emptyWorld();
    w.spokeTallies.set(DOMAINS.solana, tally(7n, 5n));
    w.counted.set(DOMAINS.solana, { againstVotes: 0n, forVotes: 5n, abstainVotes: 0n });
    w.spokeTallies.set(DOMAINS.ton, tally(7n, 9n));
    w.counted.set(DOMAINS.ton, { againstVotes: 0n, forVotes: 4n, abstainVotes: 0n });
    const gov = fakes(w, [DOMAINS.solana, DOMAINS.ton, 31338]);
    const status = await gov.status({ proposalId: 7n });
    expect(status.tallies).to.deep.equal([
      { domain: DOMAINS.solana, againstVotes: 0n, forVotes: 5n, abstainVotes: 0n, counted: true },
      { domain: DOMAINS.ton, againstVotes: 0n, forVotes: 9n, abstainVotes: 0n, counted: false },
      { domain: 31338, againstVotes: 0n, forVotes: 0n, abstainVotes: 0n, counted: true },
    ]);
    expect((await gov.describe({ proposalId: 7n })).text).to.equal("Active on EVM 31337; tallies not yet counted from TON");
  });

  it("reports each destination NotSent before dispatch, InFlight without a delivery or a client, then the spoke executor's state", async () => {
    const w = emptyWorld();
    w.hubState = ProposalState.Executed;
    w.targeted = [DOMAINS.solana, DOMAINS.ton, 31338];
    const dispatched = (domain: number, sequence: bigint): EvmActionsDispatched => ({
      domain,
      sequence,
      proposalId: 7n,
      messageId: `0x${"11".repeat(32)}`,
      blockNumber: 9n,
    });
    w.dispatched = [dispatched(DOMAINS.solana, 3n), dispatched(DOMAINS.ton, 1n)];
    w.lists.set(DOMAINS.solana, { domain: DOMAINS.solana, state: "Pending", sequence: 3n, eta: 1_800_007_200n });
    // TON is dispatched but has no client here; 31338 is targeted but the hub has not dispatched it.
    const gov = fakes(w, [DOMAINS.solana]);
    const status = await gov.status({ proposalId: 7n });
    expect(status.executions).to.deep.equal([
      { domain: DOMAINS.solana, state: "Pending", sequence: 3n, eta: 1_800_007_200n },
      { domain: DOMAINS.ton, state: "InFlight", sequence: 1n },
      { domain: 31338, state: "NotSent" },
    ]);
    expect((await gov.describe({ proposalId: 7n })).text).to.equal(
      "Executed on EVM 31337, pending on Solana until 2027-01-15 10:00:00 UTC (in 2 hours), in flight on TON and EVM 31338",
    );
  });

  it("names the spokes of this client as destinations when the governor's event is gone, and adds any dispatched one", async () => {
    const w = emptyWorld();
    w.targeted = undefined;
    w.dispatched = [{ domain: DOMAINS.ton, sequence: 4n, proposalId: 7n, messageId: `0x${"22".repeat(32)}`, blockNumber: 1n }];
    const gov = fakes(w, [DOMAINS.solana]);
    expect((await gov.status({ proposalId: 7n })).executions).to.deep.equal([
      { domain: DOMAINS.solana, state: "NotSent" },
      { domain: DOMAINS.ton, state: "InFlight", sequence: 4n },
    ]);
  });

  it("refuses executeRemote, veto, retry and sendTally toward a domain without a spoke client", async () => {
    const gov = fakes(emptyWorld(), []);
    for (const attempt of [
      gov.executeRemote({ domain: DOMAINS.ton, sequence: 1n }),
      gov.veto({ domain: DOMAINS.ton, sequence: 1n }),
      gov.retry({ domain: DOMAINS.ton, sequence: 1n }),
      gov.sendTally({ domain: DOMAINS.ton, proposalId: 1n }),
    ]) {
      const outcome = await attempt.then(
        () => "sent",
        (e: unknown) => (refusal("BridgeUnknownDomain")(e) ? "refused" : String(e)),
      );
      expect(outcome).to.equal("refused");
    }
  });
});
