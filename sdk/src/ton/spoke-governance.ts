/**
 * The TON spoke governance (DESIGN §7; contracts-ton/contracts/executor): a vault holders deposit CAL in and vote
 * from, and the executor of the hub's GovernanceActions — {@link TonSpokeGovernanceClient}, the TON implementation of
 * core's `SpokeGovernanceClient`. Every write comes as `prepareX` (a {@link TonPreparedMessage}), `simulateX` and `x`.
 */
import { Address, type Cell, toNano } from "@ton/core";
import type { RemoteExecution, SpokeGovernanceClient, SpokeProposal } from "@calctra/core";
import { CalctraError, DOMAINS } from "@calctra/core";
import { TonContractClient, parseTonAddress, type TonClientParameters, type TonReceipt, type TonSimulateReturnType } from "./clients.js";
import type { TonPreparedMessage } from "./contracts.js";
import {
  ExecutorContract,
  buildExecCastVote,
  buildExecDeposit,
  buildExecExecute,
  buildExecRetry,
  buildExecSendTally,
  buildExecVeto,
  buildExecWithdraw,
} from "./generated/abi.js";

/** TON attached to each spoke governance call (the executor's gas; execute/retry also pay each action's message). */
export const TON_SPOKE_CALL_VALUE = {
  withdraw: toNano("0.15"),
  castVote: toNano("0.05"),
  sendTally: toNano("0.2"),
  execute: toNano("1"),
  veto: toNano("0.05"),
} as const;

/** Parameters of {@link TonSpokeGovernanceClient}: the acting wallet and the executor (workchain 0). */
export interface TonSpokeGovernanceClientParameters extends TonClientParameters {
  readonly executor: Address | string;
}

const STATES = ["Pending", "Executed", "Vetoed", "Failed"] as const;
type Support = 0 | 1 | 2;

/**
 * Spoke governance on TON: deposit / withdraw voting weight, vote on proposals the hub announced, send the
 * cumulative tally to the hub, and execute, veto or retry the hub's action lists.
 *
 * @example
 * ```ts
 * const gov = new TonSpokeGovernanceClient({ ...ton.connect(voter), executor });
 * await gov.deposit({ amount: 100n * CAL });
 * await gov.castVote({ proposalId, support: 1 });
 * await gov.sendTally({ proposalId });
 * ```
 */
