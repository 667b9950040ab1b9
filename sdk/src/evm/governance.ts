import { keccak256, parseEventLogs, toHex, type Address, type Hex } from "viem";
import type { GovernanceClient, TransactionReceiptSummary } from "@calctra/core";
import { universalFromEvm } from "@calctra/core";
import type { Proposal, ProposalState } from "@calctra/core";
import { calGovernorAbi } from "./generated/abis.js";
import { decodeEvmError } from "./errors.js";
import type { EvmClientParameters } from "./clients.js";

/** A governance proposal's actions: calls the timelock makes when the proposal executes. */
export interface EvmProposalActions {
  readonly targets: readonly Address[];
  readonly values: readonly bigint[];
  readonly calldatas: readonly Hex[];
  readonly description: string;
}

/**
 * Governance on an EVM chain: OpenZeppelin Governor + TimelockController. Voting power comes from
 * delegated CAL (`EvmTokenClient.delegate`).
 *
 * @example
 * ```ts
 * const gov = new EvmGovernanceClient({ publicClient, walletClient, deployment });
 * const { proposalId } = await gov.propose({ targets: [marketplace], values: [0n],
 *   calldatas: [encodeFunctionData({ abi: marketplaceAbi, functionName: "setChallengePeriod", args: [7200n] })],
 *   description: "Shorten the challenge window to two hours" });
 * ```
 */
export class EvmGovernanceClient implements GovernanceClient {
  constructor(private readonly params: EvmClientParameters) {}

  private get address(): Address {
    return this.params.deployment.contracts.CalGovernor;
  }

  private async write(functionName: "propose" | "castVote" | "queue" | "execute", args: readonly unknown[]) {
    const { publicClient, walletClient } = this.params;
    try {
      const { request } = await publicClient.simulateContract({
        address: this.address, abi: calGovernorAbi, functionName, args, account: walletClient.account, chain: walletClient.chain,
      } as never);
      const hash = await walletClient.writeContract(request as never);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      return { id: hash, cost: receipt.gasUsed, logs: receipt.logs };
    } catch (e) {
      throw decodeEvmError(e);
    }
  }

  /** Creates a proposal; returns its id. */
  async propose(actions: EvmProposalActions): Promise<TransactionReceiptSummary & { proposalId: bigint }> {
    const r = await this.write("propose", [actions.targets, actions.values, actions.calldatas, actions.description]);
    const [created] = parseEventLogs({ abi: calGovernorAbi, eventName: "ProposalCreated", logs: r.logs });
    if (!created) throw new Error("ProposalCreated event missing");
    return { id: r.id, cost: r.cost, proposalId: created.args.proposalId };
  }
  /** Votes: 0 Against, 1 For, 2 Abstain. */
  async castVote({ proposalId, support }: { readonly proposalId: bigint; readonly support: 0 | 1 | 2 }): Promise<TransactionReceiptSummary> {
    const { id, cost } = await this.write("castVote", [proposalId, support]);
    return { id, cost };
  }
  /** Queues a Succeeded proposal in the timelock. */
  async queue(actions: EvmProposalActions): Promise<TransactionReceiptSummary> {
    const { id, cost } = await this.write("queue", [actions.targets, actions.values, actions.calldatas, keccak256(toHex(actions.description))]);
    return { id, cost };
  }
  /** Executes a Queued proposal once the timelock delay has passed. */
  async execute(actions: EvmProposalActions): Promise<TransactionReceiptSummary> {
    const { id, cost } = await this.write("execute", [actions.targets, actions.values, actions.calldatas, keccak256(toHex(actions.description))]);
    return { id, cost };
  }
  /** State, votes and timing of a proposal. */
  async getProposal({ proposalId }: { readonly proposalId: bigint }): Promise<Proposal> {
    const { publicClient } = this.params;
    const read = <const F extends "state" | "proposalVotes" | "proposalSnapshot" | "proposalDeadline" | "proposalProposer">(functionName: F) =>
      publicClient.readContract({ address: this.address, abi: calGovernorAbi, functionName, args: [proposalId] } as never);
    try {
      const [state, votes, start, end, proposer] = (await Promise.all([
        read("state"), read("proposalVotes"), read("proposalSnapshot"), read("proposalDeadline"), read("proposalProposer"),
      ])) as [number, readonly [bigint, bigint, bigint], bigint, bigint, Address];
      return {
        id: proposalId, proposer: universalFromEvm(proposer), state: state as ProposalState,
        againstVotes: votes[0], forVotes: votes[1], abstainVotes: votes[2], voteStart: start, voteEnd: end, description: "",
      };
    } catch (e) {
      throw decodeEvmError(e);
    }
  }
}
