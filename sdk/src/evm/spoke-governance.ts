/**
 * Governance on an EVM spoke (DESIGN §7): the SpokeVault (deposit CAL as voting weight, vote on hub proposals with the
 * deposit at their snapshot, send the tally to the hub) and the SpokeExecutor (veto, execute and retry the hub's
 * action lists). Every write has three forms: `x` sends and waits, `prepareX` returns the unsigned transaction,
 * `simulateX` runs it without sending.
 */
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import type { SimulateReturnType } from "@calctra/core";
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

/** Parameters of the spoke clients. */
export interface EvmSpokeGovernanceParameters {
  readonly publicClient: PublicClient;
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** The SpokeVault (vault client) or SpokeExecutor (executor client). */
  readonly address: Address;
}

/** A spoke's tally of one hub proposal. */
export interface EvmSpokeTally {
  readonly snapshot: bigint;
  readonly voteEnd: bigint;
  readonly againstVotes: bigint;
  readonly forVotes: bigint;
  readonly abstainVotes: bigint;
}

abstract class SpokeClient {
  protected readonly writer: EvmWriter;
  constructor(protected readonly params: EvmSpokeGovernanceParameters) {
    this.writer = new EvmWriter(params);
  }
  protected async send(write: EvmContractWrite): Promise<EvmTransactionReturnType> {
    const { logs: _logs, ...sent } = await this.writer.send(write);
    return sent;
  }
  protected async read<T>(abi: readonly unknown[], functionName: string, args: readonly unknown[]): Promise<T> {
    try {
      return (await this.params.publicClient.readContract({ address: this.params.address, abi, functionName, args } as never)) as T;
    } catch (e) {
      throw decodeEvmError(e);
    }
  }
}

/**
 * A spoke's governance vault.
 *
 * @example
 * ```ts
 * const vault = new EvmSpokeVaultClient({ publicClient, walletClient, address: spokeVault });
 * await vault.deposit({ amount: 100n * CAL, token: spokeCal });
 * await vault.castVote({ proposalId, support: 1 });
 * await vault.sendTally({ proposalId });
 * ```
 */
