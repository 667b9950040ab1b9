/**
 * Proof of computational power on TON (DESIGN §11, docs/CONVENTIONS.md): {@link TonPowerClient}, core's
 * `PowerClient` over the power messages of the staking contract (contracts-ton/contracts/power: on TON the registry
 * lives in staking, which holds the stake a power slash takes). Bodies come from the generated layouts, reads from
 * the generated `PowerContract` get-methods; every write is `prepareX` / `simulateX` / `x`.
 */
import { beginCell, type Cell, toNano } from "@ton/core";
import {
  CalctraError,
  checkAnswer,
  type ChallengeReturnType,
  type ComputeValidatorInfo,
  type PowerChallenge,
  type PowerClient,
  type PowerParametersView,
  type ProviderPowerRecord,
} from "@calctra/core";
import { type TonReceipt, type TonSimulateReturnType, TonContractClient, parseTonAddress, universalFromTonAddress } from "./clients.js";
import type { TonPreparedMessage } from "./contracts.js";
import {
  PowerContract,
  buildChallenge,
  buildClaimFees,
  buildDeclareRate,
  buildExpireChallenge,
  buildFundValidatorBudget,
  buildRegisterValidator,
  buildRespond,
} from "./generated/abi.js";

const U64_MAX = (1n << 64n) - 1n;
/** u64 nonces per cell of a NonceList (contracts-ton/contracts/power/storage.tolk NONCES_PER_CELL). */
const NONCES_PER_CELL = 15;

/** TON attached to each power message (the contract's POWER_GAS is 0.03; the rest stays as the contract's gas reserve). */
export const TON_POWER_VALUE = {
  declareRate: toNano("0.05"),
  registerValidator: toNano("0.05"),
  challenge: toNano("0.05"),
  respond: toNano("0.05"),
  /** a slash sends two CAL transfers: the contract asks for POWER_GAS + 2 × 0.05 on every expiry */
  expireChallenge: toNano("0.2"),
  /** one CAL transfer; the excess comes back */
  claimFees: toNano("0.1"),
} as const;

/**
 * A NonceList cell (the `nonces` of `Respond`): u64 big-endian nonces, at most 15 per cell, continued in the first ref.
 *
 * @example
 * ```ts
 * const list = tonNonceList([69n, 167n, 193n]);
 * ```
 */
export function tonNonceList(nonces: readonly bigint[]): Cell {
  let next: Cell | null = null;
  const chunks: bigint[][] = [];
  for (let i = 0; i < nonces.length; i += NONCES_PER_CELL) chunks.push(nonces.slice(i, i + NONCES_PER_CELL));
  if (chunks.length === 0) chunks.push([]);
  for (const chunk of chunks.reverse()) {
    const b = beginCell();
    for (const n of chunk) {
      if (n < 0n || n > U64_MAX) throw new RangeError(`nonce out of u64 range: ${n}`);
      b.storeUint(n, 64);
    }
    if (next) b.storeRef(next);
    next = b.endCell();
  }
  return next as Cell;
}

const hex32 = (v: bigint) => `0x${v.toString(16).padStart(64, "0")}` as const;

/**
 * Proof of computational power on TON: providers declare a keccak-256 rate and answer challenges; compute validators
 * (stakers of at least minStake) challenge, expire unanswered challenges and claim their fees.
 *
 * @example
 * ```ts
 * const power = new TonPowerClient(ton.connect(provider));
 * await power.declareRate({ claimedRate: 5_000_000n });
 * const challenge = await power.getChallenge({ provider: provider.address.toString() });
 * ```
 */
export class TonPowerClient extends TonContractClient implements PowerClient<TonPreparedMessage> {
  private get power() {
    return this.open(new PowerContract(this.contract("staking")));
  }
  private msg(value: bigint, body: Cell): TonPreparedMessage {
    return this.message(this.contract("staking"), value, body);
  }

  // ---------------------------------------------------------------- declareRate

