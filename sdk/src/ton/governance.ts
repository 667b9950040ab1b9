/**
 * Governance on TON: lock-to-vote (CAL deposited into the governance vault), For/Against/Abstain,
 * quorum, timelock, typed actions that governance executes as the admin of staking and the
 * marketplace. Proposal states use the OpenZeppelin numbering, like every chain.
 */
import { Address, type Cell } from "@ton/core";
import type { GovernanceClient } from "@calctra/core";
import { CalctraError } from "@calctra/core";
import type { Proposal, ProposalState } from "@calctra/core";
import { TonContractClient, universalFromTonAddress, type TonReceipt } from "./clients.js";
import { tonWrappers, type TonGovActionBuilders } from "./contracts.js";

const U32_MAX = 0xffff_ffffn;

/**
 * Builders of the typed governance actions (from contracts-ton/wrappers/Governance.ts), e.g.
 * `tonGovActions().registerVerifier(1, encodeVerifyingKeyTon({ vkey }))`.
 *
 * @example
 * ```ts
 * const action = tonGovActions().setMarketParam(tonMarketParamIds().challengePeriod, 7200n);
 * ```
 */
export function tonGovActions(): TonGovActionBuilders {
  return tonWrappers().GovAction;
}
/**
 * Parameter ids of the marketplace's SetMarketParam action.
 *
 * @example
 * ```ts
 * tonMarketParamIds().slashBps; // 2
 * ```
 */
export function tonMarketParamIds(): { readonly challengePeriod: number; readonly slashBps: number } {
  return tonWrappers().MARKET_PARAM;
}

function assertProposalId(proposalId: bigint): number {
  if (proposalId <= 0n || proposalId > U32_MAX) throw new CalctraError("GovernorNonexistentProposal", { proposalId });
  return Number(proposalId);
}

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
export class TonGovernanceClient extends TonContractClient implements GovernanceClient {
  private get gov() {
    return this.open(this.wrappers.Governance.createFromAddress(this.contract("governance")));
  }
  /**
   * Locks CAL in the governance vault as voting weight (a CAL transfer with the deposit payload).
   *
   * @example
   * ```ts
   * await gov.depositVotes({ amount: 2_000n * CAL });
   * ```
   */
  async depositVotes({ amount }: { readonly amount: bigint }): Promise<TonReceipt> {
    if (amount <= 0n) throw new RangeError("amount must be positive");
    return this.transferCal(this.contract("governance"), amount, this.wrappers.depositVotesPayload());
  }
  /**
   * Withdraws voting weight once every proposal it voted on has ended (`GovernanceTokensLocked` before).
   *
   * @example
   * ```ts
   * await gov.withdrawVotes({ amount: 2_000n * CAL });
   * ```
   */
  async withdrawVotes({ amount }: { readonly amount: bigint }): Promise<TonReceipt> {
    if (amount <= 0n) throw new RangeError("amount must be positive");
    const g = this.gov;
    return this.run(g.address, () => g.sendWithdrawVotes(this.params.sender, amount));
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
    const v = await this.read(() => g.getVoter(Address.parse(voter)));
    return { amount: v.amount, lockedUntil: BigInt(v.lockedUntil) };
  }
  /**
   * Proposes a typed action (see {@link tonGovActions}); returns the proposal id.
   *
   * @example
   * ```ts
   * const { proposalId } = await gov.propose({ action: tonGovActions().registerVerifier(1, vkCell) });
   * ```
   */
  async propose({ action }: { readonly action: Cell }): Promise<TonReceipt & { readonly proposalId: bigint }> {
    const g = this.gov;
    // ids are sequential from 1 and proposals are never deleted: the first free id is the new one
    const proposalId = await this.firstFreeProposalId();
    const receipt = await this.run(g.address, () => g.sendPropose(this.params.sender, action));
    if (receipt.transactionCount > 0) {
      const p = await this.read(() => g.getProposal(Number(proposalId)));
      if (!p.proposer.equals(this.address)) throw new Error(`proposal ${proposalId} was created by another proposer concurrently`);
    }
    return { ...receipt, proposalId };
  }
  /**
   * Votes: 0 Against, 1 For, 2 Abstain, with all the sender's locked weight.
   *
   * @example
   * ```ts
   * await gov.castVote({ proposalId: 1n, support: 1 });
   * ```
   */
  async castVote({ proposalId, support }: { readonly proposalId: bigint; readonly support: 0 | 1 | 2 }): Promise<TonReceipt> {
    const id = assertProposalId(proposalId);
    if (support !== 0 && support !== 1 && support !== 2) throw new CalctraError("GovernanceInvalidAction", { support });
    const g = this.gov;
    return this.run(g.address, () => g.sendCastVote(this.params.sender, id, support));
  }
  /**
   * Queues a Succeeded proposal in the timelock.
   *
   * @example
   * ```ts
   * await gov.queue({ proposalId: 1n });
   * ```
   */
  async queue({ proposalId }: { readonly proposalId: bigint }): Promise<TonReceipt> {
    const id = assertProposalId(proposalId);
    const g = this.gov;
    return this.run(g.address, () => g.sendQueue(this.params.sender, id));
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
  async execute({ proposalId }: { readonly proposalId: bigint }): Promise<TonReceipt> {
    const id = assertProposalId(proposalId);
    const g = this.gov;
    return this.run(g.address, () => g.sendExecute(this.params.sender, id));
  }
  /**
   * Cancels a Pending proposal (its proposer only).
   *
   * @example
   * ```ts
   * await gov.cancel({ proposalId: 1n });
   * ```
   */
  async cancel({ proposalId }: { readonly proposalId: bigint }): Promise<TonReceipt> {
    const id = assertProposalId(proposalId);
    const g = this.gov;
    return this.run(g.address, () => g.sendCancel(this.params.sender, id));
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
  async getProposal({ proposalId }: { readonly proposalId: bigint }): Promise<Proposal & { readonly eta: bigint }> {
    const id = assertProposalId(proposalId);
    const g = this.gov;
    const p = await this.read(() => g.getProposal(id));
    return {
      id: proposalId, proposer: universalFromTonAddress(p.proposer), state: p.state as ProposalState,
      forVotes: p.forVotes, againstVotes: p.againstVotes, abstainVotes: p.abstainVotes,
      voteStart: BigInt(p.voteStart), voteEnd: BigInt(p.voteEnd), eta: BigInt(p.eta), description: "",
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
