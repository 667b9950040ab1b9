/**
 * Governance on Solana: lock-to-vote (CAL deposited into the governance vault), For/Against/Abstain,
 * quorum, timelock, and typed actions the governance PDA executes through CPI as the admin of
 * staking, the marketplace and the bridge. Proposal states use the OpenZeppelin numbering.
 */
import { PublicKey } from "@solana/web3.js";
import type { GovernanceClient, SimulateReturnType, TransactionReceiptSummary } from "@calctra/core";
import { PARAMETERS } from "@calctra/core";
import { CalctraError } from "@calctra/core";
import { universalToBytes } from "@calctra/core";
import { ProposalState, type Proposal, type UniversalAddress } from "@calctra/core";
import type { SnarkjsVerificationKey } from "@calctra/core/zk";
import { encodeVerifyingKeySolana } from "@calctra/core/zk";
import { SolanaContractClient, fromBN, toBN, universalFromPublicKey, type SolanaWrite } from "./clients.js";
import type { SolanaPreparedTransaction } from "./send.js";
import type { AnchorGovernanceAction, AnchorGroth16VerifyingKey, SolanaProposalAccount } from "./programs.js";

const U16_MAX = 0xffff;
const U32_MAX = 0xffff_ffff;
const U64_MAX = (1n << 64n) - 1n;

/** A typed governance action (what the governance PDA executes), with bigint amounts. */
export type SolanaGovernanceAction =
  | { readonly kind: "setStakingParams"; readonly minStake: bigint; readonly unbondingPeriod: bigint }
  | {
      readonly kind: "setMarketplaceParams";
      readonly challengePeriod: bigint;
      readonly slashBps: number;
      readonly providerBps: number;
      readonly treasuryBps: number;
      readonly creatorBps: number;
    }
  | { readonly kind: "setArbiter"; readonly arbiter: PublicKey }
  /** `treasury` = the new treasury CAL token account. */
  | { readonly kind: "setTreasury"; readonly treasury: PublicKey }
  /** A BN254 snarkjs verifying key with 4 public inputs (encoded with `encodeVerifyingKeySolana`). */
  | { readonly kind: "registerVerifier"; readonly verifierId: bigint; readonly vkey: SnarkjsVerificationKey }
  | { readonly kind: "pause" }
  | { readonly kind: "unpause" }
  /** 20-byte validator addresses, strictly ascending. */
  | {
      readonly kind: "bridgeRotateValidatorSet";
      readonly validators: readonly `0x${string}`[];
      readonly threshold: number;
      readonly retentionWindow: number;
    }
  | { readonly kind: "bridgeSetThreshold"; readonly threshold: number }
  | {
      readonly kind: "bridgeSetRemoteDomain";
      readonly domain: number;
      readonly bridge: UniversalAddress;
      readonly evmRecipients: boolean;
      readonly inboundCapacity: bigint;
      readonly inboundRatePerSecond: bigint;
      readonly outboundCapacity: bigint;
      readonly outboundRatePerSecond: bigint;
    }
  | { readonly kind: "bridgeDisableRemoteDomain"; readonly domain: number }
  | { readonly kind: "bridgeSetRoles"; readonly admin: PublicKey; readonly pauser: PublicKey }
  | { readonly kind: "bridgeUnpause" };

function bounded(
  name: keyof typeof PARAMETERS,
  value: bigint,
  error: "MarketplaceParameterOutOfBounds" | "StakingParameterOutOfBounds",
): void {
  const b = PARAMETERS[name];
  if (value < b.min || value > b.max) throw new CalctraError(error, { name, value, min: b.min, max: b.max });
}
const isU = (v: number, max: number) => Number.isInteger(v) && v >= 0 && v <= max;

/**
 * Validates a typed action against the on-chain bounds (CONVENTIONS.md) and converts it into
 * Anchor's encoding of the program's `GovernanceAction`.
 *
 * @example
 * ```ts
 * toAnchorGovernanceAction({ kind: "setMarketplaceParams", challengePeriod: 7200n, slashBps: 2000,
 *   providerBps: 8000, treasuryBps: 1500, creatorBps: 500 });
 * ```
 */
