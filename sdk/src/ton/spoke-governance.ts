/**
 * The TON spoke governance (DESIGN §7; contracts-ton/contracts/executor): a vault holders deposit CAL in and vote
 * from, and the executor of the hub's GovernanceActions — {@link TonSpokeGovernanceClient}, the TON implementation of
 * core's `SpokeGovernanceClient`. Every write comes as `prepareX` (a {@link TonPreparedMessage}), `simulateX` and `x`.
 */
import { Address, type Cell, toNano } from "@ton/core";
import type {
  Domain,
  GovernanceClient,
  Proposal,
  RemoteExecution,
  SpokeGovernanceClient,
  SpokeProposal,
  UniversalAddress,
} from "@calctra/core";
import { CalctraError, DOMAINS, ProposalState } from "@calctra/core";
import { TonContractClient, parseTonAddress, type TonClientParameters, type TonReceipt, type TonSimulateReturnType } from "./clients.js";
import type { TonPreparedMessage } from "./contracts.js";
import {
  ExecutorContract,
  buildExecCastVote,
  buildExecDeposit,
  buildExecExecute,
  buildExecRetry,
  buildExecSendTally,
  buildExecStageVerifier,
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
  /** 0.02 TON stays with the executor for the staged key's storage (30 days); the rest comes back. */
  stageVerifier: toNano("0.1"),
} as const;

/** Most distinct cells of a staged verifying key (`STAGED_VK_MAX_CELLS` of contracts/executor/storage.tolk). */
export const TON_STAGED_VERIFIER_MAX_CELLS = 64;

/**
 * Parameters of {@link TonSpokeGovernanceClient}: the acting wallet and the executor (workchain 0); without
 * `executor`, the deployment's `contracts.governance` (a TON deployment names its executor there).
 */
export interface TonSpokeGovernanceClientParameters extends TonClientParameters {
  readonly executor?: Address | string;
}

/** A hub proposal as this spoke sees it: its snapshot and this spoke's tally (not the hub's outcome). */
export interface TonSpokeProposal extends Proposal, SpokeProposal {}

/** The executor's configuration and progress ({@link TonSpokeGovernanceClient.status}). */
export interface TonSpokeGovernanceStatus {
  /** Seconds a received action list waits before it can run. */
  readonly executionDelay: bigint;
  /** The sequence of the next action list to process. */
  readonly nextSequence: bigint;
  /** CAL deposited in the vault. */
  readonly totalDeposited: bigint;
  /** The bridge the hub's messages arrive through. */
  readonly bridge: Address;
  /** The hub the executor obeys. */
  readonly hubDomain: Domain;
  readonly hubAddress: UniversalAddress;
  /** The guardian who may veto a pending list, or null. */
  readonly guardian: Address | null;
}

/** Parameters of {@link TonSpokeGovernanceClient.stageVerifier}. */
export interface TonStageVerifierParameters {
  /** The marketplace's verifying-key cell (`encodeVerifyingKeyTon({ vkey })` of @calctra/core/zk). */
  readonly vk: Cell;
}

/** A prepared staging, with the `verifier` a `setVerifier` action names. */
export type TonPreparedStageVerifier = TonPreparedMessage & { readonly verifier: UniversalAddress };

const hex32 = (v: bigint): UniversalAddress => `0x${v.toString(16).padStart(64, "0")}`;

/**
 * The `verifier` of a `setVerifier(verifierId, verifier)` action for TON: the representation hash of the verifying-key
 * cell, which the executor looks the staged key up by.
 *
 * @example
 * ```ts
 * const verifier = tonVerifierOf(encodeVerifyingKeyTon({ vkey }));
 * const action = { kind: "setVerifier", verifierId: 1, verifier };
 * ```
 */
export function tonVerifierOf(vk: Cell): UniversalAddress {
  return `0x${vk.hash().toString("hex")}`;
}

function distinctCells(root: Cell, limit: number): number {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length > 0 && seen.size <= limit) {
    const c = stack.pop()!;
    const h = c.hash().toString("hex");
    if (seen.has(h)) continue;
    seen.add(h);
    stack.push(...c.refs);
  }
  return seen.size;
}

const STATES = ["Pending", "Executed", "Vetoed", "Failed"] as const;
type Support = 0 | 1 | 2;

/**
 * Spoke governance on TON: deposit / withdraw voting weight, vote on proposals the hub announced, send the
 * cumulative tally to the hub, execute, veto or retry the hub's action lists, and stage the verifying keys a
 * `setVerifier` action installs.
 *
 * @example
 * ```ts
 * const gov = new TonSpokeGovernanceClient({ ...ton.connect(voter), executor });
 * await gov.deposit({ amount: 100n * CAL });
 * await gov.castVote({ proposalId, support: 1 });
 * await gov.sendTally({ proposalId });
 * ```
 */
