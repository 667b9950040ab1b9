/**
 * Proof of computational power on Solana (DESIGN §11): the power registry's instructions of the staking program
 * (`declare_rate`, `register_validator`, `challenge`, `respond`, `expire_challenge`, `claim_fees`,
 * `fund_validator_budget`) behind core's chain-neutral {@link PowerClient}. Accounts (the power record
 * `["power", provider]`, the validator record `["validator", validator]`, the power vault, the marketplace's
 * treasury for the treasury half of a slash) are derived or read here; refusals come back as {@link CalctraError}
 * with the CONVENTIONS names (chain "solana"). Addresses are base58 public keys.
 */
import type { IdlAccounts } from "@coral-xyz/anchor";
import { type PublicKey, SYSVAR_SLOT_HASHES_PUBKEY } from "@solana/web3.js";
import { CalctraError, powerTarget, verifiedPower } from "@calctra/core";
import type {
  ChallengeReturnType,
  ComputeValidatorInfo,
  PowerChallenge,
  PowerClient,
  PowerParametersView,
  ProviderPowerRecord,
  SimulateReturnType,
  TransactionReceiptSummary,
} from "@calctra/core";
import { fromBN, parsePublicKey, SolanaContractClient, toBN, universalFromPublicKey, type SolanaWrite } from "./clients.js";
import { solanaPdaSeeds } from "./generated/seeds.js";
import type { StakingIdl } from "./programs.js";
import { deriveSolanaPda, solanaProgramIds } from "./programs.js";
import type { SolanaPreparedTransaction } from "./send.js";

const U64_MAX = (1n << 64n) - 1n;
/** The most nonces an answer can carry (parameter 9's upper bound). */
export const SOLANA_MAX_POWER_NONCES = 32;

/** A provider's power record account (with its current or last challenge), as Anchor decodes it. */
export type SolanaPowerRecordAccount = IdlAccounts<StakingIdl>["powerRecord"];
/** A compute validator's account, as Anchor decodes it. */
export type SolanaComputeValidatorAccount = IdlAccounts<StakingIdl>["computeValidator"];

/**
 * The power registry's PDAs under the staking program (seeds from the IDL, `generated/seeds.ts`).
 *
 * @example
 * ```ts
 * solanaPowerPdas().record(provider); // ["power", provider]
 * ```
 */
export function solanaPowerPdas(staking: PublicKey = solanaProgramIds().staking) {
  const S = solanaPdaSeeds.staking;
  return {
    /** The power vault `["power_vault"]`: the funded budget and the fees owed. */
    vault: deriveSolanaPda(S.powerVault, [], staking),
    /** A provider's power record `["power", provider]`. */
    record: (provider: PublicKey) => deriveSolanaPda(S.powerRecord, [provider.toBytes()], staking),
    /** A compute validator's record `["validator", validator]`. */
    validator: (validator: PublicKey) => deriveSolanaPda(S.validator, [validator.toBytes()], staking),
  };
}

/** Parameters of {@link SolanaPowerClient.respond}. */
export interface SolanaRespondParameters {
  readonly challengeId: bigint;
  /** Exactly m nonces, strictly increasing (u64). */
  readonly nonces: readonly bigint[];
}

/**
 * The power registry on Solana. The acting wallet is the provider (declareRate, respond), the compute validator
 * (registerValidator, challenge, claimFees) or anyone (expireChallenge, fundValidatorBudget).
 *
 * @example
 * ```ts
 * const power = new SolanaPowerClient({ provider, deployment });
 * await power.declareRate({ claimedRate: 5_000_000n });
 * const challenge = await power.getChallenge({ provider: wallet.publicKey.toBase58() });
 * ```
 */
export class SolanaPowerClient extends SolanaContractClient implements PowerClient<SolanaPreparedTransaction> {
  private readonly power = solanaPowerPdas();

  private async recordAccount(provider: PublicKey): Promise<SolanaPowerRecordAccount | null> {
    return this.programs.staking.account.powerRecord.fetchNullable(this.power.record(provider));
  }
  /** The record of a provider with an open challenge, or `PowerUnknownChallenge`. */
  private async openRecord(provider: PublicKey, challengeId?: bigint): Promise<SolanaPowerRecordAccount> {
    const r = await this.recordAccount(provider);
    const open = r === null ? 0n : fromBN(r.openChallenge);
    if (r === null || open === 0n || (challengeId !== undefined && open !== challengeId))
      throw new CalctraError("PowerUnknownChallenge", { provider: provider.toBase58(), challengeId: challengeId ?? 0n }, "solana");
    return r;
  }