export function toAnchorGovernanceAction(action: SolanaGovernanceAction): AnchorGovernanceAction {
  switch (action.kind) {
    case "setStakingParams":
      bounded("minStake", action.minStake, "StakingParameterOutOfBounds");
      bounded("unbondingPeriod", action.unbondingPeriod, "StakingParameterOutOfBounds");
      return { setStakingParams: { minStake: toBN(action.minStake), unbondingPeriod: toBN(action.unbondingPeriod) } };
    case "setMarketplaceParams": {
      const { providerBps, treasuryBps, creatorBps, slashBps } = action;
      for (const [n, v] of Object.entries({ providerBps, treasuryBps, creatorBps, slashBps })) {
        if (!isU(v, U16_MAX)) throw new CalctraError("MarketplaceParameterOutOfBounds", { name: n, value: v });
      }
      bounded("challengePeriod", action.challengePeriod, "MarketplaceParameterOutOfBounds");
      bounded("slashBps", BigInt(slashBps), "MarketplaceParameterOutOfBounds");
      if (
        providerBps + treasuryBps + creatorBps !== 10_000 ||
        BigInt(providerBps) < PARAMETERS.providerBps.min ||
        BigInt(creatorBps) > PARAMETERS.creatorBps.max
      ) {
        throw new CalctraError("MarketplaceInvalidFeeSplit", { providerBps, treasuryBps, creatorBps });
      }
      return { setMarketplaceParams: { challengePeriod: toBN(action.challengePeriod), slashBps, providerBps, treasuryBps, creatorBps } };
    }
    case "setArbiter":
      if (action.arbiter.equals(PublicKey.default)) throw new CalctraError("MarketplaceZeroAddress", { name: "arbiter" });
      return { setArbiter: { arbiter: action.arbiter } };
    case "setTreasury":
      if (action.treasury.equals(PublicKey.default)) throw new CalctraError("MarketplaceZeroAddress", { name: "treasury" });
      return { setTreasury: { treasury: action.treasury } };
    case "registerVerifier":
      if (action.verifierId <= 0n || action.verifierId > U64_MAX)
        throw new CalctraError("MarketplaceUnknownVerifier", { verifierId: action.verifierId });
      return { registerVerifier: { verifierId: toBN(action.verifierId), vk: anchorVerifyingKey(action.vkey) } };
    case "pause":
      return { pause: {} };
    case "unpause":
      return { unpause: {} };
    case "bridgeRotateValidatorSet":
      if (!isU(action.threshold, U16_MAX) || !isU(action.retentionWindow, U32_MAX)) {
        throw new CalctraError("BridgeParameterOutOfBounds", { threshold: action.threshold, retentionWindow: action.retentionWindow });
      }
      return {
        bridgeRotateValidatorSet: {
          validators: action.validators.map(validatorBytes),
          threshold: action.threshold,
          retentionWindow: action.retentionWindow,
        },
      };
    case "bridgeSetThreshold":
      if (!isU(action.threshold, U16_MAX)) throw new CalctraError("BridgeParameterOutOfBounds", { threshold: action.threshold });
      return { bridgeSetThreshold: { threshold: action.threshold } };
    case "bridgeSetRemoteDomain": {
      if (!isU(action.domain, U32_MAX)) throw new CalctraError("BridgeUnknownDomain", { domain: action.domain });
      const amounts = [action.inboundCapacity, action.inboundRatePerSecond, action.outboundCapacity, action.outboundRatePerSecond];
      if (amounts.some((v) => v < 0n || v > U64_MAX)) throw new CalctraError("BridgeParameterOutOfBounds", { domain: action.domain });
      return {
        bridgeSetRemoteDomain: {
          domain: action.domain,
          params: {
            bridge: Array.from(universalToBytes(action.bridge)),
            evmRecipients: action.evmRecipients,
            inboundCapacity: toBN(action.inboundCapacity),
            inboundRatePerSecond: toBN(action.inboundRatePerSecond),
            outboundCapacity: toBN(action.outboundCapacity),
            outboundRatePerSecond: toBN(action.outboundRatePerSecond),
          },
        },
      };
    }
    case "bridgeDisableRemoteDomain":
      if (!isU(action.domain, U32_MAX)) throw new CalctraError("BridgeUnknownDomain", { domain: action.domain });
      return { bridgeDisableRemoteDomain: { domain: action.domain } };
    case "bridgeSetRoles":
      return { bridgeSetRoles: { admin: action.admin, pauser: action.pauser } };
    case "bridgeUnpause":
      return { bridgeUnpause: {} };
  }
}

