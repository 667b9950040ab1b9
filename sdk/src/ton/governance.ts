/**
 * The former name of TON governance. TON has one governance now (DESIGN §7): the spoke executor
 * (contracts-ton/contracts/executor: a vault holders vote from, and the executor of the hub's action lists), whose
 * client is {@link TonSpokeGovernanceClient}. TON has no proposals of its own: proposals, queueing and timelocks are
 * the hub's. {@link TonGovernanceClient} remains, deprecated, as that client under its former name with the former
 * deposit/withdraw names, for callers not migrated yet.
 */
import type { TonReceipt, TonSimulateReturnType } from "./clients.js";
import type { TonPreparedMessage } from "./contracts.js";
import { TonSpokeGovernanceClient } from "./spoke-governance.js";

export { tonMarketParamIds, tonRoleIds, tonStakingParamIds } from "./contracts.js";

/** Parameters of {@link TonGovernanceClient.depositVotes} and {@link TonGovernanceClient.withdrawVotes}. */
export interface TonVotesParameters {
  /** CAL base units. */
  readonly amount: bigint;
}

/**
 * TON governance under its former name: the spoke executor of the deployment's `contracts.governance`.
 *
 * @deprecated Use {@link TonSpokeGovernanceClient} (`deposit`, `withdraw`, `castVote`, `sendTally`, `execute`,
 * `stageVerifier`, …). Proposals are made on the hub (the SDK's governance client); a TON holder deposits in the
 * vault and votes on the proposals the hub announced.
 *
 * @example
 * ```ts
 * const gov = new TonGovernanceClient(ton.connect(holder)); // same as new TonSpokeGovernanceClient(ton.connect(holder))
 * await gov.depositVotes({ amount: 2_000n * CAL });
 * await gov.castVote({ proposalId, support: 1 });
 * ```
 */
export class TonGovernanceClient extends TonSpokeGovernanceClient {
  /**
   * A deposit of voting weight as an unsigned message.
   *
   * @deprecated Use `prepareDeposit`.
   * @example
   * ```ts
   * const order = await gov.prepareDepositVotes({ amount: 2_000n * CAL });
   * ```
   */
  prepareDepositVotes(parameters: TonVotesParameters): Promise<TonPreparedMessage> {
    return this.prepareDeposit(parameters);
  }
  /**
   * Checks and (with `emulate`) emulates a deposit of voting weight.
   *
   * @deprecated Use `simulateDeposit`.
   * @example
   * ```ts
   * await gov.simulateDepositVotes({ amount: 2_000n * CAL });
   * ```
   */
  simulateDepositVotes(parameters: TonVotesParameters): Promise<TonSimulateReturnType> {
    return this.simulateDeposit(parameters);
  }
  /**
   * Deposits CAL in the vault as voting weight.
   *
   * @deprecated Use `deposit`.
   * @example
   * ```ts
   * await gov.depositVotes({ amount: 2_000n * CAL });
   * ```
   */
  depositVotes(parameters: TonVotesParameters): Promise<TonReceipt> {
    return this.deposit(parameters);
  }
  /**
   * A withdrawal of deposited CAL as an unsigned message.
   *
   * @deprecated Use `prepareWithdraw`.
   * @example
   * ```ts
   * const order = await gov.prepareWithdrawVotes({ amount: 2_000n * CAL });
   * ```
   */
  prepareWithdrawVotes(parameters: TonVotesParameters): Promise<TonPreparedMessage> {
    return this.prepareWithdraw(parameters);
  }
  /**
   * Withdraws deposited CAL.
   *
   * @deprecated Use `withdraw`.
   * @example
   * ```ts
   * await gov.withdrawVotes({ amount: 2_000n * CAL });
   * ```
   */
  withdrawVotes(parameters: TonVotesParameters): Promise<TonReceipt> {
    return this.withdraw(parameters);
  }
}
