/**
 * One governance across chains (DESIGN §7) behind one client: proposals, queueing and execution on the hub's
 * Governor, announcements through its GovernanceHub, votes, tallies and remote execution on any spoke through core's
 * chain-neutral `SpokeGovernanceClient`, and a proposal's status on every chain. Spokes come in through the interface,
 * so this module knows no spoke chain: an EVM spoke, Solana and TON plug in the same way.
 */
import {
  CalctraError,
  describeProposalStatus,
  type CrossChainProposalStatus,
  type Domain,
  type GovernanceAction,
  type RemoteExecution,
  type SpokeGovernanceClient,
  type SpokeProposal,
  type SpokeTally,
  type TransactionReceiptSummary,
} from "@calctra/core";
import type { EvmGovernanceClient, EvmProposalActions } from "../evm/governance.js";
import { evmProposalActions, type EvmGovernanceTargets } from "../evm/governance-actions.js";
import type { EvmGovernanceHubClient } from "../evm/governance-hub.js";
import type { EvmTransactionReturnType } from "../evm/write.js";

/** Parameters of {@link CrossChainGovernanceClient}. */
export interface CrossChainGovernanceClientParameters {
  /** The hub's Governor (proposals, home votes, queue, execute). */
  readonly governor: EvmGovernanceClient;
  /** The hub's GovernanceHub (announcements, counted tallies, dispatched action lists). */
  readonly hub: EvmGovernanceHubClient;
  /** The hub chain's domain (its chain id). */
  readonly hubDomain: Domain;
  /** The hub chain's contracts home actions call (the deployment's `contracts`, with the BridgeVault as `Bridge`). */
  readonly targets: EvmGovernanceTargets;
  /** The hub's Governor address (to find a proposal's remote domains in its `ProposalCreated` event). */
  readonly governorAddress: `0x${string}`;
  /** Each spoke's governance (vault + executor), by domain: any chain's `SpokeGovernanceClient`. */
  readonly spokes?: ReadonlyMap<Domain, SpokeGovernanceClient>;
}

/** Parameters of {@link CrossChainGovernanceClient.propose}, `queue` and `execute` (the same for all three). */
export interface CrossChainProposeParameters {
  /** Actions the hub's timelock applies on the hub chain. */
  readonly home?: readonly GovernanceAction[];
  /** Action lists for other domains (1 to 8 actions each), each sent by the hub as one `GovernanceActions` message. */
  readonly remote?: ReadonlyMap<Domain, readonly GovernanceAction[]>;
  /** The proposal's description (queue and execute need the same text). */
  readonly description: string;
}

/** What {@link CrossChainGovernanceClient.propose} returns. */
export interface CrossChainProposeReturnType extends EvmTransactionReturnType {
  readonly proposalId: bigint;
  /** The Governor's calls, as `queue` and `execute` rebuild them. */
  readonly actions: EvmProposalActions;
}

/** Parameters of {@link CrossChainGovernanceClient.announce}. */
export interface CrossChainAnnounceParameters {
  readonly proposalId: bigint;
  /** The spokes to announce to (default: every spoke of this client). */
  readonly domains?: readonly Domain[];
}

/** What {@link CrossChainGovernanceClient.announce} returns: one transaction per spoke. */
export type CrossChainAnnounceReturnType = readonly (EvmTransactionReturnType & {
  readonly domain: Domain;
  readonly messageId: `0x${string}`;
})[];

/** Parameters of {@link CrossChainGovernanceClient.castVote}: 0 Against, 1 For, 2 Abstain. */
export interface CrossChainCastVoteParameters {
  readonly proposalId: bigint;
  readonly support: 0 | 1 | 2;
  /** Where to vote: the hub's domain or absent votes on the Governor, a spoke's domain on that spoke's vault. */
  readonly domain?: Domain;
}