function validatorBytes(v: `0x${string}`): number[] {
  if (!/^0x[0-9a-fA-F]{40}$/.test(v)) throw new RangeError(`validator is not a 20-byte address: ${v}`);
  return Array.from(Buffer.from(v.slice(2), "hex"));
}

/**
 * A snarkjs BN254 verifying key (4 public inputs) as the marketplace's `Groth16VerifyingKey`.
 *
 * @example
 * ```ts
 * const vk = anchorVerifyingKey(vector.vkey);
 * ```
 */
export function anchorVerifyingKey(vkey: SnarkjsVerificationKey): AnchorGroth16VerifyingKey {
  const e = encodeVerifyingKeySolana({ vkey });
  if (e.ic.length !== 5)
    throw new CalctraError("MarketplaceUnknownVerifier", { reason: `the verifier takes 4 public inputs, the key has ${e.ic.length - 1}` });
  const a = (b: Uint8Array) => Array.from(b);
  return { alphaG1: a(e.alphaG1), betaG2: a(e.betaG2), gammaG2: a(e.gammaG2), deltaG2: a(e.deltaG2), ic: e.ic.map(a) };
}

/** Name of the typed action stored in a proposal. */
function actionKind(action: SolanaProposalAccount["action"]): string {
  return Object.keys(action)[0] ?? "unknown";
}

/** A Solana proposal: the core fields plus the timelock and the typed action's name. */
export interface SolanaProposal extends Proposal {
  /** Executable from `eta` (0 = not queued) until `eta + gracePeriod`. */
  readonly eta: bigint;
  readonly gracePeriod: bigint;
  readonly quorumVotes: bigint;
  /** e.g. `setMarketplaceParams`. */
  readonly actionKind: string;
}

/** Parameters of {@link SolanaGovernanceClient.deposit} and {@link SolanaGovernanceClient.withdraw} (CAL base units). */
export interface SolanaGovernanceAmountParameters {
  readonly amount: bigint;
}
/** Parameters of {@link SolanaGovernanceClient.propose}. */
export interface SolanaProposeParameters {
  readonly action: SolanaGovernanceAction;
}
/** Parameters of the Solana governance actions on one proposal. */
export interface SolanaProposalParameters {
  readonly proposalId: bigint;
}
/** Parameters of {@link SolanaGovernanceClient.castVote}: 0 Against, 1 For, 2 Abstain. */
export interface SolanaCastVoteParameters extends SolanaProposalParameters {
  readonly support: 0 | 1 | 2;
}

/**
 * Governance on Solana. Every write comes in three forms: `x` sends, `prepareX` returns the instructions for
 * another signer (a Squads multisig), `simulateX` runs it without sending.
 *
 * @example
 * ```ts
 * const gov = new SolanaGovernanceClient({ provider, deployment });
 * await gov.deposit({ amount: 1_000n * CAL });
 * const { proposalId } = await gov.propose({ action: { kind: "setMarketplaceParams", challengePeriod: 7200n,
 *   slashBps: 2000, providerBps: 8000, treasuryBps: 1500, creatorBps: 500 } });
 * await gov.castVote({ proposalId, support: 1 });
 * ```
 */
