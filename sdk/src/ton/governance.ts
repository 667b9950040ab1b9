/**
 * Governance on TON: lock-to-vote (CAL deposited into the governance vault), For/Against/Abstain,
 * quorum, timelock, typed actions that governance executes as the admin of staking and the
 * marketplace. Proposal states use the OpenZeppelin numbering, like every chain. Every write comes as
 * `prepareX` / `simulateX` / `x` (see ./clients.ts for what `simulateX` checks on TON).
 */
import type { Cell } from "@ton/core";
import type { GovernanceClient } from "@calctra/core";
import { CalctraError } from "@calctra/core";
import type { Proposal, ProposalState } from "@calctra/core";
import { TonContractClient, parseTonAddress, universalFromTonAddress, type TonReceipt, type TonSimulateReturnType } from "./clients.js";
import { TON_CALL_VALUE, type TonPreparedMessage } from "./contracts.js";
import {
  GovernanceContract,
  buildCancelProposal,
  buildCastVote,
  buildDepositVotes,
  buildExecuteProposal,
  buildPropose,
  buildQueueProposal,
  buildWithdrawVotes,
} from "./generated/abi.js";

export { tonGovActions, tonMarketParamIds, tonRoleIds, tonStakingParamIds, type TonGovActionBuilders } from "./contracts.js";

const U32_MAX = 0xffff_ffffn;

function assertProposalId(proposalId: bigint): number {
  if (proposalId <= 0n || proposalId > U32_MAX) throw new CalctraError("GovernorNonexistentProposal", { proposalId });
  return Number(proposalId);
}

/** Parameters of the governance calls on one proposal. */
export interface TonProposalParameters {
  readonly proposalId: bigint;
}
/** Parameters of {@link TonGovernanceClient.castVote}: 0 Against, 1 For, 2 Abstain. */
export interface TonCastVoteParameters extends TonProposalParameters {
  readonly support: 0 | 1 | 2;
}
/** Parameters of {@link TonGovernanceClient.depositVotes} and {@link TonGovernanceClient.withdrawVotes}. */
export interface TonVotesParameters {
  /** CAL base units. */
  readonly amount: bigint;
}
/** Parameters of {@link TonGovernanceClient.propose}. */
export interface TonProposeParameters {
  /** A typed action cell (see {@link tonGovActions}). */
  readonly action: Cell;
}
/** What {@link TonGovernanceClient.propose} returns. */
export type TonProposeReturnType = TonReceipt & { readonly proposalId: bigint };

/**
 * Governance on TON.
 *
 * @example
 * ```ts
 * const gov = new TonGovernanceClient({ open, sender: holder.getSender(), deployment, now: () => blockchain.now! });
 * await gov.depositVotes({ amount: 2_000n * CAL });
 * const { proposalId } = await gov.propose({ action: tonGovActions().pause() });
 * ```
 */
