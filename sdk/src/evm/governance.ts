import { keccak256, parseEventLogs, toHex, type Address, type Hex } from "viem";
import type { GovernanceClient, SimulateReturnType } from "@calctra/core";
import { universalFromEvm } from "@calctra/core";
import type { Proposal, ProposalState } from "@calctra/core";
import { calGovernorAbi } from "./generated/abis.js";
import { decodeEvmError } from "./errors.js";
import { EvmContractClient } from "./clients.js";
import {
  evmContractWrite,
  type EvmContractWrite,
  type EvmPrepareOptions,
  type EvmPreparedTransaction,
  type EvmTransactionReturnType,
} from "./write.js";

/** A governance proposal's actions: calls the timelock makes when the proposal executes. */
export interface EvmProposalActions {
  readonly targets: readonly Address[];
  readonly values: readonly bigint[];
  readonly calldatas: readonly Hex[];
  readonly description: string;
}

/** Parameters of {@link EvmGovernanceClient.castVote}: 0 Against, 1 For, 2 Abstain. */
export interface EvmCastVoteParameters {
  readonly proposalId: bigint;
  readonly support: 0 | 1 | 2;
}

/** A proposal as its `ProposalCreated` event recorded it (what {@link EvmGovernanceClient.proposals} returns). */
export interface EvmProposalCreated extends EvmProposalActions {
  readonly proposalId: bigint;
  readonly proposer: Address;
  readonly voteStart: bigint;
  readonly voteEnd: bigint;
  readonly blockNumber: bigint;
}

/** What {@link EvmGovernanceClient.propose} returns. */
export interface EvmProposeReturnType extends EvmTransactionReturnType {
  readonly proposalId: bigint;
}

/**
 * Governance on an EVM chain: OpenZeppelin Governor + TimelockController. Voting power comes from
 * delegated CAL (`EvmTokenClient.delegate`). Every write has three forms: `x` sends and waits, `prepareX` returns
 * the unsigned transaction, `simulateX` runs it without sending.
 *
 * @example
 * ```ts
 * const gov = new EvmGovernanceClient({ publicClient, walletClient, deployment });
 * const { proposalId } = await gov.propose({ targets: [marketplace], values: [0n],
 *   calldatas: [encodeFunctionData({ abi: marketplaceAbi, functionName: "setParameter", args: [3, 7200n] })],
 *   description: "Shorten the challenge window to two hours" });
 * ```
 */
export class EvmGovernanceClient extends EvmContractClient implements GovernanceClient<EvmPreparedTransaction> {
  private get address(): Address {
    return this.params.deployment.contracts.CalGovernor;
  }