  private async declareRateWrite({ claimedRate }: { readonly claimedRate: bigint }): Promise<SolanaWrite> {
    if (claimedRate <= 0n) throw new CalctraError("PowerZeroClaim", { claimedRate }, "solana");
    if (claimedRate > U64_MAX) throw new RangeError(`claimedRate out of u64 range: ${claimedRate}`);
    return {
      instructions: [
        await this.programs.staking.methods
          .declareRate(toBN(claimedRate))
          .accountsPartial({
            authority: this.address,
            provider: this.pdas.provider(this.address),
            powerRecord: this.power.record(this.address),
          })
          .instruction(),
      ],
    };
  }
  private async registerValidatorWrite(): Promise<SolanaWrite> {
    return {
      instructions: [
        await this.programs.staking.methods
          .registerValidator()
          .accountsPartial({
            authority: this.address,
            config: this.pdas.stakingConfig,
            stakeRecord: this.pdas.provider(this.address),
            validator: this.power.validator(this.address),
          })
          .instruction(),
      ],
    };
  }
  private async challengeWrite({ provider }: { readonly provider: string }): Promise<SolanaWrite<{ challengeId: bigint }>> {
    const target = parsePublicKey(provider, "provider");
    const config = await this.programs.staking.account.stakingConfig.fetch(this.pdas.stakingConfig);
    return {
      // the id the challenge takes when nothing else opens one first (the receipt reads the record)
      result: { challengeId: fromBN(config.challengeCount) + 1n },
      instructions: [
        await this.programs.staking.methods
          .challenge(target)
          .accountsPartial({
            validatorAuthority: this.address,
            config: this.pdas.stakingConfig,
            validator: this.power.validator(this.address),
            validatorStake: this.pdas.provider(this.address),
            powerRecord: this.power.record(target),
            slotHashes: SYSVAR_SLOT_HASHES_PUBKEY,
          })
          .instruction(),
      ],
    };
  }
  private async respondWrite({ challengeId, nonces }: SolanaRespondParameters): Promise<SolanaWrite> {
    if (nonces.length > SOLANA_MAX_POWER_NONCES) throw new CalctraError("PowerWrongNonceCount", { count: nonces.length }, "solana");
    for (const n of nonces) if (n < 0n || n > U64_MAX) throw new RangeError(`nonce out of u64 range: ${n}`);
    if (challengeId < 0n || challengeId > U64_MAX) throw new RangeError(`challengeId out of u64 range: ${challengeId}`);
    const r = await this.openRecord(this.address, challengeId);
    return {
      instructions: [
        await this.programs.staking.methods
          .respond(toBN(challengeId), nonces.map(toBN))
          .accountsPartial({
            provider: this.address,
            config: this.pdas.stakingConfig,
            powerRecord: this.power.record(this.address),
            validator: this.power.validator(r.validator),
          })
          .instruction(),
      ],
    };
  }
  private async expireChallengeWrite({ provider }: { readonly provider: string }): Promise<SolanaWrite> {
    const target = parsePublicKey(provider, "provider");
    const r = await this.openRecord(target);
    const market = await this.programs.marketplace.account.marketplaceConfig.fetch(this.pdas.marketplaceConfig);
    return {
      instructions: [
        // the challenger's CAL account receives its half of a slash: created if missing (paid by the caller)
        this.createAta(r.validator),
        await this.programs.staking.methods
          .expireChallenge(target)
          .accountsPartial({
            caller: this.address,
            config: this.pdas.stakingConfig,
            powerRecord: this.power.record(target),
            validator: this.power.validator(r.validator),
            providerStake: this.pdas.provider(target),
            vault: this.pdas.stakeVault,
            challengerToken: this.ata(r.validator),
            marketplaceConfig: this.pdas.marketplaceConfig,
            treasuryToken: market.treasury,
          })
          .instruction(),
      ],
    };
  }
  private async claimFeesWrite(): Promise<SolanaWrite> {
    return {
      instructions: [
        this.createAta(this.address),
        await this.programs.staking.methods
          .claimFees()
          .accountsPartial({
            authority: this.address,
            config: this.pdas.stakingConfig,
            validator: this.power.validator(this.address),
            powerVault: this.power.vault,
            to: this.ata(this.address),
          })
          .instruction(),
      ],
    };
  }
  private async fundValidatorBudgetWrite({ amount }: { readonly amount: bigint }): Promise<SolanaWrite> {
    if (amount <= 0n) throw new CalctraError("PowerZeroAmount", { amount }, "solana");
    if (amount > U64_MAX) throw new RangeError(`amount out of u64 range: ${amount}`);
    return {
      instructions: [
        await this.programs.staking.methods
          .fundValidatorBudget(toBN(amount))
          .accountsPartial({
            funder: this.address,
            config: this.pdas.stakingConfig,
            from: this.ata(this.address),
            powerVault: this.power.vault,
          })
          .instruction(),
      ],
    };
  }

