/**
 * Governance on Solana, a spoke of the one governance (DESIGN §7): the vault (CAL deposited to vote on hub
 * proposals with what was held at each proposal's snapshot), the tally sent to the hub over the bridge, and the
 * executor of the hub's action lists (received over the bridge, held for the execution delay, vetoable by the
 * guardian, run strictly in order by the governance PDA, the admin of staking, the marketplace and the bridge).
 */
import { type AccountMeta, Keypair, PublicKey, type TransactionInstruction } from "@solana/web3.js";
import type {
  GovernanceAction,
  GovernanceClient,
  RemoteExecution,
  RemoteExecutionState,
  SimulateReturnType,
  SpokeGovernanceClient,
  TransactionReceiptSummary,
  UniversalAddress,
} from "@calctra/core";
import { CalctraError, DOMAINS, ProposalState, decodeGovernanceActions, universalFromBytes, type Proposal } from "@calctra/core";
import type { SnarkjsVerificationKey } from "@calctra/core/zk";
import { encodeVerifyingKeySolana } from "@calctra/core/zk";
import type { AnchorProvider } from "@coral-xyz/anchor";
import { SolanaContractClient, fromBN, toBN, type SolanaWrite } from "./clients.js";
import type { SolanaPreparedTransaction } from "./send.js";
import { sendSolana } from "./send.js";
import { solanaPdas, solanaPrograms, u256be, type AnchorGroth16VerifyingKey, type SolanaPdas } from "./programs.js";
import { governanceIdl } from "./generated/idls.js";

const U64_MAX = (1n << 64n) - 1n;
/** Vetoed lists the executor's cursor passes over per `execute` / `veto`: the program's `SKIP_VETOED_MAX` (IDL). */
const SKIP_VETOED_MAX = Number(governanceIdl.constants.find((c) => c.name === "SKIP_VETOED_MAX")?.value ?? 0);
const U256_MAX = (1n << 256n) - 1n;

/**
 * A snarkjs BN254 verifying key (4 public inputs) as the marketplace's `Groth16VerifyingKey`.
 *
 * @example
 * ```ts
 * const vk = anchorVerifyingKey(vkey);
 * ```
 */
export function anchorVerifyingKey(vkey: SnarkjsVerificationKey): AnchorGroth16VerifyingKey {
  const e = encodeVerifyingKeySolana({ vkey });
  if (e.ic.length !== 5)
    throw new CalctraError("MarketplaceUnknownVerifier", { reason: `the verifier takes 4 public inputs, the key has ${e.ic.length - 1}` });
  const a = (b: Uint8Array) => Array.from(b);
  return { alphaG1: a(e.alphaG1), betaG2: a(e.betaG2), gammaG2: a(e.gammaG2), deltaG2: a(e.deltaG2), ic: e.ic.map(a) };
}

/**
 * Stages a verifying key in a fresh account owned by the marketplace (anyone may), so that a governance
 * `setVerifier(verifierId, account)` action can name it by address. Returns the account.
 *
 * @example
 * ```ts
 * const { account } = await stageSolanaVerifyingKey({ provider, vkey });
 * // the hub proposes { kind: "setVerifier", verifierId: 1, verifier: universalFromSolana(account) }
 * ```
 */
export async function stageSolanaVerifyingKey({
  provider,
  vkey,
}: {
  readonly provider: AnchorProvider;
  readonly vkey: SnarkjsVerificationKey;
}): Promise<TransactionReceiptSummary & { readonly account: PublicKey }> {
  const staged = Keypair.generate();
  const program = solanaPrograms(provider).marketplace;
  const receipt = await sendSolana({
    connection: provider.connection,
    context: "marketplace.stage_verifying_key",
    send: () =>
      program.methods
        .stageVerifyingKey(anchorVerifyingKey(vkey))
        .accountsPartial({ payer: provider.wallet.publicKey, staged: staged.publicKey })
        .signers([staged])
        .rpc(),
  });
  return { ...receipt, account: staged.publicKey };
}