  /**
   * Creates a proposal; returns its id.
   *
   * @example
   * ```ts
   * const { proposalId } = await gov.propose({ targets: [marketplace], values: [0n], calldatas: [data], description: "Two-hour window" });
   * ```
   */
  async propose(actions: EvmProposalActions): Promise<EvmProposeReturnType> {
    const { logs, ...sent } = await this.writer.send(this.#propose(actions));
    const [created] = parseEventLogs({ abi: calGovernorAbi, eventName: "ProposalCreated", logs: [...logs] });
    if (!created) throw new Error(`propose ${sent.id}: no ProposalCreated event`);
    return { ...sent, proposalId: created.args.proposalId };
  }
  /**
   * The unsigned `propose` (e.g. for a proposer multisig).
   *
   * @example
   * ```ts
   * const call = await gov.preparePropose({ ...actions, account: safe });
   * ```
   */
  async preparePropose(actions: EvmProposalActions & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#propose(actions), actions);
  }
  /**
   * Runs `propose` without sending it: its gas and the proposal id it would get (e.g. `GovernorInsufficientProposerVotes`).
   *
   * @example
   * ```ts
   * const { result: proposalId } = await gov.simulatePropose(actions);
   * ```
   */
  async simulatePropose(actions: EvmProposalActions & EvmPrepareOptions): Promise<SimulateReturnType<bigint>> {
    return this.simulate(this.#propose(actions), actions);
  }
  #propose(a: EvmProposalActions): EvmContractWrite {
    return evmContractWrite({
      address: this.address,
      abi: calGovernorAbi,
      functionName: "propose",
      args: [a.targets, a.values, a.calldatas, a.description],
    });
  }

  /**
   * Votes: 0 Against, 1 For, 2 Abstain.
   *
   * @example
   * ```ts
   * await gov.castVote({ proposalId, support: 1 });
   * ```
   */
  async castVote(parameters: EvmCastVoteParameters): Promise<EvmTransactionReturnType> {
    return this.send(this.#castVote(parameters));
  }
  /**
   * The unsigned `castVote`.
   *
   * @example
   * ```ts
   * const call = await gov.prepareCastVote({ proposalId, support: 1, account: safe });
   * ```
   */
  async prepareCastVote(parameters: EvmCastVoteParameters & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#castVote(parameters), parameters);
  }
  /**
   * Runs `castVote` without sending it: its gas and the voting weight it would count (e.g. `GovernorAlreadyCastVote`).
   *
   * @example
   * ```ts
   * const { result: weight } = await gov.simulateCastVote({ proposalId, support: 1 });
   * ```
   */
  async simulateCastVote(parameters: EvmCastVoteParameters & EvmPrepareOptions): Promise<SimulateReturnType<bigint>> {
    return this.simulate(this.#castVote(parameters), parameters);
  }
  #castVote({ proposalId, support }: EvmCastVoteParameters): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: calGovernorAbi, functionName: "castVote", args: [proposalId, support] });
  }

  /**
   * Queues a Succeeded proposal in the timelock.
   *
   * @example
   * ```ts
   * await gov.queue(actions);
   * ```
   */
  async queue(actions: EvmProposalActions): Promise<EvmTransactionReturnType> {
    return this.send(this.#lifecycle("queue", actions));
  }
  /**
   * The unsigned `queue`.
   *
   * @example
   * ```ts
   * const call = await gov.prepareQueue(actions);
   * ```
   */
  async prepareQueue(actions: EvmProposalActions & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#lifecycle("queue", actions), actions);
  }
  /**
   * Runs `queue` without sending it (e.g. `GovernorUnexpectedProposalState` before the vote succeeded).
   *
   * @example
   * ```ts
   * const { cost } = await gov.simulateQueue(actions);
   * ```
   */
  async simulateQueue(actions: EvmProposalActions & EvmPrepareOptions): Promise<SimulateReturnType<bigint>> {
    return this.simulate(this.#lifecycle("queue", actions), actions);
  }

  /**
   * Executes a Queued proposal once the timelock delay has passed.
   *
   * @example
   * ```ts
   * await gov.execute(actions);
   * ```
   */
  async execute(actions: EvmProposalActions): Promise<EvmTransactionReturnType> {
    return this.send(this.#lifecycle("execute", actions));
  }
  /**
   * The unsigned `execute`.
   *
   * @example
   * ```ts
   * const call = await gov.prepareExecute(actions);
   * ```
   */
  async prepareExecute(actions: EvmProposalActions & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#lifecycle("execute", actions), actions);
  }
  /**
   * Runs `execute` without sending it (e.g. `TimelockUnexpectedOperationState` before the delay has passed).
   *
   * @example
   * ```ts
   * const { cost } = await gov.simulateExecute(actions);
   * ```
   */
  async simulateExecute(actions: EvmProposalActions & EvmPrepareOptions): Promise<SimulateReturnType<bigint>> {
    return this.simulate(this.#lifecycle("execute", actions), actions);
  }

  /** `queue` and `execute` take the actions with the description's hash. */
  #lifecycle(functionName: "queue" | "execute", a: EvmProposalActions): EvmContractWrite {
    return evmContractWrite({
      address: this.address,
      abi: calGovernorAbi,
      functionName,
      args: [a.targets, a.values, a.calldatas, keccak256(toHex(a.description))],
    });
  }

  /**
   * State, votes and timing of a proposal.
   *
   * @example
   * ```ts
   * const { state, forVotes } = await gov.getProposal({ proposalId });
   * ```
   */
  async getProposal({ proposalId }: { readonly proposalId: bigint }): Promise<Proposal> {
    const { publicClient } = this.params;
    const read = <const F extends "state" | "proposalVotes" | "proposalSnapshot" | "proposalDeadline" | "proposalProposer">(
      functionName: F,
    ) => publicClient.readContract({ address: this.address, abi: calGovernorAbi, functionName, args: [proposalId] } as never);
    try {
      const [state, votes, start, end, proposer] = (await Promise.all([
        read("state"),
        read("proposalVotes"),
        read("proposalSnapshot"),
        read("proposalDeadline"),
        read("proposalProposer"),
      ])) as [number, readonly [bigint, bigint, bigint], bigint, bigint, Address];
      return {
        id: proposalId,
        proposer: universalFromEvm(proposer),
        state: state as ProposalState,
        againstVotes: votes[0],
        forVotes: votes[1],
        abstainVotes: votes[2],
        voteStart: start,
        voteEnd: end,
        description: "",
      };
    } catch (e) {
      throw decodeEvmError(e);
    }
  }

  /**
   * Every proposal the Governor created since `fromBlock` (default 0), oldest first, with its calls and description
   * (what `queue` and `execute` need back, and what `decodeEvmProposalActions` reads as actions).
   *
   * @example
   * ```ts
   * const [first] = await gov.proposals({ fromBlock: 0n });
   * await gov.queue(first);
   * ```
   */
  async proposals({ fromBlock = 0n }: { readonly fromBlock?: bigint } = {}): Promise<EvmProposalCreated[]> {
    try {
      const logs = await this.params.publicClient.getContractEvents({
        address: this.address,
        abi: calGovernorAbi,
        eventName: "ProposalCreated",
        fromBlock,
        toBlock: "latest",
      });
      return logs.map((l) => ({
        proposalId: l.args.proposalId!,
        proposer: l.args.proposer!,
        targets: [...(l.args.targets ?? [])],
        values: [...(l.args.values ?? [])],
        calldatas: [...(l.args.calldatas ?? [])],
        description: l.args.description ?? "",
        voteStart: l.args.voteStart!,
        voteEnd: l.args.voteEnd!,
        blockNumber: l.blockNumber,
      }));
    } catch (e) {
      throw decodeEvmError(e);
    }
  }
}