export class EvmSpokeVaultClient extends SpokeClient {
  /**
   * Deposits spoke CAL as voting weight (approving the vault first when needed).
   *
   * @example
   * ```ts
   * await vault.deposit({ amount: 100n * CAL, token: spokeCal });
   * ```
   */
  async deposit(p: { readonly amount: bigint; readonly token: Address }): Promise<EvmTransactionReturnType> {
    return this.send(this.#deposit(p));
  }
  /** The unsigned `deposit` (with the approval to run first when the allowance is short). */
  async prepareDeposit(p: { readonly amount: bigint; readonly token: Address } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.writer.prepare(this.#deposit(p), p.account);
  }
  /** Runs `deposit` without sending it. */
  async simulateDeposit(p: { readonly amount: bigint; readonly token: Address } & EvmPrepareOptions): Promise<SimulateReturnType<void>> {
    return this.writer.simulate(this.#deposit(p), p.account);
  }
  #deposit({ amount, token }: { readonly amount: bigint; readonly token: Address }): EvmContractWrite {
    return evmContractWrite({
      address: this.params.address,
      abi: spokeVaultAbi,
      functionName: "deposit",
      args: [amount],
      spends: { token, amount },
    });
  }

  /**
   * Withdraws deposited CAL (weights at past snapshots are unchanged).
   *
   * @example
   * ```ts
   * await vault.withdraw({ amount: 100n * CAL });
   * ```
   */
  async withdraw({ amount }: { readonly amount: bigint }): Promise<EvmTransactionReturnType> {
    return this.send(this.#withdraw(amount));
  }
  /** The unsigned `withdraw`. */
  async prepareWithdraw(p: { readonly amount: bigint } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.writer.prepare(this.#withdraw(p.amount), p.account);
  }
  /** Runs `withdraw` without sending it (e.g. `GovernanceInvalidAmount`). */
  async simulateWithdraw(p: { readonly amount: bigint } & EvmPrepareOptions): Promise<SimulateReturnType<void>> {
    return this.writer.simulate(this.#withdraw(p.amount), p.account);
  }
  #withdraw(amount: bigint): EvmContractWrite {
    return evmContractWrite({ address: this.params.address, abi: spokeVaultAbi, functionName: "withdraw", args: [amount] });
  }

  /**
   * Votes on an announced hub proposal with the deposit at its snapshot: 0 Against, 1 For, 2 Abstain.
   *
   * @example
   * ```ts
   * await vault.castVote({ proposalId, support: 1 });
   * ```
   */
  async castVote(p: { readonly proposalId: bigint; readonly support: 0 | 1 | 2 }): Promise<EvmTransactionReturnType> {
    return this.send(this.#castVote(p));
  }
  /** The unsigned `castVote`. */
  async prepareCastVote(
    p: { readonly proposalId: bigint; readonly support: 0 | 1 | 2 } & EvmPrepareOptions,
  ): Promise<EvmPreparedTransaction> {
    return this.writer.prepare(this.#castVote(p), p.account);
  }
  /** Runs `castVote` without sending it: the weight it would count (e.g. `GovernanceNoVotingPower`). */
  async simulateCastVote(
    p: { readonly proposalId: bigint; readonly support: 0 | 1 | 2 } & EvmPrepareOptions,
  ): Promise<SimulateReturnType<bigint>> {
    return this.writer.simulate<bigint>(this.#castVote(p), p.account);
  }
  #castVote({ proposalId, support }: { readonly proposalId: bigint; readonly support: number }): EvmContractWrite {
    return evmContractWrite({ address: this.params.address, abi: spokeVaultAbi, functionName: "castVote", args: [proposalId, support] });
  }

  /**
   * Sends this spoke's cumulative tally of a proposal to the hub (anyone may).
   *
   * @example
   * ```ts
   * await vault.sendTally({ proposalId });
   * ```
   */
  async sendTally({ proposalId }: { readonly proposalId: bigint }): Promise<EvmTransactionReturnType> {
    return this.send(this.#sendTally(proposalId));
  }
  /** The unsigned `sendTally`. */
  async prepareSendTally(p: { readonly proposalId: bigint } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.writer.prepare(this.#sendTally(p.proposalId), p.account);
  }
  /** Runs `sendTally` without sending it: the bridge message id it would get. */
  async simulateSendTally(p: { readonly proposalId: bigint } & EvmPrepareOptions): Promise<SimulateReturnType<Hex>> {
    return this.writer.simulate<Hex>(this.#sendTally(p.proposalId), p.account);
  }
  #sendTally(proposalId: bigint): EvmContractWrite {
    return evmContractWrite({ address: this.params.address, abi: spokeVaultAbi, functionName: "sendTally", args: [proposalId] });
  }

  /**
   * The deposit of an account now.
   *
   * @example
   * ```ts
   * const weight = await vault.depositOf({ account });
   * ```
   */
  async depositOf({ account }: { readonly account: Address }): Promise<bigint> {
    return this.read<bigint>(spokeVaultAbi, "depositOf", [account]);
  }

  /**
   * The announced proposal (snapshot, vote end) and this spoke's tally; all zero when not announced.
   *
   * @example
   * ```ts
   * const { forVotes, voteEnd } = await vault.getTally({ proposalId });
   * ```
   */
  async getTally({ proposalId }: { readonly proposalId: bigint }): Promise<EvmSpokeTally> {
    const t = await this.read<{ snapshot: bigint; voteEnd: bigint; againstVotes: bigint; forVotes: bigint; abstainVotes: bigint }>(
      spokeVaultAbi,
      "proposalTally",
      [proposalId],
    );
    return { snapshot: t.snapshot, voteEnd: t.voteEnd, againstVotes: t.againstVotes, forVotes: t.forVotes, abstainVotes: t.abstainVotes };
  }
}

/** Status of a spoke action list (ISpokeExecutor.ListStatus). */
export const SpokeActionListStatus = { None: 0, Pending: 1, Executed: 2, Vetoed: 3, Failed: 4 } as const;

/**
 * A spoke's governance executor: runs the hub's action lists in order after their delay.
 *
 * @example
 * ```ts
 * const executor = new EvmSpokeExecutorClient({ publicClient, walletClient, address: spokeExecutor });
 * await executor.execute({ sequence: 1n, actions });
 * ```
 */
export class EvmSpokeExecutorClient extends SpokeClient {
  /**
   * Executes (`execute`) or re-runs a Failed (`retry`) action list; `actions` are the bytes of its `ActionsReceived` event.
   *
   * @example
   * ```ts
   * await executor.execute({ sequence: 1n, actions });
   * ```
   */
  async execute(p: { readonly sequence: bigint; readonly actions: Hex }): Promise<EvmTransactionReturnType> {
    return this.send(this.#run("execute", p));
  }
  /** The unsigned `execute`. */
  async prepareExecute(p: { readonly sequence: bigint; readonly actions: Hex } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.writer.prepare(this.#run("execute", p), p.account);
  }
  /** Runs `execute` without sending it: whether the list would run to completion (e.g. `GovernanceExecutionDelayActive`). */
  async simulateExecute(p: { readonly sequence: bigint; readonly actions: Hex } & EvmPrepareOptions): Promise<SimulateReturnType<boolean>> {
    return this.writer.simulate<boolean>(this.#run("execute", p), p.account);
  }
  /**
   * Re-runs a Failed list.
   *
   * @example
   * ```ts
   * await executor.retry({ sequence: 1n, actions });
   * ```
   */
  async retry(p: { readonly sequence: bigint; readonly actions: Hex }): Promise<EvmTransactionReturnType> {
    return this.send(this.#run("retry", p));
  }
  #run(functionName: "execute" | "retry", { sequence, actions }: { readonly sequence: bigint; readonly actions: Hex }): EvmContractWrite {
    return evmContractWrite({ address: this.params.address, abi: spokeExecutorAbi, functionName, args: [sequence, actions] });
  }

  /**
   * Vetoes a Pending list (the Guardian only).
   *
   * @example
   * ```ts
   * await executor.veto({ sequence: 2n });
   * ```
   */
  async veto({ sequence }: { readonly sequence: bigint }): Promise<EvmTransactionReturnType> {
    return this.send(evmContractWrite({ address: this.params.address, abi: spokeExecutorAbi, functionName: "veto", args: [sequence] }));
  }

  /**
   * The stored state of a list: its hash, proposal, eta and status ({@link SpokeActionListStatus}).
   *
   * @example
   * ```ts
   * const { status, eta } = await executor.getActionList({ sequence: 1n });
   * ```
   */
  async getActionList({ sequence }: { readonly sequence: bigint }): Promise<{
    readonly actionsHash: Hex;
    readonly proposalId: bigint;
    readonly eta: bigint;
    readonly status: number;
  }> {
    return this.read(spokeExecutorAbi, "actionList", [sequence]);
  }
}