  /**
   * A claim as an unsigned message (`PowerZeroClaim` for 0).
   *
   * @example
   * ```ts
   * const order = await power.prepareDeclareRate({ claimedRate: 5_000_000n });
   * ```
   */
  async prepareDeclareRate({ claimedRate }: { readonly claimedRate: bigint }): Promise<TonPreparedMessage> {
    if (claimedRate === 0n) throw new CalctraError("PowerZeroClaim");
    if (claimedRate < 0n || claimedRate > U64_MAX) throw new RangeError(`claimedRate out of u64 range: ${claimedRate}`);
    return this.msg(TON_POWER_VALUE.declareRate, buildDeclareRate({ queryId: 0n, claimedRate }));
  }
  /**
   * Checks and (with `emulate`) emulates a claim.
   *
   * @example
   * ```ts
   * await power.simulateDeclareRate({ claimedRate: 5_000_000n });
   * ```
   */
  async simulateDeclareRate(parameters: { readonly claimedRate: bigint }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareDeclareRate(parameters));
  }
  /**
   * Declares the sender's keccak-256 rate (hashes per second); resets its pass record.
   *
   * @example
   * ```ts
   * await power.declareRate({ claimedRate: 5_000_000n });
   * ```
   */
  async declareRate(parameters: { readonly claimedRate: bigint }): Promise<TonReceipt> {
    return this.send(await this.prepareDeclareRate(parameters));
  }

  // ---------------------------------------------------------------- registerValidator

  /**
   * A validator registration as an unsigned message (`PowerAlreadyValidator` when registered).
   *
   * @example
   * ```ts
   * const order = await power.prepareRegisterValidator();
   * ```
   */
  async prepareRegisterValidator(_parameters?: Record<string, never>): Promise<TonPreparedMessage> {
    const p = this.power;
    if ((await this.read(() => p.getValidatorInfo(this.address))).registered) throw new CalctraError("PowerAlreadyValidator");
    return this.msg(TON_POWER_VALUE.registerValidator, buildRegisterValidator({ queryId: 0n }));
  }
  /**
   * Checks and (with `emulate`) emulates a validator registration.
   *
   * @example
   * ```ts
   * await power.simulateRegisterValidator();
   * ```
   */
  async simulateRegisterValidator(parameters?: Record<string, never>): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareRegisterValidator(parameters));
  }
  /**
   * Registers the sender as a compute validator (its active stake in staking must reach minStake).
   *
   * @example
   * ```ts
   * await power.registerValidator();
   * ```
   */
  async registerValidator(parameters?: Record<string, never>): Promise<TonReceipt> {
    return this.send(await this.prepareRegisterValidator(parameters));
  }

  // ---------------------------------------------------------------- challenge

  /**
   * A challenge as an unsigned message (`PowerNotValidator`, `PowerSelfChallenge`, `PowerNoClaim`,
   * `PowerChallengeOpen` checked first through get-methods).
   *
   * @example
   * ```ts
   * const order = await power.prepareChallenge({ provider: "EQ…" });
   * ```
   */
  async prepareChallenge({ provider }: { readonly provider: string }): Promise<TonPreparedMessage> {
    const target = parseTonAddress(provider, "provider");
    const p = this.power;
    if (!(await this.read(() => p.getValidatorInfo(this.address))).registered) throw new CalctraError("PowerNotValidator");
    if (target.equals(this.address)) throw new CalctraError("PowerSelfChallenge");
    const rec = await this.read(() => p.getPowerRecord(target));
    if (rec.claimedRate === 0n) throw new CalctraError("PowerNoClaim");
    if (rec.openChallenge !== 0n) throw new CalctraError("PowerChallengeOpen", { challengeId: rec.openChallenge });
    return this.msg(TON_POWER_VALUE.challenge, buildChallenge({ queryId: 0n, provider: target }));
  }
  /**
   * Checks and (with `emulate`) emulates a challenge.
   *
   * @example
   * ```ts
   * await power.simulateChallenge({ provider: "EQ…" });
   * ```
   */
  async simulateChallenge(parameters: { readonly provider: string }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareChallenge(parameters));
  }
  /**
   * Opens a challenge of `provider`; returns its id (read back from the provider's record).
   *
   * @example
   * ```ts
   * const { challengeId } = await power.challenge({ provider: "EQ…" });
   * ```
   */
  async challenge(parameters: { readonly provider: string }): Promise<ChallengeReturnType & TonReceipt> {
    const receipt = await this.send(await this.prepareChallenge(parameters));
    const p = this.power;
    const rec = await this.read(() => p.getPowerRecord(parseTonAddress(parameters.provider, "provider")));
    return { ...receipt, challengeId: rec.openChallenge };
  }

  // ---------------------------------------------------------------- respond

  /**
   * An answer as an unsigned message: the sender's open challenge, its window and core's `checkAnswer` (the refused
   * index in the error's args) are checked first.
   *
   * @example
   * ```ts
   * const order = await power.prepareRespond({ challengeId, nonces });
   * ```
   */
  async prepareRespond({
    challengeId,
    nonces,
  }: {
    readonly challengeId: bigint;
    readonly nonces: readonly bigint[];
  }): Promise<TonPreparedMessage> {
    const p = this.power;
    const c = await this.read(() => p.getChallengeOf(this.address));
    if (!c.open || c.challengeId !== challengeId || challengeId === 0n) throw new CalctraError("PowerUnknownChallenge", { challengeId });
    if (BigInt(this.now()) > BigInt(c.deadline)) throw new CalctraError("PowerAnswerAfterWindow", { challengeId, deadline: c.deadline });
    const refusal = checkAnswer({
      seed: hex32(c.seed),
      provider: universalFromTonAddress(this.address),
      target: c.target,
      nonces: c.nonces,
      answer: nonces,
    });
    if (refusal) throw new CalctraError(refusal.error, { index: refusal.index });
    return this.msg(TON_POWER_VALUE.respond, buildRespond({ queryId: 0n, challengeId, nonces: tonNonceList(nonces) }));
  }
  /**
   * Checks and (with `emulate`) emulates an answer.
   *
   * @example
   * ```ts
   * await power.simulateRespond({ challengeId, nonces });
   * ```
   */
  async simulateRespond(parameters: { readonly challengeId: bigint; readonly nonces: readonly bigint[] }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareRespond(parameters));
  }
  /**
   * Answers the sender's open challenge with m strictly increasing nonces whose solution hashes are below the target.
   *
   * @example
   * ```ts
   * await power.respond({ challengeId, nonces });
   * ```
   */
  async respond(parameters: { readonly challengeId: bigint; readonly nonces: readonly bigint[] }): Promise<TonReceipt> {
    return this.send(await this.prepareRespond(parameters));
  }

  // ---------------------------------------------------------------- expireChallenge

  /**
   * An expiry as an unsigned message (`PowerUnknownChallenge` without an open challenge, `PowerWindowOpen` before
   * the deadline has passed).
   *
   * @example
   * ```ts
   * const order = await power.prepareExpireChallenge({ provider: "EQ…" });
   * ```
   */
  async prepareExpireChallenge({ provider }: { readonly provider: string }): Promise<TonPreparedMessage> {
    const target = parseTonAddress(provider, "provider");
    const p = this.power;
    const c = await this.read(() => p.getChallengeOf(target));
    if (!c.open) throw new CalctraError("PowerUnknownChallenge", { challengeId: 0n });
    if (BigInt(this.now()) <= BigInt(c.deadline))
      throw new CalctraError("PowerWindowOpen", { challengeId: c.challengeId, deadline: c.deadline });
    return this.msg(TON_POWER_VALUE.expireChallenge, buildExpireChallenge({ queryId: 0n, provider: target }));
  }
  /**
   * Checks and (with `emulate`) emulates an expiry.
   *
   * @example
   * ```ts
   * await power.simulateExpireChallenge({ provider: "EQ…" });
   * ```
   */
  async simulateExpireChallenge(parameters: { readonly provider: string }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareExpireChallenge(parameters));
  }
  /**
   * Records the failure of an unanswered challenge after its window (anyone); maxPowerFailures in a row slash the
   * provider's free stake.
   *
   * @example
   * ```ts
   * await power.expireChallenge({ provider: "EQ…" });
   * ```
   */
  async expireChallenge(parameters: { readonly provider: string }): Promise<TonReceipt> {
    return this.send(await this.prepareExpireChallenge(parameters));
  }

  // ---------------------------------------------------------------- claimFees

  /**
   * A fee claim as an unsigned message (`PowerNothingToClaim` when nothing is owed).
   *
   * @example
   * ```ts
   * const order = await power.prepareClaimFees();
   * ```
   */
  async prepareClaimFees(_parameters?: Record<string, never>): Promise<TonPreparedMessage> {
    const p = this.power;
    if ((await this.read(() => p.getValidatorInfo(this.address))).feesOwed === 0n) throw new CalctraError("PowerNothingToClaim");
    return this.msg(TON_POWER_VALUE.claimFees, buildClaimFees({ queryId: 0n }));
  }
  /**
   * Checks and (with `emulate`) emulates a fee claim.
   *
   * @example
   * ```ts
   * await power.simulateClaimFees();
   * ```
   */
  async simulateClaimFees(parameters?: Record<string, never>): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareClaimFees(parameters));
  }
  /**
   * Sends the sender's owed fees (CAL) to it.
   *
   * @example
   * ```ts
   * await power.claimFees();
   * ```
   */
  async claimFees(parameters?: Record<string, never>): Promise<TonReceipt> {
    return this.send(await this.prepareClaimFees(parameters));
  }

  // ---------------------------------------------------------------- fundValidatorBudget

  /**
   * Funding as an unsigned message: a CAL transfer to staking carrying `FundValidatorBudget` (`PowerZeroAmount` for 0).
   *
   * @example
   * ```ts
   * const order = await power.prepareFundValidatorBudget({ amount: 100n * CAL });
   * ```
   */
  async prepareFundValidatorBudget({ amount }: { readonly amount: bigint }): Promise<TonPreparedMessage> {
    if (amount === 0n) throw new CalctraError("PowerZeroAmount");
    if (amount < 0n) throw new RangeError("amount must be positive");
    return this.calTransfer(this.contract("staking"), amount, buildFundValidatorBudget());
  }
  /**
   * Checks and (with `emulate`) emulates funding.
   *
   * @example
   * ```ts
   * await power.simulateFundValidatorBudget({ amount: 100n * CAL });
   * ```
   */
  async simulateFundValidatorBudget(parameters: { readonly amount: bigint }): Promise<TonSimulateReturnType> {
    return this.simulate(await this.prepareFundValidatorBudget(parameters));
  }
  /**
   * Transfers CAL in for validator fees (anyone; normally the treasury). Fees are paid while the governed allowance
   * (validatorBudget, id 14) and this funded CAL both cover them.
   *
   * @example
   * ```ts
   * await power.fundValidatorBudget({ amount: 100n * CAL });
   * ```
   */
  async fundValidatorBudget(parameters: { readonly amount: bigint }): Promise<TonReceipt> {
    return this.send(await this.prepareFundValidatorBudget(parameters));
  }

  // ---------------------------------------------------------------- reads

  /**
   * A provider's power record.
   *
   * @example
   * ```ts
   * const { claimedRate, powerPassed, verifiedPower } = await power.getPowerRecord({ provider: "EQ…" });
   * ```
   */
  async getPowerRecord({ provider }: { readonly provider: string }): Promise<ProviderPowerRecord> {
    const a = parseTonAddress(provider, "provider");
    const p = this.power;
    const r = await this.read(() => p.getPowerRecord(a));
    return {
      provider: universalFromTonAddress(a),
      claimedRate: r.claimedRate,
      powerPassed: BigInt(r.powerPassed),
      powerFailed: BigInt(r.powerFailed),
      failuresInRow: BigInt(r.failuresInRow),
      openChallenge: r.openChallenge,
      lastChallengeAt: BigInt(r.lastChallengeAt),
      verifiedPower: r.verifiedPower,
    };
  }
  /**
   * The provider's open challenge, or null when none is open.
   *
   * @example
   * ```ts
   * const c = await power.getChallenge({ provider: "EQ…" }); // { challengeId, seed, target, nonces, deadline, … }
   * ```
   */
  async getChallenge({ provider }: { readonly provider: string }): Promise<PowerChallenge | null> {
    const a = parseTonAddress(provider, "provider");
    const p = this.power;
    const c = await this.read(() => p.getChallengeOf(a));
    if (!c.open || c.validator === null) return null;
    return {
      challengeId: c.challengeId,
      provider: universalFromTonAddress(a),
      validator: universalFromTonAddress(c.validator),
      seed: hex32(c.seed),
      deadline: BigInt(c.deadline),
      responseWindow: BigInt(c.responseWindow),
      nonces: c.nonces,
      target: c.target,
    };
  }
  /**
   * A compute validator's registration, fees owed and completed challenges.
   *
   * @example
   * ```ts
   * const { registered, feesOwed } = await power.getValidator({ validator: "EQ…" });
   * ```
   */
  async getValidator({ validator }: { readonly validator: string }): Promise<ComputeValidatorInfo> {
    const a = parseTonAddress(validator, "validator");
    const p = this.power;
    const v = await this.read(() => p.getValidatorInfo(a));
    return { validator: universalFromTonAddress(a), registered: v.registered, feesOwed: v.feesOwed, completed: BigInt(v.completed) };
  }
  /**
   * The governed power parameters (ids 8..14) and the funded budget.
   *
   * @example
   * ```ts
   * const { responseWindow, powerNonces, validatorFee } = await power.getPowerParameters();
   * ```
   */
  async getPowerParameters(): Promise<PowerParametersView> {
    const p = this.power;
    const v = await this.read(() => p.getPowerParams());
    return {
      responseWindow: BigInt(v.responseWindow),
      powerNonces: v.powerNonces,
      powerCooldown: BigInt(v.powerCooldown),
      maxPowerFailures: v.maxPowerFailures,
      powerSlashBps: BigInt(v.powerSlashBps),
      validatorFee: v.validatorFee,
      validatorBudget: v.validatorBudget,
      fundedBudget: v.fundedBudget,
    };
  }
}
