/**
 * Governance on an EVM spoke (DESIGN §7): the SpokeVault (deposit CAL as voting weight, vote on hub proposals with the
 * deposit at their snapshot, send the tally to the hub) and the SpokeExecutor (execute, veto and retry the hub's
 * action lists), as the chain-neutral `SpokeGovernanceClient`. Every write has three forms: `x` sends and waits,
 * `prepareX` returns the unsigned transaction, `simulateX` runs it without sending.
 */
import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from "viem";
import type { RemoteExecution, RemoteExecutionState, SimulateReturnType, SpokeGovernanceClient, SpokeProposal } from "@calctra/core";
import { spokeExecutorAbi, spokeVaultAbi } from "./generated/abis.js";
import { decodeEvmError } from "./errors.js";
import {
  EvmWriter,
  evmContractWrite,
  type EvmContractWrite,
  type EvmPrepareOptions,
  type EvmPreparedTransaction,
  type EvmTransactionReturnType,
} from "./write.js";

/** Parameters of {@link EvmSpokeGovernanceClient}. */
export interface EvmSpokeGovernanceParameters {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** The spoke's SpokeVault. */
  readonly vault: Address;
  /** The spoke's SpokeExecutor. */
  readonly executor: Address;
}

type Amount = { readonly amount: bigint };
type Vote = { readonly proposalId: bigint; readonly support: 0 | 1 | 2 };
type ProposalRef = { readonly proposalId: bigint };
type SequenceRef = { readonly sequence: bigint };

/** ISpokeExecutor.ListStatus (0 None: not delivered here) as the chain-neutral state. */
const LIST_STATES: readonly RemoteExecutionState[] = ["InFlight", "Pending", "Executed", "Vetoed", "Failed"];

/**
 * A spoke's governance on an EVM chain: the vault holders vote from and the executor of the hub's decisions.
 *
 * @example
 * ```ts
 * const spoke = new EvmSpokeGovernanceClient({ publicClient, walletClient, vault, executor });
 * await spoke.deposit({ amount: 100n * CAL });
 * await spoke.castVote({ proposalId, support: 1 });
 * await spoke.sendTally({ proposalId });
 * ```
 */
export class EvmSpokeGovernanceClient implements SpokeGovernanceClient<EvmPreparedTransaction> {
  readonly #writer: EvmWriter;
  #token?: Address;

  constructor(private readonly params: EvmSpokeGovernanceParameters) {
    this.#writer = new EvmWriter(params);
  }