/** Parameters of {@link CrossChainGovernanceClient.sendTally}. */
export interface CrossChainSendTallyParameters {
  readonly proposalId: bigint;
  readonly domain: Domain;
}

/** Parameters of `executeRemote`, `veto` and `retry`: a spoke and the hub's sequence number of an action list. */
export interface CrossChainSequenceParameters {
  readonly domain: Domain;
  readonly sequence: bigint;
}

/** Parameters of {@link CrossChainGovernanceClient.status} and `describe`. */
export interface CrossChainStatusParameters {
  readonly proposalId: bigint;
  /** Unix seconds `describe` measures "in 2 hours" from (default: the hub chain's latest block). */
  readonly now?: bigint;
}

/** What {@link CrossChainGovernanceClient.status} returns. */
export type CrossChainStatusReturnType = CrossChainProposalStatus;

/** What {@link CrossChainGovernanceClient.describe} returns: the sentence and the status it was made from. */
export interface CrossChainDescribeReturnType {
  readonly text: string;
  readonly status: CrossChainProposalStatus;
}

const NOT_ANNOUNCED: Omit<SpokeProposal, "proposalId"> = {
  snapshot: 0n,
  voteEnd: 0n,
  againstVotes: 0n,
  forVotes: 0n,
  abstainVotes: 0n,
};

/**
 * A proposal's whole life across chains: propose (actions for any domain), announce to the spokes, vote on the hub
 * or any spoke, relay spoke tallies, queue and execute on the hub, execute (or veto, or retry) on each spoke, and read
 * its status everywhere.
 *
 * @example
 * ```ts
 * const gov = new CrossChainGovernanceClient({
 *   governor: new EvmGovernanceClient({ publicClient, walletClient, deployment }),
 *   hub: new EvmGovernanceHubClient({ publicClient, walletClient, address: hubAddress }),
 *   hubDomain: 31337, governorAddress: deployment.contracts.CalGovernor,
 *   targets: { ...deployment.contracts, Bridge: homeVault },
 *   spokes: new Map([[DOMAINS.solana, new SolanaGovernanceClient(solanaParams)]]),
 * });
 * const change = setParameter("challengePeriod", 7200n);
 * const { proposalId } = await gov.propose({ home: [change], remote: new Map([[DOMAINS.solana, [change]]]), description: "2h" });
 * ```
 */
export class CrossChainGovernanceClient {
  constructor(private readonly params: CrossChainGovernanceClientParameters) {}

  /** The hub chain's domain. */
  get hubDomain(): Domain {
    return this.params.hubDomain;
  }
  /** The spokes' domains this client reaches. */
  get spokeDomains(): Domain[] {
    return [...(this.params.spokes?.keys() ?? [])];
  }

  /**
   * A spoke's client; `BridgeUnknownDomain` for a domain this client has none for.
   *
   * @example
   * ```ts
   * const solana = gov.spoke(DOMAINS.solana);
   * await solana.deposit({ amount: 100n * CAL });
   * ```
   */
  spoke(domain: Domain): SpokeGovernanceClient {
    const s = this.params.spokes?.get(domain);
    if (!s) throw new CalctraError("BridgeUnknownDomain", { domain });
    return s;
  }

  /**
   * The Governor's calls of a proposal: the home actions' timelock calls, then one `GovernanceHub.dispatch` per remote
   * domain (`evmProposalActions`).
   *
   * @example
   * ```ts
   * const { targets, calldatas } = gov.proposalActions({ remote: new Map([[DOMAINS.ton, [change]]]), description });
   * ```
   */
  proposalActions({ home, remote, description }: CrossChainProposeParameters): EvmProposalActions {
    if ((home?.length ?? 0) === 0 && (remote?.size ?? 0) === 0)
      throw new CalctraError("GovernanceInvalidAction", { field: "actions", value: "a proposal needs at least one action" });
    for (const domain of remote?.keys() ?? [])
      if (domain === this.params.hubDomain)
        throw new CalctraError("GovernanceInvalidAction", { field: "remote", value: `${domain} is the hub's domain: use home` });
    return evmProposalActions({
      ...(home ? { home } : {}),
      ...(remote ? { remote } : {}),
      targets: this.params.targets,
      hub: this.params.hub.address,
      description,
    });
  }