export class TonSpokeGovernanceClient extends TonContractClient implements SpokeGovernanceClient<TonPreparedMessage> {
  readonly #executor: Address;
  constructor(parameters: TonSpokeGovernanceClientParameters) {
    super(parameters);
    this.#executor = typeof parameters.executor === "string" ? parseTonAddress(parameters.executor, "executor") : parameters.executor;
  }
  private get exec() {
    return this.open(new ExecutorContract(this.#executor));
  }
  #call(value: bigint, body: Cell): TonPreparedMessage {
    return this.message(this.#executor, value, body);
  }

  /**
   * A deposit of voting weight: a CAL transfer to the executor with the deposit payload.
   *
   * @example
   * ```ts
   * const order = await gov.prepareDeposit({ amount: 100n * CAL });
   * ```
   */
  async prepareDeposit({ amount }: { readonly amount: bigint }): Promise<TonPreparedMessage> {
    if (amount <= 0n) throw new RangeError("amount must be positive");
    return this.calTransfer(this.#executor, amount, buildExecDeposit());
  }
  /**
   * Checks and (with `emulate`) emulates a deposit.
   *
   * @example
   * ```ts
   * await gov.simulateDeposit({ amount: 100n * CAL });
   * ```
   */
  async simulateDeposit(parameters: { readonly amount: bigint }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareDeposit(parameters));
  }
  /**
   * Deposits CAL as voting weight (counted for proposals whose snapshot is after the deposit).
   *
   * @example
   * ```ts
   * await gov.deposit({ amount: 100n * CAL });
   * ```
   */
  async deposit(parameters: { readonly amount: bigint }): Promise<TonReceipt> {
    return this.send(await this.prepareDeposit(parameters));
  }

  /**
   * A withdrawal of deposited CAL.
   *
   * @example
   * ```ts
   * const order = await gov.prepareWithdraw({ amount: 100n * CAL });
   * ```
   */
  async prepareWithdraw({ amount }: { readonly amount: bigint }): Promise<TonPreparedMessage> {
    if (amount <= 0n) throw new RangeError("amount must be positive");
    return this.#call(TON_SPOKE_CALL_VALUE.withdraw, buildExecWithdraw({ queryId: 0n, amount }));
  }
  /**
   * Checks and (with `emulate`) emulates a withdrawal.
   *
   * @example
   * ```ts
   * await gov.simulateWithdraw({ amount: 100n * CAL });
   * ```
   */
  async simulateWithdraw(parameters: { readonly amount: bigint }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareWithdraw(parameters));
  }
  /**
   * Withdraws deposited CAL (votes already cast keep their snapshot weight).
   *
   * @example
   * ```ts
   * await gov.withdraw({ amount: 100n * CAL });
   * ```
   */
  async withdraw(parameters: { readonly amount: bigint }): Promise<TonReceipt> {
    return this.send(await this.prepareWithdraw(parameters));
  }

  /**
   * A vote: 0 Against, 1 For, 2 Abstain, weighted by the deposit held at the proposal's snapshot.
   *
   * @example
   * ```ts
   * const order = await gov.prepareCastVote({ proposalId, support: 1 });
   * ```
   */
  async prepareCastVote({ proposalId, support }: { readonly proposalId: bigint; readonly support: Support }): Promise<TonPreparedMessage> {
    return this.#call(TON_SPOKE_CALL_VALUE.castVote, buildExecCastVote({ queryId: 0n, proposalId, support }));
  }
  /**
   * Checks and (with `emulate`) emulates a vote (`GovernanceNoVotingPower`, `GovernorAlreadyCastVote`, ...).
   *
   * @example
   * ```ts
   * const { cost } = await gov.simulateCastVote({ proposalId, support: 1 });
   * ```
   */
  async simulateCastVote(parameters: { readonly proposalId: bigint; readonly support: Support }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareCastVote(parameters));
  }
  /**
   * Votes on a proposal the hub announced.
   *
   * @example
   * ```ts
   * await gov.castVote({ proposalId, support: 1 });
   * ```
   */
  async castVote(parameters: { readonly proposalId: bigint; readonly support: Support }): Promise<TonReceipt> {
    return this.send(await this.prepareCastVote(parameters));
  }