  async #send(write: EvmContractWrite | Promise<EvmContractWrite>): Promise<EvmTransactionReturnType> {
    const { logs: _logs, ...sent } = await this.#writer.send(await write);
    return sent;
  }
  async #prepare(write: EvmContractWrite | Promise<EvmContractWrite>, o: EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#writer.prepare(await write, o.account);
  }
  async #simulate<T>(write: EvmContractWrite | Promise<EvmContractWrite>, o: EvmPrepareOptions): Promise<SimulateReturnType<T>> {
    return this.#writer.simulate<T>(await write, o.account);
  }
  async #read<T>(address: Address, abi: typeof spokeVaultAbi | typeof spokeExecutorAbi, functionName: string, args: readonly unknown[]) {
    try {
      return (await this.params.publicClient.readContract({ address, abi, functionName, args } as never)) as T;
    } catch (e) {
      throw decodeEvmError(e);
    }
  }
  #vault(functionName: "withdraw" | "castVote" | "sendTally", args: readonly unknown[]): EvmContractWrite {
    return evmContractWrite({ address: this.params.vault, abi: spokeVaultAbi, functionName, args } as never);
  }
  #executor(functionName: "execute" | "veto" | "retry", { sequence }: SequenceRef): EvmContractWrite {
    return evmContractWrite({ address: this.params.executor, abi: spokeExecutorAbi, functionName, args: [sequence] });
  }
  async #deposit({ amount }: Amount): Promise<EvmContractWrite> {
    this.#token ??= await this.#read<Address>(this.params.vault, spokeVaultAbi, "token", []);
    return evmContractWrite({
      address: this.params.vault,
      abi: spokeVaultAbi,
      functionName: "deposit",
      args: [amount],
      spends: { token: this.#token, amount },
    });
  }

  /**
   * Deposits spoke CAL as voting weight, counted from this block's timestamp on (approving the vault first when needed).
   *
   * @example
   * ```ts
   * await spoke.deposit({ amount: 100n * CAL });
   * ```
   */
  async deposit(p: Amount): Promise<EvmTransactionReturnType> {
    return this.#send(this.#deposit(p));
  }
  /** The unsigned `deposit`, with the `approve` to run first when the allowance is short. */
  async prepareDeposit(p: Amount & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#prepare(this.#deposit(p), p);
  }
  /** Runs `deposit` without sending it. */
  async simulateDeposit(p: Amount & EvmPrepareOptions): Promise<SimulateReturnType<void>> {
    return this.#simulate(this.#deposit(p), p);
  }

  /**
   * Withdraws deposited CAL (weights at past snapshots are unchanged).
   *
   * @example
   * ```ts
   * await spoke.withdraw({ amount: 100n * CAL });
   * ```
   */
  async withdraw(p: Amount): Promise<EvmTransactionReturnType> {
    return this.#send(this.#vault("withdraw", [p.amount]));
  }
  /** The unsigned `withdraw`. */
  async prepareWithdraw(p: Amount & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#prepare(this.#vault("withdraw", [p.amount]), p);
  }
  /** Runs `withdraw` without sending it (e.g. `GovernanceInvalidAmount`). */
  async simulateWithdraw(p: Amount & EvmPrepareOptions): Promise<SimulateReturnType<void>> {
    return this.#simulate(this.#vault("withdraw", [p.amount]), p);
  }

  /**
   * Votes on an announced hub proposal with the deposit at its snapshot: 0 Against, 1 For, 2 Abstain.
   *
   * @example
   * ```ts
   * await spoke.castVote({ proposalId, support: 1 });
   * ```
   */
  async castVote(p: Vote): Promise<EvmTransactionReturnType> {
    return this.#send(this.#vault("castVote", [p.proposalId, p.support]));
  }
  /** The unsigned `castVote`. */
  async prepareCastVote(p: Vote & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#prepare(this.#vault("castVote", [p.proposalId, p.support]), p);
  }
  /** Runs `castVote` without sending it: the weight it would count (e.g. `GovernanceNoVotingPower`). */
  async simulateCastVote(p: Vote & EvmPrepareOptions): Promise<SimulateReturnType<bigint>> {
    return this.#simulate<bigint>(this.#vault("castVote", [p.proposalId, p.support]), p);
  }

  /**
   * Sends this spoke's cumulative tally of a proposal to the hub (anyone may).
   *
   * @example
   * ```ts
   * await spoke.sendTally({ proposalId });
   * ```
   */
  async sendTally(p: ProposalRef): Promise<EvmTransactionReturnType> {
    return this.#send(this.#vault("sendTally", [p.proposalId]));
  }
  /** The unsigned `sendTally`. */
  async prepareSendTally(p: ProposalRef & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#prepare(this.#vault("sendTally", [p.proposalId]), p);
  }
  /** Runs `sendTally` without sending it: the bridge message id it would get. */
  async simulateSendTally(p: ProposalRef & EvmPrepareOptions): Promise<SimulateReturnType<`0x${string}`>> {
    return this.#simulate<`0x${string}`>(this.#vault("sendTally", [p.proposalId]), p);
  }

  /**
   * Executes the hub's `sequence`-th action list once its delay is over and the previous one is settled (anyone).
   *
   * @example
   * ```ts
   * await spoke.execute({ sequence: 1n });
   * ```
   */
  async execute(p: SequenceRef): Promise<EvmTransactionReturnType> {
    return this.#send(this.#executor("execute", p));
  }
  /** The unsigned `execute`. */
  async prepareExecute(p: SequenceRef & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#prepare(this.#executor("execute", p), p);
  }
  /** Runs `execute` without sending it: whether the list would run to completion (e.g. `GovernanceExecutionDelayActive`). */
  async simulateExecute(p: SequenceRef & EvmPrepareOptions): Promise<SimulateReturnType<boolean>> {
    return this.#simulate<boolean>(this.#executor("execute", p), p);
  }

  /**
   * Vetoes a Pending list (the Guardian only).
   *
   * @example
   * ```ts
   * await spoke.veto({ sequence: 2n });
   * ```
   */
  async veto(p: SequenceRef): Promise<EvmTransactionReturnType> {
    return this.#send(this.#executor("veto", p));
  }
  /** The unsigned `veto`. */
  async prepareVeto(p: SequenceRef & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#prepare(this.#executor("veto", p), p);
  }
  /** Runs `veto` without sending it (e.g. `GovernanceNotGuardian`). */
  async simulateVeto(p: SequenceRef & EvmPrepareOptions): Promise<SimulateReturnType<void>> {
    return this.#simulate(this.#executor("veto", p), p);
  }

  /**
   * Runs a Failed list again (anyone).
   *
   * @example
   * ```ts
   * await spoke.retry({ sequence: 1n });
   * ```
   */
  async retry(p: SequenceRef): Promise<EvmTransactionReturnType> {
    return this.#send(this.#executor("retry", p));
  }
  /** The unsigned `retry`. */
  async prepareRetry(p: SequenceRef & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.#prepare(this.#executor("retry", p), p);
  }
  /** Runs `retry` without sending it (e.g. `GovernanceActionsNotPending`). */
  async simulateRetry(p: SequenceRef & EvmPrepareOptions): Promise<SimulateReturnType<boolean>> {
    return this.#simulate<boolean>(this.#executor("retry", p), p);
  }

  /**
   * The proposal as announced to this spoke (snapshot, vote end; zero when not announced) with its cumulative tally.
   *
   * @example
   * ```ts
   * const { forVotes, voteEnd } = await spoke.getProposal({ proposalId });
   * ```
   */
  async getProposal({ proposalId }: ProposalRef): Promise<SpokeProposal> {
    const t = await this.#read<{ snapshot: bigint; voteEnd: bigint; againstVotes: bigint; forVotes: bigint; abstainVotes: bigint }>(
      this.params.vault,
      spokeVaultAbi,
      "proposalTally",
      [proposalId],
    );
    return {
      proposalId,
      snapshot: t.snapshot,
      voteEnd: t.voteEnd,
      againstVotes: t.againstVotes,
      forVotes: t.forVotes,
      abstainVotes: t.abstainVotes,
    };
  }

  /**
   * A voter's weight for a proposal: its deposit at the proposal's snapshot (0 before the proposal is announced).
   *
   * @example
   * ```ts
   * const weight = await spoke.votingPower({ proposalId, voter: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" });
   * ```
   */
  async votingPower({ proposalId, voter }: { readonly proposalId: bigint; readonly voter: string }): Promise<bigint> {
    const { snapshot } = await this.getProposal({ proposalId });
    if (snapshot === 0n) return 0n;
    return this.#read<bigint>(this.params.vault, spokeVaultAbi, "depositAt", [voter, snapshot]);
  }

  /**
   * What a voter holds in the vault now.
   *
   * @example
   * ```ts
   * const deposited = await spoke.depositOf({ voter: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" });
   * ```
   */
  async depositOf({ voter }: { readonly voter: string }): Promise<bigint> {
    return this.#read<bigint>(this.params.vault, spokeVaultAbi, "depositOf", [voter]);
  }

  /**
   * Where the executor stands with the hub's `sequence`-th action list. A list not delivered here is `InFlight`
   * (the hub's `lastSequence` tells whether it was dispatched at all).
   *
   * @example
   * ```ts
   * const { state, eta } = await spoke.remoteExecution({ sequence: 1n });
   * ```
   */
  async remoteExecution({ sequence }: SequenceRef): Promise<RemoteExecution> {
    const [list, domain] = await Promise.all([
      this.#read<{ proposalId: bigint; eta: bigint; status: number }>(this.params.executor, spokeExecutorAbi, "actionList", [sequence]),
      this.params.publicClient.getChainId(),
    ]);
    const state = LIST_STATES[list.status] ?? "InFlight";
    return state === "Pending" ? { domain, state, sequence, eta: list.eta } : { domain, state, sequence };
  }
}
