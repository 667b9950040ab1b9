/**
 * Proof of computational power on an EVM chain (DESIGN §11, CONVENTIONS "Proof of computational power"): the
 * deployment's `PowerRegistry` through core's chain-neutral `PowerClient`. Providers declare a keccak-256 rate and
 * answer challenges; compute validators challenge, expire and claim their fees. Every write `x` also comes as
 * `prepareX` (unsigned calldata) and `simulateX` (gas or the decoded `CalctraError`).
 */
import { parseEventLogs, type Address, type Hex } from "viem";
import {
  CalctraError,
  powerTarget,
  universalFromEvm,
  verifiedPower,
  type ChallengeReturnType,
  type ComputeValidatorInfo,
  type PowerChallenge,
  type PowerClient,
  type PowerParametersView,
  type ProviderPowerRecord,
  type SimulateReturnType,
} from "@calctra/core";
import { powerRegistryAbi } from "./generated/abis.js";
import { EvmContractClient, type EvmClientParameters } from "./clients.js";
import {
  evmContractWrite,
  type EvmContractWrite,
  type EvmPrepareOptions,
  type EvmPreparedTransaction,
  type EvmTransactionReturnType,
} from "./write.js";

const U64 = 0xffffffffffffffffn;

/** Return type of {@link EvmPowerClient.challenge}: the receipt and the new challenge's id. */
export interface EvmChallengeReturnType extends EvmTransactionReturnType {
  readonly challengeId: ChallengeReturnType["challengeId"];
}

/**
 * The proof-of-computational-power registry on an EVM chain. The deployment must name a `PowerRegistry`.
 *
 * @example
 * ```ts
 * const power = new EvmPowerClient({ publicClient, walletClient, deployment });
 * await power.declareRate({ claimedRate: 5_000_000n });
 * const open = await power.getChallenge({ provider: walletClient.account.address });
 * ```
 */
export class EvmPowerClient extends EvmContractClient implements PowerClient<EvmPreparedTransaction> {
  constructor(params: EvmClientParameters) {
    super(params);
    if (!params.deployment.contracts.PowerRegistry)
      throw new RangeError(`deployment ${params.deployment.network} names no PowerRegistry (DESIGN §11)`);
  }

  /** The registry's address. */
  get address(): Address {
    return this.params.deployment.contracts.PowerRegistry as Address;
  }

  // ── writes ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Declares (or replaces) the caller's keccak-256 rate, hashes per second; the pass record resets.
   *
   * @example
   * ```ts
   * await power.declareRate({ claimedRate: 5_000_000n });
   * ```
   */
  async declareRate(p: { readonly claimedRate: bigint }): Promise<EvmTransactionReturnType> {
    return this.send(this.#declareRate(p));
  }
  /** The unsigned `declareRate`. */
  async prepareDeclareRate(p: { readonly claimedRate: bigint } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#declareRate(p), p);
  }
  /** Runs `declareRate` without sending it: its gas, or the `CalctraError` it would throw (e.g. `PowerNotProvider`). */
  async simulateDeclareRate(p: { readonly claimedRate: bigint } & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#declareRate(p), p);
  }
  #declareRate({ claimedRate }: { readonly claimedRate: bigint }): EvmContractWrite {
    if (claimedRate <= 0n || claimedRate > U64) throw new CalctraError("PowerZeroClaim", { claimedRate });
    return evmContractWrite({ address: this.address, abi: powerRegistryAbi, functionName: "declareRate", args: [claimedRate] });
  }

  /**
   * Registers the caller (staked in Staking at least `minStake`) as a compute validator.
   *
   * @example
   * ```ts
   * await power.registerValidator();
   * ```
   */
  async registerValidator(): Promise<EvmTransactionReturnType> {
    return this.send(this.#registerValidator());
  }
  /** The unsigned `registerValidator`. */
  async prepareRegisterValidator(p: EvmPrepareOptions = {}): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#registerValidator(), p);
  }
  /** Runs `registerValidator` without sending it. */
  async simulateRegisterValidator(p: EvmPrepareOptions = {}): Promise<SimulateReturnType> {
    return this.simulate(this.#registerValidator(), p);
  }
  #registerValidator(): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: powerRegistryAbi, functionName: "registerValidator", args: [] });
  }