export class TonGovernanceClient extends TonContractClient implements GovernanceClient<TonPreparedMessage> {
  private get gov() {
    return this.open(new GovernanceContract(this.contract("governance")));
  }
  /** A call on one proposal, addressed to governance. */
  #proposalCall(proposalId: bigint, value: bigint, body: (id: number) => Cell): TonPreparedMessage {
    return this.message(this.contract("governance"), value, body(assertProposalId(proposalId)));
  }

  /**
   * A deposit of voting weight as an unsigned message: a CAL transfer to governance with the deposit payload.
   *
   * @example
   * ```ts
   * const order = await gov.prepareDepositVotes({ amount: 2_000n * CAL });
   * ```
   */
  async prepareDepositVotes({ amount }: TonVotesParameters): Promise<TonPreparedMessage> {
    if (amount <= 0n) throw new RangeError("amount must be positive");
    return this.calTransfer(this.contract("governance"), amount, buildDepositVotes());
  }
  /**
   * Checks and (with `emulate`) emulates a deposit of voting weight.
   *
   * @example
   * ```ts
   * await gov.simulateDepositVotes({ amount: 2_000n * CAL });
   * ```
   */
  async simulateDepositVotes(parameters: TonVotesParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareDepositVotes(parameters));
  }
  /**
   * Locks CAL in the governance vault as voting weight (a CAL transfer with the deposit payload).
   *
   * @example
   * ```ts
   * await gov.depositVotes({ amount: 2_000n * CAL });
   * ```
   */
  async depositVotes(parameters: TonVotesParameters): Promise<TonReceipt> {
    return this.send(await this.prepareDepositVotes(parameters));
  }

  /**
   * A withdrawal of voting weight as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await gov.prepareWithdrawVotes({ amount: 2_000n * CAL });
   * ```
   */
  async prepareWithdrawVotes({ amount }: TonVotesParameters): Promise<TonPreparedMessage> {
    if (amount <= 0n) throw new RangeError("amount must be positive");
    return this.message(this.contract("governance"), TON_CALL_VALUE.withdrawVotes, buildWithdrawVotes({ queryId: 0n, amount }));
  }
  /**
   * Checks and (with `emulate`) emulates a withdrawal of voting weight (`GovernanceTokensLocked` while a voted
   * proposal runs).
   *
   * @example
   * ```ts
   * await gov.simulateWithdrawVotes({ amount: 2_000n * CAL });
   * ```
   */
  async simulateWithdrawVotes(parameters: TonVotesParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareWithdrawVotes(parameters));
  }
  /**
   * Withdraws voting weight once every proposal it voted on has ended (`GovernanceTokensLocked` before).
   *
   * @example
   * ```ts
   * await gov.withdrawVotes({ amount: 2_000n * CAL });
   * ```
   */
  async withdrawVotes(parameters: TonVotesParameters): Promise<TonReceipt> {
    return this.send(await this.prepareWithdrawVotes(parameters));
  }

  /**
   * Voting weight locked by `voter` and until when.
   *
   * @example
   * ```ts
   * const { amount, lockedUntil } = await gov.getVoter({ voter: "EQ…" });
   * ```
   */
  async getVoter({ voter }: { readonly voter: string }): Promise<{ readonly amount: bigint; readonly lockedUntil: bigint }> {
    const g = this.gov;
    const who = parseTonAddress(voter, "voter");
    const v = await this.read(() => g.getVoter(who));
    return { amount: v.amount, lockedUntil: BigInt(v.lockedUntil) };
  }

  /**
   * A proposal of a typed action as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await gov.preparePropose({ action: tonGovActions().pause() });
   * ```
   */
  async preparePropose({ action }: TonProposeParameters): Promise<TonPreparedMessage> {
    return this.message(this.contract("governance"), TON_CALL_VALUE.propose, buildPropose({ queryId: 0n, action }));
  }
  /**
   * Checks and (with `emulate`) emulates a proposal (`GovernorInsufficientProposerVotes` below the threshold);
   * `result` is the id it would get.
   *
   * @example
   * ```ts
   * const { result: proposalId } = await gov.simulatePropose({ action: tonGovActions().pause() });
   * ```
   */
  async simulatePropose(parameters: TonProposeParameters): Promise<TonSimulateReturnType<bigint>> {
    const message = await this.preparePropose(parameters);
    return this.simulate(message, await this.firstFreeProposalId());
  }
  /**
   * Proposes a typed action (see {@link tonGovActions}); returns the proposal id.
   *
   * @example
   * ```ts
   * const { proposalId } = await gov.propose({ action: tonGovActions().registerVerifier(1, vkCell) });
   * ```
   */
  async propose(parameters: TonProposeParameters): Promise<TonProposeReturnType> {
    const message = await this.preparePropose(parameters);
    // ids are sequential from 1 and proposals are never deleted: the first free id is the new one
    const proposalId = await this.firstFreeProposalId();
    const receipt = await this.send(message);
    if (receipt.transactionCount > 0) {
      const g = this.gov;
      const p = await this.read(() => g.getProposal(proposalId));
      if (!p.proposer.equals(this.address)) throw new Error(`proposal ${proposalId} was created by another proposer concurrently`);
    }
    return { ...receipt, proposalId };
  }

  /**
   * A vote as an unsigned message: 0 Against, 1 For, 2 Abstain, with all the sender's locked weight.
   *
   * @example
   * ```ts
   * const order = await gov.prepareCastVote({ proposalId: 1n, support: 1 });
   * ```
   */
  async prepareCastVote({ proposalId, support }: TonCastVoteParameters): Promise<TonPreparedMessage> {
    const id = assertProposalId(proposalId);
    if (support !== 0 && support !== 1 && support !== 2) throw new CalctraError("GovernanceInvalidAction", { support });
    return this.message(this.contract("governance"), TON_CALL_VALUE.castVote, buildCastVote({ queryId: 0n, proposalId: id, support }));
  }
  /**
   * Checks and (with `emulate`) emulates a vote (`GovernorUnexpectedProposalState` outside the voting period,
   * `GovernorAlreadyCastVote`).
   *
   * @example
   * ```ts
   * await gov.simulateCastVote({ proposalId: 1n, support: 1 });
   * ```
   */
  async simulateCastVote(parameters: TonCastVoteParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareCastVote(parameters));
  }
  /**
   * Votes: 0 Against, 1 For, 2 Abstain, with all the sender's locked weight.
   *
   * @example
   * ```ts
   * await gov.castVote({ proposalId: 1n, support: 1 });
   * ```
   */
  async castVote(parameters: TonCastVoteParameters): Promise<TonReceipt> {
    return this.send(await this.prepareCastVote(parameters));
  }

  /**
   * Queueing a Succeeded proposal as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await gov.prepareQueue({ proposalId: 1n });
   * ```
   */
  async prepareQueue({ proposalId }: TonProposalParameters): Promise<TonPreparedMessage> {
    return this.#proposalCall(proposalId, TON_CALL_VALUE.queue, (id) => buildQueueProposal({ queryId: 0n, proposalId: id }));
  }
  /**
   * Checks and (with `emulate`) emulates queueing (`GovernorUnexpectedProposalState` unless Succeeded).
   *
   * @example
   * ```ts
   * await gov.simulateQueue({ proposalId: 1n });
   * ```
   */
  async simulateQueue(parameters: TonProposalParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareQueue(parameters));
  }
  /**
   * Queues a Succeeded proposal in the timelock.
   *
   * @example
   * ```ts
   * await gov.queue({ proposalId: 1n });
   * ```
   */
  async queue(parameters: TonProposalParameters): Promise<TonReceipt> {
    return this.send(await this.prepareQueue(parameters));
  }

  /**
   * The execution of a Queued proposal as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await gov.prepareExecute({ proposalId: 1n });
   * ```
   */
  async prepareExecute({ proposalId }: TonProposalParameters): Promise<TonPreparedMessage> {
    return this.#proposalCall(proposalId, TON_CALL_VALUE.execute, (id) => buildExecuteProposal({ queryId: 0n, proposalId: id }));
  }
  /**
   * Checks and (with `emulate`) emulates an execution, including the target's handling of the admin message
   * (`TimelockUnexpectedOperationState` before the timelock has passed).
   *
   * @example
   * ```ts
   * await gov.simulateExecute({ proposalId: 1n });
   * ```
   */
  async simulateExecute(parameters: TonProposalParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareExecute(parameters));
  }
  /**
   * Executes a Queued proposal once its timelock has passed: governance sends the admin message.
   * A target that refuses it bounces and the proposal returns to Queued.
   *
   * @example
   * ```ts
   * await gov.execute({ proposalId: 1n });
   * ```
   */
  async execute(parameters: TonProposalParameters): Promise<TonReceipt> {
    return this.send(await this.prepareExecute(parameters));
  }

  /**
   * The cancellation of a Pending proposal (its proposer only) as an unsigned message.
   *
   * @example
   * ```ts
   * const order = await gov.prepareCancel({ proposalId: 1n });
   * ```
   */
  async prepareCancel({ proposalId }: TonProposalParameters): Promise<TonPreparedMessage> {
    return this.#proposalCall(proposalId, TON_CALL_VALUE.cancel, (id) => buildCancelProposal({ queryId: 0n, proposalId: id }));
  }
  /**
   * Checks and (with `emulate`) emulates a cancellation (`Unauthorized` for anyone but the proposer).
   *
   * @example
   * ```ts
   * await gov.simulateCancel({ proposalId: 1n });
   * ```
   */
  async simulateCancel(parameters: TonProposalParameters): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareCancel(parameters));
  }
  /**
   * Cancels a Pending proposal (its proposer only).
   *
   * @example
   * ```ts
   * await gov.cancel({ proposalId: 1n });
   * ```
   */
  async cancel(parameters: TonProposalParameters): Promise<TonReceipt> {
    return this.send(await this.prepareCancel(parameters));
  }

  /**
   * State, votes and timing of a proposal; `GovernorNonexistentProposal` for an unknown id.
   *
   * @example
   * ```ts
   * const p = await gov.getProposal({ proposalId: 1n });
   * p.state === ProposalState.Executed;
   * ```
   */
  async getProposal({ proposalId }: TonProposalParameters): Promise<Proposal & { readonly eta: bigint }> {
    assertProposalId(proposalId);
    const g = this.gov;
    const p = await this.read(() => g.getProposal(proposalId));
    return {
      id: proposalId,
      proposer: universalFromTonAddress(p.proposer),
      state: Number(p.state) as ProposalState,
      forVotes: p.forVotes,
      againstVotes: p.againstVotes,
      abstainVotes: p.abstainVotes,
      voteStart: BigInt(p.voteStart),
      voteEnd: BigInt(p.voteEnd),
      eta: BigInt(p.eta),
      description: "",
    };
  }

  private async exists(id: bigint): Promise<boolean> {
    try {
      await this.getProposal({ proposalId: id });
      return true;
    } catch (e) {
      if (e instanceof CalctraError && e.name === "GovernorNonexistentProposal") return false;
      throw e;
    }
  }
  /** Exponential then binary search for the first unused proposal id (O(log n) get-method calls). */
  private async firstFreeProposalId(): Promise<bigint> {
    let hi = 1n;
    while (await this.exists(hi)) hi *= 2n;
    let lo = hi / 2n; // exists(lo) is true, or lo = 0
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      if (await this.exists(mid)) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}