export class SolanaGovernanceClient extends SolanaContractClient implements GovernanceClient<SolanaPreparedTransaction> {
  private get vault(): PublicKey {
    return new PublicKey(this.params.deployment.pdas.govVault);
  }
  private assertProposalId(proposalId: bigint): void {
    if (proposalId <= 0n || proposalId > U64_MAX) throw new CalctraError("GovernorNonexistentProposal", { proposalId });
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
  private async proposeWrite({ action }: SolanaProposeParameters): Promise<SolanaWrite<{ readonly proposalId: bigint }>> {
    const encoded = toAnchorGovernanceAction(action);
    const config = await this.programs.governance.account.governanceConfig.fetch(this.pdas.governance);
    // The proposal PDA is derived from the id, so the transaction creates exactly this id or fails.
    const proposalId = fromBN(config.proposalCount) + 1n;
    return {
      result: { proposalId },
      instructions: [
        await this.programs.governance.methods
          .propose(encoded)
          .accountsPartial({
            proposer: this.address,
            config: this.pdas.governance,
            voter: this.pdas.voter(this.address),
            proposal: this.pdas.proposal(proposalId),
          })
          .instruction(),
      ],
    };
  }
  private async castVoteWrite({ proposalId, support }: SolanaCastVoteParameters): Promise<SolanaWrite> {
    this.assertProposalId(proposalId);
    if (![0, 1, 2].includes(support)) throw new RangeError(`support must be 0 (Against), 1 (For) or 2 (Abstain): ${String(support)}`);
    return {
      missingAccount: "proposal",
      instructions: [
        await this.programs.governance.methods
          .castVote(toBN(proposalId), support)
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
  private async queueWrite({ proposalId }: SolanaProposalParameters): Promise<SolanaWrite> {
    this.assertProposalId(proposalId);
    return {
      missingAccount: "proposal",
      instructions: [
        await this.programs.governance.methods
          .queue(toBN(proposalId))
          .accountsPartial({
            signer: this.address,
            config: this.pdas.governance,
            proposal: this.pdas.proposal(proposalId),
          })
          .instruction(),
      ],
    };
  }
  private async cancelWrite({ proposalId }: SolanaProposalParameters): Promise<SolanaWrite> {
    this.assertProposalId(proposalId);
    return {
      missingAccount: "proposal",
      instructions: [
        await this.programs.governance.methods
          .cancel(toBN(proposalId))
          .accountsPartial({
            signer: this.address,
            config: this.pdas.governance,
            proposal: this.pdas.proposal(proposalId),
          })
          .instruction(),
      ],
    };
  }
  private async executeWrite({ proposalId }: SolanaProposalParameters): Promise<SolanaWrite> {
    this.assertProposalId(proposalId);
    const p = await this.programs.governance.account.proposal.fetchNullable(this.pdas.proposal(proposalId));
    if (!p) throw new CalctraError("GovernorNonexistentProposal", { proposalId }, "solana");
    const a = p.action;
    const none: Record<
      "stakingProgram" | "stakingConfig" | "marketplaceProgram" | "marketplaceConfig" | "target" | "bridgeProgram" | "bridgeConfig",
      PublicKey | null
    > = {
      stakingProgram: null,
      stakingConfig: null,
      marketplaceProgram: null,
      marketplaceConfig: null,
      target: null,
      bridgeProgram: null,
      bridgeConfig: null,
    };
    const staking = { stakingProgram: this.programs.staking.programId, stakingConfig: this.pdas.stakingConfig };
    const market = { marketplaceProgram: this.programs.marketplace.programId, marketplaceConfig: this.pdas.marketplaceConfig };
    const bridge = { bridgeProgram: this.programs.bridge.programId, bridgeConfig: this.pdas.bridgeConfig };
    let accounts = none;
    if (a.setStakingParams) accounts = { ...none, ...staking };
    else if (a.setMarketplaceParams || a.setArbiter || a.pause || a.unpause) accounts = { ...none, ...market };
    else if (a.setTreasury) accounts = { ...none, ...market, target: a.setTreasury.treasury };
    else if (a.registerVerifier) accounts = { ...none, ...market, target: this.pdas.verifier(fromBN(a.registerVerifier.verifierId)) };
    else if (a.bridgeSetRemoteDomain) accounts = { ...none, ...bridge, target: this.pdas.remoteDomain(a.bridgeSetRemoteDomain.domain) };
    else if (a.bridgeDisableRemoteDomain)
      accounts = { ...none, ...bridge, target: this.pdas.remoteDomain(a.bridgeDisableRemoteDomain.domain) };
    else accounts = { ...none, ...bridge };
    return {
      missingAccount: "proposal",
      instructions: [
        await this.programs.governance.methods
          .execute(toBN(proposalId))
          .accountsPartial({
            executor: this.address,
            config: this.pdas.governance,
            proposal: this.pdas.proposal(proposalId),
            ...accounts,
          })
          .instruction(),
      ],
    };
  }

  /**
   * Locks CAL from the wallet's token account in the governance vault as voting weight.
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
   * Withdraws locked CAL once every proposal it voted on has ended (`GovernanceTokensLocked` before).
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
   * {@link withdraw} as instructions for another signer (e.g. a Squads vault as the client's wallet).
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
   * Runs {@link withdraw} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await gov.simulateWithdraw({ amount: 1_000n * CAL }); // GovernanceTokensLocked while a vote is running
   * ```
   */
  simulateWithdraw(parameters: SolanaGovernanceAmountParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.withdrawWrite(parameters));
  }
  /**
   * Proposes a typed action (validated first, see {@link toAnchorGovernanceAction}); returns its id.
   *
   * @example
   * ```ts
   * const { proposalId } = await gov.propose({ action: { kind: "registerVerifier", verifierId: 1n, vkey } });
   * ```
   */
  propose(parameters: SolanaProposeParameters): Promise<TransactionReceiptSummary & { readonly proposalId: bigint }> {
    return this.sendWrite(this.proposeWrite(parameters));
  }
  /**
   * {@link propose} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await gov.preparePropose({ action: { kind: "pause" } });
   * ```
   */
  preparePropose(parameters: SolanaProposeParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.proposeWrite(parameters));
  }
  /**
   * Runs {@link propose} without sending: its compute units and the id the proposal would get (`result.proposalId`), or the error sending would throw.
   *
   * @example
   * ```ts
   * const { result } = await gov.simulatePropose({ action: { kind: "pause" } }); // result.proposalId: the id it would get
   * ```
   */
  simulatePropose(parameters: SolanaProposeParameters): Promise<SimulateReturnType<{ readonly proposalId: bigint }>> {
    return this.simulateWrite(this.proposeWrite(parameters));
  }
  /**
   * Votes with the wallet's whole locked weight: 0 Against, 1 For, 2 Abstain.
   *
   * @example
   * ```ts
   * await gov.castVote({ proposalId: 1n, support: 1 });
   * ```
   */
  castVote(parameters: SolanaCastVoteParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.castVoteWrite(parameters));
  }
  /**
   * {@link castVote} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const { instructions, signers } = await gov.prepareCastVote({ proposalId: 1n, support: 1 });
   * ```
   */
  prepareCastVote(parameters: SolanaCastVoteParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.castVoteWrite(parameters));
  }
  /**
   * Runs {@link castVote} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await gov.simulateCastVote({ proposalId: 1n, support: 1 }); // GovernorAlreadyCastVote after a vote
   * ```
   */
  simulateCastVote(parameters: SolanaCastVoteParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.castVoteWrite(parameters));
  }
  /**
   * Queues a Succeeded proposal: the timelock starts. Anyone.
   *
   * @example
   * ```ts
   * await gov.queue({ proposalId: 1n });
   * ```
   */
  queue(parameters: SolanaProposalParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.queueWrite(parameters));
  }
  /**
   * {@link queue} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await gov.prepareQueue({ proposalId: 1n });
   * ```
   */
  prepareQueue(parameters: SolanaProposalParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.queueWrite(parameters));
  }
  /**
   * Runs {@link queue} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await gov.simulateQueue({ proposalId: 1n }); // GovernorUnexpectedProposalState unless Succeeded
   * ```
   */
  simulateQueue(parameters: SolanaProposalParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.queueWrite(parameters));
  }
  /**
   * Cancels a Pending proposal. Its proposer only.
   *
   * @example
   * ```ts
   * await gov.cancel({ proposalId: 1n });
   * ```
   */
  cancel(parameters: SolanaProposalParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.cancelWrite(parameters));
  }
  /**
   * {@link cancel} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await gov.prepareCancel({ proposalId: 1n });
   * ```
   */
  prepareCancel(parameters: SolanaProposalParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.cancelWrite(parameters));
  }
  /**
   * Runs {@link cancel} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * const { cost } = await gov.simulateCancel({ proposalId: 1n });
   * ```
   */
  simulateCancel(parameters: SolanaProposalParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.cancelWrite(parameters));
  }
  /**
   * Executes a Queued proposal once its timelock has elapsed, passing the accounts its action needs
   * (the target program and config; the new treasury, the verifier PDA or the bridge remote-domain
   * PDA as `target`). Anyone; the wallet pays for accounts the action creates.
   *
   * @example
   * ```ts
   * await gov.execute({ proposalId: 1n });
   * ```
   */
  execute(parameters: SolanaProposalParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.executeWrite(parameters));
  }
  /**
   * {@link execute} as instructions for another signer (e.g. a Squads vault as the client's wallet).
   *
   * @example
   * ```ts
   * const prepared = await gov.prepareExecute({ proposalId: 1n });
   * ```
   */
  prepareExecute(parameters: SolanaProposalParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.executeWrite(parameters));
  }
  /**
   * Runs {@link execute} without sending: its compute units, or the error sending would throw.
   *
   * @example
   * ```ts
   * await gov.simulateExecute({ proposalId: 1n }); // TimelockUnexpectedOperationState before the timelock ends
   * ```
   */
  simulateExecute(parameters: SolanaProposalParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.executeWrite(parameters));
  }
  /**
   * Voting weight locked by `voter` and until when (unix seconds).
   *
   * @example
   * ```ts
   * const { amount, lockedUntil } = await gov.getVoter({ voter: wallet.publicKey.toBase58() });
   * ```
   */
  async getVoter({ voter }: { readonly voter: string }): Promise<{ readonly amount: bigint; readonly lockedUntil: bigint }> {
    const v = await this.programs.governance.account.voter.fetchNullable(this.pdas.voter(new PublicKey(voter)));
    return v ? { amount: fromBN(v.amount), lockedUntil: fromBN(v.lockedUntil) } : { amount: 0n, lockedUntil: 0n };
  }
  /**
   * State (computed at chain time, as the program does), votes, timing and the action of a proposal;
   * `description` names the typed action (proposals carry no free text on Solana).
   *
   * @example
   * ```ts
   * const p = await gov.getProposal({ proposalId: 1n });
   * p.state; // ProposalState.Active
   * ```
   */
  async getProposal({ proposalId }: { readonly proposalId: bigint }): Promise<SolanaProposal> {
    this.assertProposalId(proposalId);
    const p = await this.programs.governance.account.proposal.fetchNullable(this.pdas.proposal(proposalId));
    if (!p) throw new CalctraError("GovernorNonexistentProposal", { proposalId }, "solana");
    const now = await this.chainTime();
    const kind = actionKind(p.action);
    return {
      id: fromBN(p.id),
      proposer: universalFromPublicKey(p.proposer),
      state: proposalState(p, now),
      forVotes: fromBN(p.forVotes),
      againstVotes: fromBN(p.againstVotes),
      abstainVotes: fromBN(p.abstainVotes),
      voteStart: fromBN(p.voteStart),
      voteEnd: fromBN(p.voteEnd),
      description: `typed action ${kind}`,
      eta: fromBN(p.eta),
      gracePeriod: fromBN(p.gracePeriod),
      quorumVotes: fromBN(p.quorumVotes),
      actionKind: kind,
    };
  }
}

/**
 * The proposal state at `now`, exactly as the governance program computes it (OpenZeppelin numbering).
 *
 * @example
 * ```ts
 * proposalState(account, await gov.chainTime()); // ProposalState.Queued
 * ```
 */
export function proposalState(p: SolanaProposalAccount, now: bigint): ProposalState {
  if (p.executed) return ProposalState.Executed;
  if (p.canceled) return ProposalState.Canceled;
  if (now < fromBN(p.voteStart)) return ProposalState.Pending;
  if (now <= fromBN(p.voteEnd)) return ProposalState.Active;
  const forVotes = fromBN(p.forVotes);
  if (forVotes + fromBN(p.abstainVotes) < fromBN(p.quorumVotes) || forVotes <= fromBN(p.againstVotes)) return ProposalState.Defeated;
  const eta = fromBN(p.eta);
  if (eta === 0n) return ProposalState.Succeeded;
  if (now >= eta + fromBN(p.gracePeriod)) return ProposalState.Expired;
  return ProposalState.Queued;
}