  /**
   * The cumulative tally of a proposal sent to the hub (a VoteTally bridge message); anyone may send it.
   *
   * @example
   * ```ts
   * const order = await gov.prepareSendTally({ proposalId });
   * ```
   */
  async prepareSendTally({ proposalId }: { readonly proposalId: bigint }): Promise<TonPreparedMessage> {
    return this.#call(TON_SPOKE_CALL_VALUE.sendTally, buildExecSendTally({ queryId: 0n, proposalId }));
  }
  /**
   * Checks and (with `emulate`) emulates sending the tally.
   *
   * @example
   * ```ts
   * await gov.simulateSendTally({ proposalId });
   * ```
   */
  async simulateSendTally(parameters: { readonly proposalId: bigint }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareSendTally(parameters));
  }
  /**
   * Sends the cumulative tally to the hub.
   *
   * @example
   * ```ts
   * await gov.sendTally({ proposalId });
   * ```
   */
  async sendTally(parameters: { readonly proposalId: bigint }): Promise<TonReceipt> {
    return this.send(await this.prepareSendTally(parameters));
  }

  /**
   * Execution of action list `sequence` (after its eta, strictly in order; anyone).
   *
   * @example
   * ```ts
   * const order = await gov.prepareExecute({ sequence: 1n });
   * ```
   */
  async prepareExecute({ sequence }: { readonly sequence: bigint }): Promise<TonPreparedMessage> {
    return this.#call(TON_SPOKE_CALL_VALUE.execute, buildExecExecute({ queryId: 0n, sequence }));
  }
  /**
   * Checks and (with `emulate`) emulates an execution (`GovernanceOutOfOrder`, `GovernanceExecutionDelayActive`).
   *
   * @example
   * ```ts
   * await gov.simulateExecute({ sequence: 1n });
   * ```
   */
  async simulateExecute(parameters: { readonly sequence: bigint }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareExecute(parameters));
  }
  /**
   * Executes action list `sequence`.
   *
   * @example
   * ```ts
   * await gov.execute({ sequence: 1n });
   * ```
   */
  async execute(parameters: { readonly sequence: bigint }): Promise<TonReceipt> {
    return this.send(await this.prepareExecute(parameters));
  }

  /**
   * A guardian's veto of a pending action list.
   *
   * @example
   * ```ts
   * const order = await guardianGov.prepareVeto({ sequence: 2n });
   * ```
   */
  async prepareVeto({ sequence }: { readonly sequence: bigint }): Promise<TonPreparedMessage> {
    return this.#call(TON_SPOKE_CALL_VALUE.veto, buildExecVeto({ queryId: 0n, sequence }));
  }
  /**
   * Checks and (with `emulate`) emulates a veto (`GovernanceNotGuardian`, `GovernanceActionsNotPending`).
   *
   * @example
   * ```ts
   * await guardianGov.simulateVeto({ sequence: 2n });
   * ```
   */
  async simulateVeto(parameters: { readonly sequence: bigint }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareVeto(parameters));
  }
  /**
   * Vetoes a pending action list (guardian only).
   *
   * @example
   * ```ts
   * await guardianGov.veto({ sequence: 2n });
   * ```
   */
  async veto(parameters: { readonly sequence: bigint }): Promise<TonReceipt> {
    return this.send(await this.prepareVeto(parameters));
  }

  /**
   * A retry of a Failed action list.
   *
   * @example
   * ```ts
   * const order = await gov.prepareRetry({ sequence: 2n });
   * ```
   */
  async prepareRetry({ sequence }: { readonly sequence: bigint }): Promise<TonPreparedMessage> {
    return this.#call(TON_SPOKE_CALL_VALUE.execute, buildExecRetry({ queryId: 0n, sequence }));
  }
  /**
   * Checks and (with `emulate`) emulates a retry.
   *
   * @example
   * ```ts
   * await gov.simulateRetry({ sequence: 2n });
   * ```
   */
  async simulateRetry(parameters: { readonly sequence: bigint }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareRetry(parameters));
  }
  /**
   * Sends a Failed action list again.
   *
   * @example
   * ```ts
   * await gov.retry({ sequence: 2n });
   * ```
   */
  async retry(parameters: { readonly sequence: bigint }): Promise<TonReceipt> {
    return this.send(await this.prepareRetry(parameters));
  }

  /**
   * The proposal as announced to this spoke, with its cumulative tally (`GovernorNonexistentProposal` when unknown).
   *
   * @example
   * ```ts
   * const { forVotes, voteEnd } = await gov.getProposal({ proposalId });
   * ```
   */
  async getProposal({ proposalId }: { readonly proposalId: bigint }): Promise<SpokeProposal> {
    const e = this.exec;
    const p = await this.read(() => e.getSpokeProposal(proposalId));
    if (!p.found) throw new CalctraError("GovernorNonexistentProposal", { proposalId });
    return {
      proposalId,
      snapshot: p.snapshot,
      voteEnd: p.voteEnd,
      againstVotes: p.againstVotes,
      forVotes: p.forVotes,
      abstainVotes: p.abstainVotes,
    };
  }
  /**
   * A voter's weight for a proposal: its deposit at the proposal's snapshot.
   *
   * @example
   * ```ts
   * const weight = await gov.votingPower({ proposalId, voter: "EQ…" });
   * ```
   */
  async votingPower({ proposalId, voter }: { readonly proposalId: bigint; readonly voter: string }): Promise<bigint> {
    const { snapshot } = await this.getProposal({ proposalId });
    const e = this.exec;
    const [, weight] = await this.read(() => e.getVotingPower(parseTonAddress(voter, "voter"), snapshot));
    return weight;
  }
  /**
   * Where the executor stands with action list `sequence` (`InFlight` until the bridge delivered it).
   *
   * @example
   * ```ts
   * const { state, eta } = await gov.remoteExecution({ sequence: 1n }); // "Pending", …
   * ```
   */
  async remoteExecution({ sequence }: { readonly sequence: bigint }): Promise<RemoteExecution> {
    const e = this.exec;
    const a = await this.read(() => e.getActions(sequence));
    if (!a.found) return { domain: DOMAINS.ton, state: "InFlight", sequence };
    return { domain: DOMAINS.ton, state: STATES[a.status] ?? "Failed", sequence, eta: BigInt(a.eta) };
  }
  /** The executor's address. */
  get executor(): Address {
    return Address.parse(this.#executor.toString());
  }
}