  /**
   * Proposes on the hub: home actions run by the timelock, remote ones sent to each domain's executor on execution.
   *
   * @example
   * ```ts
   * const { proposalId } = await gov.propose({ home: [change], remote: new Map([[DOMAINS.solana, [change]]]), description: "2h" });
   * ```
   */
  async propose(parameters: CrossChainProposeParameters): Promise<CrossChainProposeReturnType> {
    const actions = this.proposalActions(parameters);
    return { ...(await this.params.governor.propose(actions)), actions };
  }

  /**
   * Announces a proposal to spokes (by default every spoke of this client) once it exists: the bridge then carries
   * `ProposalOpened` to each spoke's vault, whose holders can vote from then on.
   *
   * @example
   * ```ts
   * await gov.announce({ proposalId });
   * ```
   */
  async announce({ proposalId, domains }: CrossChainAnnounceParameters): Promise<CrossChainAnnounceReturnType> {
    const sent = [];
    for (const domain of domains ?? this.spokeDomains) sent.push({ domain, ...(await this.params.hub.announce({ proposalId, domain })) });
    return sent;
  }

  /**
   * Votes on the hub's Governor (no `domain`, or the hub's) or on a spoke's vault with the deposit at the snapshot.
   *
   * @example
   * ```ts
   * await gov.castVote({ proposalId, support: 1 });                         // on the hub
   * await gov.castVote({ proposalId, support: 1, domain: DOMAINS.solana }); // on Solana's vault
   * ```
   */
  async castVote({ proposalId, support, domain }: CrossChainCastVoteParameters): Promise<TransactionReceiptSummary> {
    if (domain === undefined || domain === this.params.hubDomain) return this.params.governor.castVote({ proposalId, support });
    return this.spoke(domain).castVote({ proposalId, support });
  }

  /**
   * Sends a spoke's cumulative tally of a proposal to the hub (anyone may); the hub counts it once delivered.
   *
   * @example
   * ```ts
   * await gov.sendTally({ proposalId, domain: DOMAINS.ton });
   * ```
   */
  async sendTally({ proposalId, domain }: CrossChainSendTallyParameters): Promise<TransactionReceiptSummary> {
    return this.spoke(domain).sendTally({ proposalId });
  }

  /**
   * Queues a Succeeded proposal in the hub's timelock (the same actions and description as proposed).
   *
   * @example
   * ```ts
   * await gov.queue({ home: [change], remote, description: "2h" });
   * ```
   */
  async queue(parameters: CrossChainProposeParameters): Promise<EvmTransactionReturnType> {
    return this.params.governor.queue(this.proposalActions(parameters));
  }

  /**
   * Executes a Queued proposal on the hub once the timelock allows: home actions apply, and each remote list leaves as
   * a `GovernanceActions` message with its destination's next sequence number.
   *
   * @example
   * ```ts
   * await gov.execute({ home: [change], remote, description: "2h" });
   * ```
   */
  async execute(parameters: CrossChainProposeParameters): Promise<EvmTransactionReturnType> {
    return this.params.governor.execute(this.proposalActions(parameters));
  }

  /**
   * Executes a spoke's received action list once its delay is over and the previous list is settled (anyone).
   *
   * @example
   * ```ts
   * await gov.executeRemote({ domain: DOMAINS.solana, sequence: 1n });
   * ```
   */
  async executeRemote({ domain, sequence }: CrossChainSequenceParameters): Promise<TransactionReceiptSummary> {
    return this.spoke(domain).execute({ sequence });
  }