/**
 * The accounts beyond the fixed ones that executing `actions` needs, in order (remaining accounts of `execute` and
 * `retry`): the treasury token account of a `setRole treasury`, the bridge remote-domain PDA of a `setRemoteDomain`,
 * the marketplace registry entry (and the staged key) of a `setVerifier`.
 *
 * @example
 * ```ts
 * const extra = solanaActionAccounts(decodeGovernanceActions(bytes));
 * ```
 */
export function solanaActionAccounts(actions: readonly GovernanceAction[], pdas: SolanaPdas = solanaPdas()): AccountMeta[] {
  const keys: PublicKey[] = [];
  const add = (k: PublicKey) => {
    if (!keys.some((x) => x.equals(k))) keys.push(k);
  };
  for (const a of actions) {
    if (a.kind === "setRole" && a.role === "treasury") add(new PublicKey(bytes32(a.account)));
    else if (a.kind === "setRemoteDomain") add(pdas.remoteDomain(a.domain));
    else if (a.kind === "setVerifier") {
      add(pdas.verifier(BigInt(a.verifierId)));
      const key = new PublicKey(bytes32(a.verifier));
      if (!key.equals(PublicKey.default)) add(key);
    }
  }
  return keys.map((pubkey) => ({ pubkey, isSigner: false, isWritable: true }));
}

function bytes32(address: UniversalAddress): Uint8Array {
  return Uint8Array.from(Buffer.from(address.slice(2), "hex"));
}

/** The state of a received action list. */
export type SolanaActionsState = "pending" | "executed" | "vetoed" | "failed";

/** A received `GovernanceActions` list as the executor holds it. */
export interface SolanaActionList {
  readonly sequence: bigint;
  readonly proposalId: bigint;
  readonly state: SolanaActionsState;
  /** Unix seconds it was received and from when it may run. */
  readonly receivedAt: bigint;
  readonly eta: bigint;
  /** The encoded list as received. */
  readonly encoded: `0x${string}`;
  /** The decoded actions, or null when the list does not decode (it fails at its turn). */
  readonly actions: readonly GovernanceAction[] | null;
}

/** The executor's settings and position. */
export interface SolanaGovernanceStatus {
  readonly hubDomain: number;
  readonly hubAddress: UniversalAddress;
  readonly guardian: string;
  readonly executionDelay: bigint;
  /** The sequence of the next action list to process. */
  readonly nextSequence: bigint;
}

/** A hub proposal as this spoke sees it: its snapshot and this spoke's tally (not the hub's outcome). */
export interface SolanaProposal extends Proposal {
  /** The hub's proposal id (= `id`), as core's `SpokeProposal` names it. */
  readonly proposalId: bigint;
  /** Hub timestamp clock: weights are read at `snapshot`; votes count while `snapshot < now <= voteEnd`. */
  readonly snapshot: bigint;
}

/** Parameters of {@link SolanaGovernanceClient.deposit} and {@link SolanaGovernanceClient.withdraw} (CAL base units). */
export interface SolanaGovernanceAmountParameters {
  readonly amount: bigint;
}
/** Parameters of the writes on one hub proposal (the hub's u256 id). */
export interface SolanaProposalParameters {
  readonly proposalId: bigint;
}
/** Parameters of {@link SolanaGovernanceClient.castVote}: 0 Against, 1 For, 2 Abstain. */
export interface SolanaCastVoteParameters extends SolanaProposalParameters {
  readonly support: 0 | 1 | 2;
}
/** Parameters of the writes on one received action list. */
export interface SolanaSequenceParameters {
  readonly sequence: bigint;
}

const STATES: readonly SolanaActionsState[] = ["pending", "executed", "vetoed", "failed"];
/** An action list's state as core's chain-neutral `RemoteExecutionState`. */
const REMOTE_STATES: Record<SolanaActionsState, RemoteExecutionState> = {
  pending: "Pending",
  executed: "Executed",
  vetoed: "Vetoed",
  failed: "Failed",
};