  /**
   * Challenges a provider's claim (validators only): returns the new challenge's id.
   *
   * @example
   * ```ts
   * const { challengeId } = await power.challenge({ provider: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" });
   * ```
   */
  async challenge(p: { readonly provider: string }): Promise<EvmChallengeReturnType> {
    const { logs, ...sent } = await this.writer.send(this.#challenge(p));
    const [opened] = parseEventLogs({ abi: powerRegistryAbi, eventName: "ChallengeOpened", logs: [...logs] });
    if (!opened) throw new Error(`challenge ${sent.id}: no ChallengeOpened event`);
    return { ...sent, challengeId: opened.args.challengeId };
  }
  /** The unsigned `challenge`. */
  async prepareChallenge(p: { readonly provider: string } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#challenge(p), p);
  }
  /** Runs `challenge` without sending it: its gas and the id it would get, or e.g. `PowerCooldownActive`. */
  async simulateChallenge(p: { readonly provider: string } & EvmPrepareOptions): Promise<SimulateReturnType<bigint>> {
    return this.simulate(this.#challenge(p), p);
  }
  #challenge({ provider }: { readonly provider: string }): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: powerRegistryAbi, functionName: "challenge", args: [provider as Address] });
  }

  /**
   * Answers the caller's open challenge with exactly m strictly increasing nonces (see core's `checkAnswer`).
   *
   * @example
   * ```ts
   * const { nonces } = await solvePowerNative({ seed: c.seed, provider: c.provider, target: c.target, m: c.nonces });
   * await power.respond({ challengeId: c.challengeId, nonces });
   * ```
   */
  async respond(p: { readonly challengeId: bigint; readonly nonces: readonly bigint[] }): Promise<EvmTransactionReturnType> {
    return this.send(this.#respond(p));
  }
  /** The unsigned `respond`. */
  async prepareRespond(
    p: { readonly challengeId: bigint; readonly nonces: readonly bigint[] } & EvmPrepareOptions,
  ): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#respond(p), p);
  }
  /** Runs `respond` without sending it: its gas, or e.g. `PowerNonceAboveTarget` with the index. */
  async simulateRespond(
    p: { readonly challengeId: bigint; readonly nonces: readonly bigint[] } & EvmPrepareOptions,
  ): Promise<SimulateReturnType> {
    return this.simulate(this.#respond(p), p);
  }
  #respond({ challengeId, nonces }: { readonly challengeId: bigint; readonly nonces: readonly bigint[] }): EvmContractWrite {
    for (const n of nonces) if (n < 0n || n > U64) throw new RangeError(`nonce out of u64 range: ${n}`);
    return evmContractWrite({ address: this.address, abi: powerRegistryAbi, functionName: "respond", args: [challengeId, [...nonces]] });
  }

  /**
   * Closes a provider's open challenge as failed once its window is over (anyone may call).
   *
   * @example
   * ```ts
   * await power.expireChallenge({ provider });
   * ```
   */
  async expireChallenge(p: { readonly provider: string }): Promise<EvmTransactionReturnType> {
    return this.send(this.#expire(p));
  }
  /** The unsigned `expireChallenge`. */
  async prepareExpireChallenge(p: { readonly provider: string } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#expire(p), p);
  }
  /** Runs `expireChallenge` without sending it: its gas, or e.g. `PowerWindowOpen`. */
  async simulateExpireChallenge(p: { readonly provider: string } & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#expire(p), p);
  }
  #expire({ provider }: { readonly provider: string }): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: powerRegistryAbi, functionName: "expireChallenge", args: [provider as Address] });
  }

  /**
   * Pays the caller's accrued validator fees (`PowerNothingToClaim` when none).
   *
   * @example
   * ```ts
   * await power.claimFees();
   * ```
   */
  async claimFees(): Promise<EvmTransactionReturnType> {
    return this.send(this.#claimFees());
  }
  /** The unsigned `claimFees`. */
  async prepareClaimFees(p: EvmPrepareOptions = {}): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#claimFees(), p);
  }
  /** Runs `claimFees` without sending it. */
  async simulateClaimFees(p: EvmPrepareOptions = {}): Promise<SimulateReturnType> {
    return this.simulate(this.#claimFees(), p);
  }
  #claimFees(): EvmContractWrite {
    return evmContractWrite({ address: this.address, abi: powerRegistryAbi, functionName: "claimFees", args: [] });
  }

  /**
   * Adds CAL to the budget fees are paid from (approving the registry first when the allowance is short).
   *
   * @example
   * ```ts
   * await power.fundValidatorBudget({ amount: 100n * CAL });
   * ```
   */
  async fundValidatorBudget(p: { readonly amount: bigint }): Promise<EvmTransactionReturnType> {
    return this.send(this.#fund(p));
  }
  /** The unsigned `fundValidatorBudget`; its `approval`, when present, goes first. */
  async prepareFundValidatorBudget(p: { readonly amount: bigint } & EvmPrepareOptions): Promise<EvmPreparedTransaction> {
    return this.prepare(this.#fund(p), p);
  }
  /** Runs `fundValidatorBudget` without sending it (as if a pending approval had been granted). */
  async simulateFundValidatorBudget(p: { readonly amount: bigint } & EvmPrepareOptions): Promise<SimulateReturnType> {
    return this.simulate(this.#fund(p), p);
  }
  #fund({ amount }: { readonly amount: bigint }): EvmContractWrite {
    if (amount <= 0n) throw new CalctraError("PowerZeroAmount");
    return evmContractWrite({
      address: this.address,
      abi: powerRegistryAbi,
      functionName: "fundValidatorBudget",
      args: [amount],
      spends: { token: this.params.deployment.contracts.CalToken, amount },
    });
  }

  // ── views ──────────────────────────────────────────────────────────────────────────────────

  /**
   * A provider's power record, with its verified power.
   *
   * @example
   * ```ts
   * const { claimedRate, powerPassed, verifiedPower } = await power.getPowerRecord({ provider });
   * ```
   */
  async getPowerRecord({ provider }: { readonly provider: string }): Promise<ProviderPowerRecord> {
    const r = await this.params.publicClient.readContract({
      address: this.address,
      abi: powerRegistryAbi,
      functionName: "powerRecord",
      args: [provider as Address],
    });
    const rec = {
      claimedRate: r.claimedRate,
      powerPassed: BigInt(r.powerPassed),
      powerFailed: BigInt(r.powerFailed),
      failuresInRow: BigInt(r.failuresInRow),
    };
    return {
      provider: universalFromEvm(provider as Address),
      ...rec,
      openChallenge: r.openChallenge,
      lastChallengeAt: BigInt(r.lastChallengeAt),
      verifiedPower: verifiedPower(rec),
    };
  }

  /**
   * The provider's open challenge with its target, or null when none is open.
   *
   * @example
   * ```ts
   * const c = await power.getChallenge({ provider: walletClient.account.address });
   * ```
   */
  async getChallenge({ provider }: { readonly provider: string }): Promise<PowerChallenge | null> {
    const [rec, c] = await Promise.all([
      this.params.publicClient.readContract({
        address: this.address,
        abi: powerRegistryAbi,
        functionName: "powerRecord",
        args: [provider as Address],
      }),
      this.params.publicClient.readContract({
        address: this.address,
        abi: powerRegistryAbi,
        functionName: "challengeOf",
        args: [provider as Address],
      }),
    ]);
    if (rec.openChallenge === 0n) return null;
    return {
      challengeId: rec.openChallenge,
      provider: universalFromEvm(provider as Address),
      validator: universalFromEvm(c.validator),
      seed: c.seed as Hex,
      deadline: BigInt(c.deadline),
      responseWindow: BigInt(c.responseWindow),
      nonces: c.nonces,
      target: powerTarget({ claimedRate: rec.claimedRate, responseWindow: BigInt(c.responseWindow), nonces: BigInt(c.nonces) }),
    };
  }

  /**
   * A compute validator's registration, unclaimed fees and completed challenges.
   *
   * @example
   * ```ts
   * const { feesOwed } = await power.getValidator({ validator: walletClient.account.address });
   * ```
   */
  async getValidator({ validator }: { readonly validator: string }): Promise<ComputeValidatorInfo> {
    const v = await this.params.publicClient.readContract({
      address: this.address,
      abi: powerRegistryAbi,
      functionName: "validatorInfo",
      args: [validator as Address],
    });
    return { validator: universalFromEvm(validator as Address), registered: v.registered, feesOwed: v.feesOwed, completed: v.completed };
  }

  /**
   * The governed parameters (ids 8..14) and the funded budget.
   *
   * @example
   * ```ts
   * const { responseWindow, powerNonces, powerCooldown } = await power.getPowerParameters();
   * ```
   */
  async getPowerParameters(): Promise<PowerParametersView> {
    const read = <F extends "parameters" | "validatorBudget" | "fundedBudget">(functionName: F) =>
      this.params.publicClient.readContract({ address: this.address, abi: powerRegistryAbi, functionName });
    const [p, validatorBudget, fundedBudget] = await Promise.all([read("parameters"), read("validatorBudget"), read("fundedBudget")]);
    return {
      responseWindow: BigInt(p.responseWindow),
      powerNonces: p.powerNonces,
      powerCooldown: BigInt(p.powerCooldown),
      maxPowerFailures: p.maxPowerFailures,
      powerSlashBps: BigInt(p.powerSlashBps),
      validatorFee: p.validatorFee,
      validatorBudget,
      fundedBudget,
    };
  }

  /**
   * Challenges opened so far (ids run from 1 to this count).
   *
   * @example
   * ```ts
   * const n = await power.challengeCount();
   * ```
   */
  async challengeCount(): Promise<bigint> {
    return this.params.publicClient.readContract({ address: this.address, abi: powerRegistryAbi, functionName: "challengeCount" });
  }

  /**
   * Every provider that ever declared a claim (from `PowerClaimDeclared` events), in first-declaration order: the
   * candidates a compute validator looks at.
   *
   * @example
   * ```ts
   * for (const provider of await power.claimants()) console.log(await power.getPowerRecord({ provider }));
   * ```
   */
  async claimants({ fromBlock = 0n }: { readonly fromBlock?: bigint } = {}): Promise<Address[]> {
    const logs = await this.params.publicClient.getContractEvents({
      address: this.address,
      abi: powerRegistryAbi,
      eventName: "PowerClaimDeclared",
      fromBlock,
      toBlock: "latest",
    });
    const seen = new Set<string>();
    const out: Address[] = [];
    for (const l of logs) {
      const p = l.args.provider as Address | undefined;
      if (p && !seen.has(p.toLowerCase())) {
        seen.add(p.toLowerCase());
        out.push(p);
      }
    }
    return out;
  }
}