  /**
   * Vetoes a spoke's pending action list (that spoke's Guardian only).
   *
   * @example
   * ```ts
   * await gov.veto({ domain: DOMAINS.ton, sequence: 2n });
   * ```
   */
  async veto({ domain, sequence }: CrossChainSequenceParameters): Promise<TransactionReceiptSummary> {
    return this.spoke(domain).veto({ sequence });
  }

  /**
   * Runs a spoke's Failed action list again (anyone).
   *
   * @example
   * ```ts
   * await gov.retry({ domain: DOMAINS.solana, sequence: 1n });
   * ```
   */
  async retry({ domain, sequence }: CrossChainSequenceParameters): Promise<TransactionReceiptSummary> {
    return this.spoke(domain).retry({ sequence });
  }

  /**
   * A proposal on every chain: the hub's state; for each spoke its own tally and whether the hub has counted it; for
   * each destination of the proposal's remote actions where its list stands (`NotSent` until the hub dispatched it,
   * `InFlight` until the spoke received it, then the spoke's executor's state).
   *
   * @example
   * ```ts
   * const { hubState, tallies, executions } = await gov.status({ proposalId });
   * ```
   */
  async status({ proposalId }: CrossChainStatusParameters): Promise<CrossChainStatusReturnType> {
    const { governor, hub, hubDomain } = this.params;
    const [proposal, targeted, dispatched] = await Promise.all([
      governor.getProposal({ proposalId }),
      hub.proposalDomains({ proposalId, governor: this.params.governorAddress }),
      hub.dispatches({ proposalId }),
    ]);
    const tallies = await Promise.all(this.spokeDomains.map((domain) => this.#tally(proposalId, domain)));
    // The destinations: what the proposal's calls dispatch to (every spoke of this client when its event is gone).
    const destinations = [...new Set([...(targeted ?? this.spokeDomains), ...dispatched.map((d) => d.domain)])];
    const executions = await Promise.all(
      destinations.map(async (domain): Promise<RemoteExecution> => {
        const sent = dispatched.filter((d) => d.domain === domain).at(-1);
        if (!sent) return { domain, state: "NotSent" };
        const spoke = this.params.spokes?.get(domain);
        if (!spoke) return { domain, state: "InFlight", sequence: sent.sequence };
        return { ...(await spoke.remoteExecution({ sequence: sent.sequence })), domain };
      }),
    );
    return { proposalId, hubDomain, hubState: proposal.state, tallies, executions };
  }

  async #tally(proposalId: bigint, domain: Domain): Promise<SpokeTally> {
    const [own, counted] = await Promise.all([
      this.spoke(domain)
        .getProposal({ proposalId })
        .catch((e: unknown) => {
          // Not announced there yet: nothing to count.
          if (e instanceof CalctraError && e.name === "GovernorNonexistentProposal") return { proposalId, ...NOT_ANNOUNCED };
          throw e;
        }),
      this.params.hub.tallyOf({ proposalId, domain }),
    ]);
    return {
      domain,
      againstVotes: own.againstVotes,
      forVotes: own.forVotes,
      abstainVotes: own.abstainVotes,
      counted: counted.againstVotes === own.againstVotes && counted.forVotes === own.forVotes && counted.abstainVotes === own.abstainVotes,
    };
  }

  /**
   * The proposal's status in one sentence (`describeProposalStatus`), e.g. "Executed on EVM 31337 and Solana, pending
   * on TON until 2026-12-08 10:00:00 UTC (in 2 hours)", with the status it was made from.
   *
   * @example
   * ```ts
   * const { text } = await gov.describe({ proposalId });
   * ```
   */
  async describe({ proposalId, now }: CrossChainStatusParameters): Promise<CrossChainDescribeReturnType> {
    const [status, at] = await Promise.all([this.status({ proposalId }), now ?? this.params.hub.now()]);
    return { text: describeProposalStatus(status, at), status };
  }
}