/**
 * Governance on Solana: the vault, the tally and the executor. Every write comes in three forms: `x` sends,
 * `prepareX` returns the instructions for another signer (a Squads multisig), `simulateX` runs it without sending.
 *
 * @example
 * ```ts
 * const gov = new SolanaGovernanceClient({ provider, deployment });
 * await gov.deposit({ amount: 1_000n * CAL });
 * await gov.castVote({ proposalId, support: 1 }); // after the hub's ProposalOpened arrived
 * await gov.sendTally({ proposalId });            // anyone: the cumulative tally to the hub
 * await gov.execute({ sequence: 1n });            // anyone, after the execution delay
 * ```
 */
export class SolanaGovernanceClient
  extends SolanaContractClient
  implements GovernanceClient<SolanaPreparedTransaction>, SpokeGovernanceClient<SolanaPreparedTransaction>
{
  private get vault(): PublicKey {
    return new PublicKey(this.params.deployment.pdas.govVault);
  }
  private assertProposalId(proposalId: bigint): void {
    if (proposalId < 0n || proposalId > U256_MAX) throw new CalctraError("GovernorNonexistentProposal", { proposalId });
  }
  private assertSequence(sequence: bigint): void {
    if (sequence <= 0n || sequence > U64_MAX) throw new RangeError(`sequence must be positive and fit a u64: ${sequence}`);
  }
  private async depositWrite({ amount }: SolanaGovernanceAmountParameters): Promise<SolanaWrite> {
    if (amount <= 0n || amount > U64_MAX) throw new RangeError(`amount must be positive and fit a u64: ${amount}`);
    return {
      instructions: [
        await this.programs.governance.methods
          .deposit(toBN(amount))
          .accountsPartial({
            owner: this.address,
            config: this.pdas.governance,
            voter: this.pdas.voter(this.address),
            from: this.ata(this.address),
            vault: this.vault,
          })
          .instruction(),
      ],
    };
  }
  private async withdrawWrite({ amount }: SolanaGovernanceAmountParameters): Promise<SolanaWrite> {
    if (amount <= 0n || amount > U64_MAX) throw new RangeError(`amount must be positive and fit a u64: ${amount}`);
    return {
      instructions: [
        this.createAta(this.address),
        await this.programs.governance.methods
          .withdraw(toBN(amount))
          .accountsPartial({
            owner: this.address,
            config: this.pdas.governance,
            voter: this.pdas.voter(this.address),
            to: this.ata(this.address),
            vault: this.vault,
          })
          .instruction(),
      ],
    };
  }
  private async castVoteWrite({ proposalId, support }: SolanaCastVoteParameters): Promise<SolanaWrite> {
    this.assertProposalId(proposalId);
    if (![0, 1, 2].includes(support)) throw new RangeError(`support must be 0 (Against), 1 (For) or 2 (Abstain): ${String(support)}`);
    return {
      instructions: [
        await this.programs.governance.methods
          .castVote(Array.from(u256be(proposalId)), support)
          .accountsPartial({
            owner: this.address,
            voter: this.pdas.voter(this.address),
            proposal: this.pdas.proposal(proposalId),
            voteRecord: this.pdas.voteRecord(proposalId, this.address),
          })
          .instruction(),
      ],
    };
  }
  private async sendTallyWrite({ proposalId }: SolanaProposalParameters): Promise<SolanaWrite<{ readonly nonce: bigint }>> {
    this.assertProposalId(proposalId);
    const config = await this.programs.governance.account.governanceConfig.fetch(this.pdas.governance);
    const bridge = await this.programs.bridge.account.bridgeConfig.fetch(this.pdas.bridgeConfig);
    // The outbound record is derived from the next nonce: a concurrent send taking it first fails this one's seeds.
    const nonce = fromBN(bridge.outboundNonce) + 1n;
    return {
      missingAccount: "proposal",
      result: { nonce },
      instructions: [
        await this.programs.governance.methods
          .sendTally(Array.from(u256be(proposalId)))
          .accountsPartial({
            payer: this.address,
            config: this.pdas.governance,
            proposal: this.pdas.proposal(proposalId),
            bridgeConfig: this.pdas.bridgeConfig,
            hubRemote: this.pdas.remoteDomain(config.hubDomain),
            outbound: this.pdas.outbound(nonce),
          })
          .instruction(),
      ],
    };
  }
  /**
   * The lists right after `sequence` that the guardian already vetoed (up to 8, consecutive): passed to `execute` and
   * `veto` so the executor's cursor moves past them at once (a vetoed list needs no call of its own).
   */
  private async vetoedAfter(sequence: bigint): Promise<AccountMeta[]> {
    const keys = Array.from({ length: SKIP_VETOED_MAX }, (_, i) => this.pdas.actionList(sequence + 1n + BigInt(i)));
    const lists = await this.programs.governance.account.actionList.fetchMultiple(keys);
    const run: AccountMeta[] = [];
    for (const [i, l] of lists.entries()) {
      if (!l || Object.keys(l.state)[0] !== "vetoed") break;
      run.push({ pubkey: keys[i]!, isSigner: false, isWritable: false });
    }
    return run;
  }
  private async runWrite(kind: "execute" | "retry", { sequence }: SolanaSequenceParameters): Promise<SolanaWrite> {
    this.assertSequence(sequence);
    const list = await this.getActions({ sequence });
    if (!list) throw new CalctraError("GovernanceOutOfOrder", { sequence, reason: "no action list received with this sequence" }, "solana");
    const extra = [...solanaActionAccounts(list.actions ?? [], this.pdas), ...(kind === "execute" ? await this.vetoedAfter(sequence) : [])];
    const accounts = {
      executor: this.address,
      config: this.pdas.governance,
      actionList: this.pdas.actionList(sequence),
      stakingConfig: this.pdas.stakingConfig,
      marketplaceConfig: this.pdas.marketplaceConfig,
      bridgeConfig: this.pdas.bridgeConfig,
    };
    const methods = this.programs.governance.methods;
    const ix: TransactionInstruction =
      kind === "execute"
        ? await methods.execute(toBN(sequence)).accountsPartial(accounts).remainingAccounts(extra).instruction()
        : await methods.retry(toBN(sequence)).accountsPartial(accounts).remainingAccounts(extra).instruction();
    return { instructions: [ix] };
  }
  private async vetoWrite({ sequence }: SolanaSequenceParameters): Promise<SolanaWrite> {
    this.assertSequence(sequence);
    return {
      instructions: [
        await this.programs.governance.methods
          .veto(toBN(sequence))
          .accountsPartial({ guardian: this.address, config: this.pdas.governance, actionList: this.pdas.actionList(sequence) })
          .remainingAccounts(await this.vetoedAfter(sequence))
          .instruction(),
      ],
    };
  }

  /**
   * Deposits CAL from the wallet's token account in the vault: the weight for proposals whose snapshot is later.
   *
   * @example
   * ```ts
   * await gov.deposit({ amount: 1_000n * CAL });
   * ```
   */
  deposit(parameters: SolanaGovernanceAmountParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.depositWrite(parameters));
  }
  /**
   * {@link deposit} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await gov.prepareDeposit({ amount: 1_000n * CAL });
   * ```
   */
  prepareDeposit(parameters: SolanaGovernanceAmountParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.depositWrite(parameters));
  }
  /**
   * Runs {@link deposit} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * const { cost } = await gov.simulateDeposit({ amount: 1_000n * CAL });
   * ```
   */
  simulateDeposit(parameters: SolanaGovernanceAmountParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.depositWrite(parameters));
  }
  /**
   * Withdraws deposited CAL at any time (weights at past snapshots are kept by the checkpoint history).
   *
   * @example
   * ```ts
   * await gov.withdraw({ amount: 1_000n * CAL });
   * ```
   */
  withdraw(parameters: SolanaGovernanceAmountParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.withdrawWrite(parameters));
  }
  /**
   * {@link withdraw} as instructions for another signer.
   *
   * @example
   * ```ts
   * const prepared = await gov.prepareWithdraw({ amount: 1_000n * CAL });
   * ```
   */
  prepareWithdraw(parameters: SolanaGovernanceAmountParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.withdrawWrite(parameters));
  }
  /**
   * Runs {@link withdraw} without sending.
   *
   * @example
   * ```ts
   * await gov.simulateWithdraw({ amount: 1_000n * CAL }); // ArithmeticOverflow above the deposit
   * ```
   */
  simulateWithdraw(parameters: SolanaGovernanceAmountParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.withdrawWrite(parameters));
  }
  /**
   * Votes on a hub proposal with what the wallet held in the vault at its snapshot: `GovernorNonexistentProposal`
   * (not announced here), `GovernanceNoVotingPower`, `GovernorAlreadyCastVote`, `GovernanceVotingClosed`.
   *
   * @example
   * ```ts
   * await gov.castVote({ proposalId, support: 1 });
   * ```
   */
  castVote(parameters: SolanaCastVoteParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.castVoteWrite(parameters));
  }
  /**
   * {@link castVote} as instructions for another signer.
   *
   * @example
   * ```ts
   * const prepared = await gov.prepareCastVote({ proposalId, support: 0 });
   * ```
   */
  prepareCastVote(parameters: SolanaCastVoteParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.castVoteWrite(parameters));
  }
  /**
   * Runs {@link castVote} without sending.
   *
   * @example
   * ```ts
   * const { cost } = await gov.simulateCastVote({ proposalId, support: 2 });
   * ```
   */
  simulateCastVote(parameters: SolanaCastVoteParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.castVoteWrite(parameters));
  }
  /**
   * Sends this spoke's cumulative tally of a proposal to the hub (anyone may): a `VoteTally` message the bridge
   * records under its next outbound nonce for the validators to sign.
   *
   * @example
   * ```ts
   * const { nonce } = await gov.sendTally({ proposalId });
   * ```
   */
  sendTally(parameters: SolanaProposalParameters): Promise<TransactionReceiptSummary & { readonly nonce: bigint }> {
    return this.sendWrite(this.sendTallyWrite(parameters));
  }
  /**
   * {@link sendTally} as instructions for another signer.
   *
   * @example
   * ```ts
   * const prepared = await gov.prepareSendTally({ proposalId });
   * ```
   */
  async prepareSendTally(parameters: SolanaProposalParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.sendTallyWrite(parameters));
  }
  /**
   * Runs {@link sendTally} without sending.
   *
   * @example
   * ```ts
   * const { result } = await gov.simulateSendTally({ proposalId }); // result.nonce
   * ```
   */
  simulateSendTally(parameters: SolanaProposalParameters): Promise<SimulateReturnType<{ readonly nonce: bigint }>> {
    return this.simulateWrite(this.sendTallyWrite(parameters));
  }
  /**
   * Runs received action list `sequence` (anyone, after its execution delay, strictly in order): each action by a
   * CPI signed by the governance PDA, with the accounts it needs ({@link solanaActionAccounts}); a list that does
   * not validate is recorded `failed` and the sequence moves on. `GovernanceOutOfOrder`,
   * `GovernanceExecutionDelayActive`, `GovernanceActionsNotPending`.
   *
   * @example
   * ```ts
   * await gov.execute({ sequence: 1n });
   * ```
   */
  execute(parameters: SolanaSequenceParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.runWrite("execute", parameters));
  }
  /**
   * {@link execute} as instructions for another signer.
   *
   * @example
   * ```ts
   * const prepared = await gov.prepareExecute({ sequence: 1n });
   * ```
   */
  prepareExecute(parameters: SolanaSequenceParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.runWrite("execute", parameters));
  }
  /**
   * Runs {@link execute} without sending.
   *
   * @example
   * ```ts
   * await gov.simulateExecute({ sequence: 1n }); // GovernanceExecutionDelayActive before its eta
   * ```
   */
  simulateExecute(parameters: SolanaSequenceParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.runWrite("execute", parameters));
  }
  /**
   * Runs a `failed` list again once it validates (anyone; `GovernanceInvalidAction` while it still does not).
   *
   * @example
   * ```ts
   * await gov.retry({ sequence: 3n });
   * ```
   */
  retry(parameters: SolanaSequenceParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.runWrite("retry", parameters));
  }
  /**
   * {@link retry} as instructions for another signer.
   *
   * @example
   * ```ts
   * const prepared = await gov.prepareRetry({ sequence: 3n });
   * ```
   */
  prepareRetry(parameters: SolanaSequenceParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.runWrite("retry", parameters));
  }
  /**
   * Runs {@link retry} without sending.
   *
   * @example
   * ```ts
   * await gov.simulateRetry({ sequence: 3n });
   * ```
   */
  simulateRetry(parameters: SolanaSequenceParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.runWrite("retry", parameters));
  }
  /**
   * The guardian vetoes a pending list during its delay (`GovernanceNotGuardian`, `GovernanceActionsNotPending`).
   *
   * @example
   * ```ts
   * await guardianGov.veto({ sequence: 2n });
   * ```
   */
  veto(parameters: SolanaSequenceParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.vetoWrite(parameters));
  }
  /**
   * {@link veto} as instructions for another signer (e.g. a guardian multisig).
   *
   * @example
   * ```ts
   * const prepared = await guardianGov.prepareVeto({ sequence: 2n });
   * ```
   */
  prepareVeto(parameters: SolanaSequenceParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.vetoWrite(parameters));
  }
  /**
   * Runs {@link veto} without sending.
   *
   * @example
   * ```ts
   * await guardianGov.simulateVeto({ sequence: 2n });
   * ```
   */
  simulateVeto(parameters: SolanaSequenceParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.vetoWrite(parameters));
  }

  /**
   * What a wallet holds in the vault now, and its checkpoint history (bounded; the two oldest merge at the bound,
   * keeping the smaller amount, so a past weight is never overstated).
   *
   * @example
   * ```ts
   * const { amount } = await gov.getVoter({ voter: wallet.publicKey.toBase58() });
   * ```
   */
  async getVoter({
    voter,
  }: {
    readonly voter: string;
  }): Promise<{ readonly amount: bigint; readonly checkpoints: readonly { readonly timestamp: bigint; readonly amount: bigint }[] }> {
    const v = await this.programs.governance.account.voter.fetchNullable(this.pdas.voter(new PublicKey(voter)));
    if (!v) return { amount: 0n, checkpoints: [] };
    return {
      amount: fromBN(v.amount),
      checkpoints: v.checkpoints.map((c) => ({ timestamp: fromBN(c.timestamp), amount: fromBN(c.amount) })),
    };
  }
  /**
   * What a voter holds in the vault now.
   *
   * @example
   * ```ts
   * const deposited = await gov.depositOf({ voter: wallet.publicKey.toBase58() });
   * ```
   */
  async depositOf({ voter }: { readonly voter: string }): Promise<bigint> {
    return (await this.getVoter({ voter })).amount;
  }
  /**
   * A hub proposal announced here: this spoke's tally, its snapshot and end. `state` is this spoke's view: Pending
   * up to the snapshot, Active until voteEnd, then Succeeded or Defeated by this spoke's own tally (the hub decides).
   *
   * @example
   * ```ts
   * const p = await gov.getProposal({ proposalId });
   * p.forVotes;
   * ```
   */
  async getProposal({ proposalId }: { readonly proposalId: bigint }): Promise<SolanaProposal> {
    this.assertProposalId(proposalId);
    const p = await this.programs.governance.account.proposalRecord.fetchNullable(this.pdas.proposal(proposalId));
    if (!p) throw new CalctraError("GovernorNonexistentProposal", { proposalId }, "solana");
    const now = await this.chainTime();
    const snapshot = fromBN(p.snapshot);
    const voteEnd = fromBN(p.voteEnd);
    const forVotes = fromBN(p.forVotes);
    const againstVotes = fromBN(p.againstVotes);
    const state =
      now <= snapshot
        ? ProposalState.Pending
        : now <= voteEnd
          ? ProposalState.Active
          : forVotes > againstVotes
            ? ProposalState.Succeeded
            : ProposalState.Defeated;
    const config = await this.programs.governance.account.governanceConfig.fetch(this.pdas.governance);
    return {
      id: proposalId,
      proposalId,
      proposer: universalFromBytes(Uint8Array.from(config.hubAddress)),
      state,
      forVotes,
      againstVotes,
      abstainVotes: fromBN(p.abstainVotes),
      voteStart: snapshot,
      voteEnd,
      description: "hub proposal (this spoke's tally)",
      snapshot,
    };
  }
  /**
   * A voter's weight for a proposal: its vault deposit at the proposal's snapshot (its last checkpoint at or before
   * it), as `cast_vote` counts it. `GovernorNonexistentProposal` before the hub's announcement arrived.
   *
   * @example
   * ```ts
   * const weight = await gov.votingPower({ proposalId, voter: wallet.publicKey.toBase58() });
   * ```
   */
  async votingPower({ proposalId, voter }: { readonly proposalId: bigint; readonly voter: string }): Promise<bigint> {
    const { snapshot } = await this.getProposal({ proposalId });
    const { checkpoints } = await this.getVoter({ voter });
    return [...checkpoints].reverse().find((c) => c.timestamp <= snapshot)?.amount ?? 0n;
  }
  /**
   * Where the executor stands with the hub's `sequence`-th action list (`InFlight` until the bridge delivered it).
   *
   * @example
   * ```ts
   * const { state, eta } = await gov.remoteExecution({ sequence: 1n }); // "Pending", …
   * ```
   */
  async remoteExecution({ sequence }: SolanaSequenceParameters): Promise<RemoteExecution> {
    const list = await this.getActions({ sequence });
    if (!list) return { domain: DOMAINS.solana, state: "InFlight", sequence };
    const state = REMOTE_STATES[list.state];
    return state === "Pending" ? { domain: DOMAINS.solana, state, sequence, eta: list.eta } : { domain: DOMAINS.solana, state, sequence };
  }
  /**
   * A received action list, or null when none was received with this sequence.
   *
   * @example
   * ```ts
   * const list = await gov.getActions({ sequence: 1n });
   * list?.state; // "pending"
   * ```
   */
  async getActions({ sequence }: SolanaSequenceParameters): Promise<SolanaActionList | null> {
    this.assertSequence(sequence);
    const l = await this.programs.governance.account.actionList.fetchNullable(this.pdas.actionList(sequence));
    if (!l) return null;
    const bytes = Uint8Array.from(l.actions);
    let actions: GovernanceAction[] | null;
    try {
      actions = decodeGovernanceActions(bytes);
    } catch {
      actions = null;
    }
    const stateKey = Object.keys(l.state)[0] ?? "";
    return {
      sequence,
      proposalId: BigInt(`0x${Buffer.from(Uint8Array.from(l.proposalId)).toString("hex")}`),
      state: STATES.find((s) => s === stateKey) ?? "pending",
      receivedAt: fromBN(l.receivedAt),
      eta: fromBN(l.eta),
      encoded: `0x${Buffer.from(bytes).toString("hex")}`,
      actions,
    };
  }
  /**
   * The executor's hub, guardian, execution delay and next sequence.
   *
   * @example
   * ```ts
   * const { nextSequence } = await gov.status();
   * ```
   */
  async status(): Promise<SolanaGovernanceStatus> {
    const c = await this.programs.governance.account.governanceConfig.fetch(this.pdas.governance);
    return {
      hubDomain: c.hubDomain,
      hubAddress: universalFromBytes(Uint8Array.from(c.hubAddress)),
      guardian: c.guardian.toBase58(),
      executionDelay: fromBN(c.executionDelay),
      nextSequence: fromBN(c.nextSequence),
    };
  }
}