export class TonSpokeGovernanceClient
  extends TonContractClient
  implements SpokeGovernanceClient<TonPreparedMessage>, GovernanceClient<TonPreparedMessage>
{
  readonly #executor: Address;
  constructor(parameters: TonSpokeGovernanceClientParameters) {
    super(parameters);
    const executor = parameters.executor ?? parameters.deployment.contracts.governance;
    this.#executor = typeof executor === "string" ? parseTonAddress(executor, "executor") : executor;
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
   * `state` is this spoke's view: Pending up to the snapshot, Active until voteEnd, then Succeeded or Defeated by this
   * spoke's own tally (the hub decides); `proposer` is the hub.
   *
   * @example
   * ```ts
   * const { forVotes, voteEnd } = await gov.getProposal({ proposalId });
   * ```
   */
  async getProposal({ proposalId }: { readonly proposalId: bigint }): Promise<TonSpokeProposal> {
    const e = this.exec;
    const p = await this.read(() => e.getSpokeProposal(proposalId));
    if (!p.found) throw new CalctraError("GovernorNonexistentProposal", { proposalId });
    const { hubAddress } = await this.read(() => e.getExecutorData());
    const now = BigInt(this.now());
    const state =
      now <= p.snapshot
        ? ProposalState.Pending
        : now <= p.voteEnd
          ? ProposalState.Active
          : p.forVotes > p.againstVotes
            ? ProposalState.Succeeded
            : ProposalState.Defeated;
    return {
      id: proposalId,
      proposalId,
      proposer: hex32(hubAddress),
      state,
      snapshot: p.snapshot,
      voteStart: p.snapshot,
      voteEnd: p.voteEnd,
      againstVotes: p.againstVotes,
      forVotes: p.forVotes,
      abstainVotes: p.abstainVotes,
      description: "hub proposal (this spoke's tally)",
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
   * What a voter holds in the vault now.
   *
   * @example
   * ```ts
   * const deposited = await gov.depositOf({ voter: "EQ…" });
   * ```
   */
  async depositOf({ voter }: { readonly voter: string }): Promise<bigint> {
    const e = this.exec;
    const [balance] = await this.read(() => e.getVotingPower(parseTonAddress(voter, "voter"), 0n));
    return balance;
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
  /**
   * The executor's configuration and progress: execution delay, next sequence, hub, guardian.
   *
   * @example
   * ```ts
   * const { nextSequence, executionDelay } = await gov.status();
   * ```
   */
  async status(): Promise<TonSpokeGovernanceStatus> {
    const e = this.exec;
    const d = await this.read(() => e.getExecutorData());
    return {
      executionDelay: BigInt(d.executionDelay),
      nextSequence: d.nextSequence,
      totalDeposited: d.totalDeposited,
      bridge: d.bridge,
      hubDomain: d.hubDomain as Domain,
      hubAddress: hex32(d.hubAddress),
      guardian: d.guardian,
    };
  }

  /**
   * A staging of a verifying key with the executor (anyone; the sender pays 0.02 TON for its storage, the rest of
   * {@link TON_SPOKE_CALL_VALUE}.stageVerifier comes back), with the `verifier` a hub `setVerifier` action names.
   * Refuses (RangeError) a key above {@link TON_STAGED_VERIFIER_MAX_CELLS} cells, which the executor would refuse
   * with `GovernanceVerifierKeyTooLarge`.
   *
   * @example
   * ```ts
   * const { verifier, ...order } = await gov.prepareStageVerifier({ vk: encodeVerifyingKeyTon({ vkey }) });
   * ```
   */
  async prepareStageVerifier({ vk }: TonStageVerifierParameters): Promise<TonPreparedStageVerifier> {
    if (distinctCells(vk, TON_STAGED_VERIFIER_MAX_CELLS) > TON_STAGED_VERIFIER_MAX_CELLS)
      throw new RangeError(
        `a staged verifying key has at most ${TON_STAGED_VERIFIER_MAX_CELLS} cells (the executor refuses it with GovernanceVerifierKeyTooLarge)`,
      );
    return { ...this.#call(TON_SPOKE_CALL_VALUE.stageVerifier, buildExecStageVerifier({ queryId: 0n, vk })), verifier: tonVerifierOf(vk) };
  }
  /**
   * Checks and (with `emulate`) emulates a staging; `result` is the `verifier` to put in the action.
   *
   * @example
   * ```ts
   * const { result: verifier } = await gov.simulateStageVerifier({ vk });
   * ```
   */
  async simulateStageVerifier(parameters: TonStageVerifierParameters): Promise<TonSimulateReturnType<UniversalAddress>> {
    const prepared = await this.prepareStageVerifier(parameters);
    return this.simulate(prepared, prepared.verifier);
  }
  /**
   * Stages a verifying key for 30 days (staging it again renews it) and returns the `verifier` of the
   * `setVerifier(verifierId, verifier)` action that installs it on the marketplace. Without a staged key the action
   * list is recorded as Failed; retry it once the key is staged.
   *
   * @example
   * ```ts
   * const { verifier } = await gov.stageVerifier({ vk: encodeVerifyingKeyTon({ vkey }) });
   * // the hub proposes [{ kind: "setVerifier", verifierId: 1, verifier }] for DOMAINS.ton
   * ```
   */
  async stageVerifier(parameters: TonStageVerifierParameters): Promise<TonReceipt & { readonly verifier: UniversalAddress }> {
    const prepared = await this.prepareStageVerifier(parameters);
    return { ...(await this.send(prepared)), verifier: prepared.verifier };
  }
  /**
   * A staged verifying key by its `verifier` hash: until when it can be installed, or null when it is not staged.
   *
   * @example
   * ```ts
   * const staged = await gov.stagedVerifier({ verifier }); // { expiresAt } | null
   * ```
   */
  async stagedVerifier({ verifier }: { readonly verifier: UniversalAddress }): Promise<{ readonly expiresAt: bigint } | null> {
    const e = this.exec;
    const v = await this.read(() => e.getStagedVerifier(BigInt(verifier)));
    return v.found ? { expiresAt: BigInt(v.expiresAt) } : null;
  }

  /** The executor's address. */
  get executor(): Address {
    return Address.parse(this.#executor.toString());
  }
}