  /**
   * Declares (or replaces) the wallet's claimed keccak-256 rate; the pass record resets.
   *
   * @example
   * ```ts
   * await power.declareRate({ claimedRate: 5_000_000n });
   * ```
   */
  declareRate(parameters: { readonly claimedRate: bigint }): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.declareRateWrite(parameters));
  }
  /** {@link declareRate} as instructions for another signer. */
  prepareDeclareRate(parameters: { readonly claimedRate: bigint }): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.declareRateWrite(parameters));
  }
  /** Runs {@link declareRate} without sending (e.g. `PowerNotProvider`). */
  simulateDeclareRate(parameters: { readonly claimedRate: bigint }): Promise<SimulateReturnType> {
    return this.simulateWrite(this.declareRateWrite(parameters));
  }

  /**
   * Registers the wallet as a compute validator (it needs `minStake` staked in staking).
   *
   * @example
   * ```ts
   * await power.registerValidator();
   * ```
   */
  registerValidator(_parameters?: Record<string, never>): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.registerValidatorWrite());
  }
  /** {@link registerValidator} as instructions for another signer. */
  prepareRegisterValidator(_parameters?: Record<string, never>): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.registerValidatorWrite());
  }
  /** Runs {@link registerValidator} without sending. */
  simulateRegisterValidator(_parameters?: Record<string, never>): Promise<SimulateReturnType> {
    return this.simulateWrite(this.registerValidatorWrite());
  }

  /**
   * Challenges a provider (the wallet is a compute validator); returns the new challenge's id.
   *
   * @example
   * ```ts
   * const { challengeId } = await power.challenge({ provider: "9xQe…" });
   * ```
   */
  async challenge(parameters: { readonly provider: string }): Promise<ChallengeReturnType> {
    const receipt = await this.sendWrite(this.challengeWrite(parameters));
    const r = await this.recordAccount(parsePublicKey(parameters.provider, "provider"));
    return { ...receipt, challengeId: r === null ? receipt.challengeId : fromBN(r.challengeId) };
  }
  /** {@link challenge} as instructions for another signer. */
  prepareChallenge(parameters: { readonly provider: string }): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.challengeWrite(parameters));
  }
  /** Runs {@link challenge} without sending; `result.challengeId` is the id it would take. */
  simulateChallenge(parameters: { readonly provider: string }): Promise<SimulateReturnType<{ challengeId: bigint }>> {
    return this.simulateWrite(this.challengeWrite(parameters));
  }

  /**
   * Answers the wallet's open challenge with m nonces (strictly increasing, each hash below the target).
   *
   * @example
   * ```ts
   * await power.respond({ challengeId, nonces });
   * ```
   */
  respond(parameters: SolanaRespondParameters): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.respondWrite(parameters));
  }
  /** {@link respond} as instructions for another signer. */
  prepareRespond(parameters: SolanaRespondParameters): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.respondWrite(parameters));
  }
  /** Runs {@link respond} without sending (e.g. `PowerNonceAboveTarget`). */
  simulateRespond(parameters: SolanaRespondParameters): Promise<SimulateReturnType> {
    return this.simulateWrite(this.respondWrite(parameters));
  }

  /**
   * Expires a provider's unanswered challenge after its window (anyone); may slash the provider.
   *
   * @example
   * ```ts
   * await power.expireChallenge({ provider: "9xQe…" });
   * ```
   */
  expireChallenge(parameters: { readonly provider: string }): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.expireChallengeWrite(parameters));
  }
  /** {@link expireChallenge} as instructions for another signer. */
  prepareExpireChallenge(parameters: { readonly provider: string }): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.expireChallengeWrite(parameters));
  }
  /** Runs {@link expireChallenge} without sending (e.g. `PowerWindowOpen`). */
  simulateExpireChallenge(parameters: { readonly provider: string }): Promise<SimulateReturnType> {
    return this.simulateWrite(this.expireChallengeWrite(parameters));
  }

  /**
   * Pays the wallet's validator fees owed into its CAL account.
   *
   * @example
   * ```ts
   * await power.claimFees();
   * ```
   */
  claimFees(_parameters?: Record<string, never>): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.claimFeesWrite());
  }
  /** {@link claimFees} as instructions for another signer. */
  prepareClaimFees(_parameters?: Record<string, never>): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.claimFeesWrite());
  }
  /** Runs {@link claimFees} without sending (`PowerNothingToClaim`). */
  simulateClaimFees(_parameters?: Record<string, never>): Promise<SimulateReturnType> {
    return this.simulateWrite(this.claimFeesWrite());
  }

  /**
   * Moves CAL from the wallet into the power vault for validator fees (normally the treasury).
   *
   * @example
   * ```ts
   * await power.fundValidatorBudget({ amount: 1_000n * CAL });
   * ```
   */
  fundValidatorBudget(parameters: { readonly amount: bigint }): Promise<TransactionReceiptSummary> {
    return this.sendWrite(this.fundValidatorBudgetWrite(parameters));
  }
  /** {@link fundValidatorBudget} as instructions for another signer. */
  prepareFundValidatorBudget(parameters: { readonly amount: bigint }): Promise<SolanaPreparedTransaction> {
    return this.prepareWrite(this.fundValidatorBudgetWrite(parameters));
  }
  /** Runs {@link fundValidatorBudget} without sending. */
  simulateFundValidatorBudget(parameters: { readonly amount: bigint }): Promise<SimulateReturnType> {
    return this.simulateWrite(this.fundValidatorBudgetWrite(parameters));
  }

  /**
   * A provider's power record (all zero before its first claim).
   *
   * @example
   * ```ts
   * const { claimedRate, powerPassed, verifiedPower } = await power.getPowerRecord({ provider: "9xQe…" });
   * ```
   */
  async getPowerRecord({ provider }: { readonly provider: string }): Promise<ProviderPowerRecord> {
    const key = parsePublicKey(provider, "provider");
    const r = await this.recordAccount(key);
    const record = {
      claimedRate: r ? fromBN(r.claimedRate) : 0n,
      powerPassed: r ? fromBN(r.powerPassed) : 0n,
      powerFailed: r ? fromBN(r.powerFailed) : 0n,
      failuresInRow: r ? BigInt(r.failuresInRow) : 0n,
    };
    return {
      provider: universalFromPublicKey(key),
      ...record,
      openChallenge: r ? fromBN(r.openChallenge) : 0n,
      lastChallengeAt: r ? fromBN(r.lastChallengeAt) : 0n,
      verifiedPower: verifiedPower(record),
    };
  }
  /**
   * The provider's open challenge with its target, or null when none is open.
   *
   * @example
   * ```ts
   * const c = await power.getChallenge({ provider: wallet.publicKey.toBase58() });
   * ```
   */
  async getChallenge({ provider }: { readonly provider: string }): Promise<PowerChallenge | null> {
    const key = parsePublicKey(provider, "provider");
    const r = await this.recordAccount(key);
    if (r === null || fromBN(r.openChallenge) === 0n) return null;
    const responseWindow = fromBN(r.responseWindow);
    return {
      challengeId: fromBN(r.openChallenge),
      provider: universalFromPublicKey(key),
      validator: universalFromPublicKey(r.validator),
      seed: `0x${Buffer.from(r.seed).toString("hex")}`,
      deadline: fromBN(r.deadline),
      responseWindow,
      nonces: r.nonces,
      target: powerTarget({ claimedRate: fromBN(r.claimedRate), responseWindow, nonces: BigInt(r.nonces) }),
    };
  }
  /**
   * A compute validator's registration, fees owed and completed challenges.
   *
   * @example
   * ```ts
   * const { feesOwed } = await power.getValidator({ validator: wallet.publicKey.toBase58() });
   * ```
   */
  async getValidator({ validator }: { readonly validator: string }): Promise<ComputeValidatorInfo> {
    const key = parsePublicKey(validator, "validator");
    const v: SolanaComputeValidatorAccount | null = await this.programs.staking.account.computeValidator.fetchNullable(
      this.power.validator(key),
    );
    return {
      validator: universalFromPublicKey(key),
      registered: v?.registered ?? false,
      feesOwed: v ? fromBN(v.feesOwed) : 0n,
      completed: v ? fromBN(v.completed) : 0n,
    };
  }
  /**
   * The governed power parameters (ids 8..14) and the funded budget.
   *
   * @example
   * ```ts
   * const { responseWindow, powerNonces } = await power.getPowerParameters();
   * ```
   */
  async getPowerParameters(): Promise<PowerParametersView> {
    const c = await this.programs.staking.account.stakingConfig.fetch(this.pdas.stakingConfig);
    return {
      responseWindow: fromBN(c.power.responseWindow),
      powerNonces: c.power.powerNonces,
      powerCooldown: fromBN(c.power.powerCooldown),
      maxPowerFailures: c.power.maxPowerFailures,
      powerSlashBps: BigInt(c.power.powerSlashBps),
      validatorFee: fromBN(c.power.validatorFee),
      validatorBudget: fromBN(c.validatorBudget),
      fundedBudget: fromBN(c.fundedBudget),
    };
  }
  /**
   * CAL held by the power vault (`fundedBudget + Σ feesOwed`).
   *
   * @example
   * ```ts
   * const held = await power.vaultBalance();
   * ```
   */
  async vaultBalance(): Promise<bigint> {
    const b = await this.params.provider.connection.getTokenAccountBalance(this.power.vault);
    return BigInt(b.value.amount);
  }
}
