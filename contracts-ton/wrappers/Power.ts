// Proof of computational power (contracts/power) at the staking contract's address: sends and get-methods.
import { type Address, beginCell, type Cell, type Contract, type ContractProvider, type Sender, SendMode, toNano } from "@ton/core";
import { op } from "./abi";

/** Parameter ids 8..14 (CONVENTIONS.md), owned by staking on TON. */
export const POWER_PARAM = {
  responseWindow: 8,
  powerNonces: 9,
  powerCooldown: 10,
  maxPowerFailures: 11,
  powerSlashBps: 12,
  validatorFee: 13,
  validatorBudget: 14,
} as const;

const NONCES_PER_CELL = 15;

/** A NonceList: u64 nonces, at most 15 per cell, continued in the first ref. */
export function nonceList(nonces: readonly bigint[]): Cell {
  let next: Cell | null = null;
  const chunks: bigint[][] = [];
  for (let i = 0; i < nonces.length; i += NONCES_PER_CELL) chunks.push(nonces.slice(i, i + NONCES_PER_CELL));
  if (chunks.length === 0) chunks.push([]);
  for (const chunk of chunks.reverse()) {
    const b = beginCell();
    for (const n of chunk) b.storeUint(n, 64);
    if (next) b.storeRef(next);
    next = b.endCell();
  }
  return next as Cell;
}

/** Forward payload of a CAL transfer to staking that funds the validator budget. */
export function fundValidatorBudgetPayload(): Cell {
  return beginCell().storeUint(op("FundValidatorBudget"), 32).endCell();
}

const addr = (a: Address) => ({ type: "slice" as const, cell: beginCell().storeAddress(a).endCell() });
const int = (v: bigint | number) => ({ type: "int" as const, value: BigInt(v) });

export class Power implements Contract {
  constructor(readonly address: Address) {}
  static at(stakingAddress: Address) {
    return new Power(stakingAddress);
  }

  private async send(p: ContractProvider, via: Sender, value: bigint, body: Cell) {
    await p.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }
  static body(name: string) {
    return beginCell().storeUint(op(name), 32).storeUint(0, 64);
  }
  async sendDeclareRate(p: ContractProvider, via: Sender, claimedRate: bigint, value = toNano("0.05")) {
    await this.send(p, via, value, Power.body("DeclareRate").storeUint(claimedRate, 64).endCell());
  }
  async sendRegisterValidator(p: ContractProvider, via: Sender, value = toNano("0.05")) {
    await this.send(p, via, value, Power.body("RegisterValidator").endCell());
  }
  async sendChallenge(p: ContractProvider, via: Sender, provider: Address, value = toNano("0.05")) {
    await this.send(p, via, value, Power.body("Challenge").storeAddress(provider).endCell());
  }
  static respondBody(challengeId: bigint, nonces: readonly bigint[] | Cell): Cell {
    const list = Array.isArray(nonces) ? nonceList(nonces as readonly bigint[]) : (nonces as Cell);
    return Power.body("Respond").storeUint(challengeId, 64).storeRef(list).endCell();
  }
  async sendRespond(p: ContractProvider, via: Sender, challengeId: bigint, nonces: readonly bigint[] | Cell, value = toNano("0.05")) {
    await this.send(p, via, value, Power.respondBody(challengeId, nonces));
  }
  async sendExpireChallenge(p: ContractProvider, via: Sender, provider: Address, value = toNano("0.2")) {
    await this.send(p, via, value, Power.body("ExpireChallenge").storeAddress(provider).endCell());
  }
  async sendClaimFees(p: ContractProvider, via: Sender, value = toNano("0.1")) {
    await this.send(p, via, value, Power.body("ClaimFees").endCell());
  }
  /** SetRole(ROLE_TREASURY) — the admin only. */
  async sendSetTreasury(p: ContractProvider, via: Sender, treasury: Address, value = toNano("0.05")) {
    await this.send(
      p,
      via,
      value,
      beginCell().storeUint(op("SetRole"), 32).storeUint(0, 64).storeUint(1, 8).storeAddress(treasury).endCell(),
    );
  }

  async getPowerRecord(p: ContractProvider, provider: Address) {
    const s = (await p.get("get_power_record", [addr(provider)])).stack;
    return {
      claimedRate: s.readBigNumber(),
      openChallenge: s.readBigNumber(),
      lastChallengeAt: s.readNumber(),
      powerPassed: s.readBigNumber(),
      powerFailed: s.readBigNumber(),
      failuresInRow: s.readBigNumber(),
      slashedTotal: s.readBigNumber(),
      verifiedPower: s.readBigNumber(),
    };
  }
  async getChallengeOf(p: ContractProvider, provider: Address) {
    const s = (await p.get("get_challenge_of", [addr(provider)])).stack;
    return {
      exists: s.readBoolean(),
      open: s.readBoolean(),
      challengeId: s.readBigNumber(),
      seed: s.readBigNumber(),
      validator: s.readAddressOpt(),
      deadline: s.readNumber(),
      responseWindow: s.readNumber(),
      nonces: s.readNumber(),
      target: s.readBigNumber(),
    };
  }
  async getValidatorInfo(p: ContractProvider, validator: Address) {
    const s = (await p.get("get_validator_info", [addr(validator)])).stack;
    return { registered: s.readBoolean(), feesOwed: s.readBigNumber(), completed: s.readBigNumber() };
  }
  async getVerifiedPower(p: ContractProvider, provider: Address): Promise<bigint> {
    return (await p.get("get_verified_power", [addr(provider)])).stack.readBigNumber();
  }
  async getPowerParams(p: ContractProvider) {
    const s = (await p.get("get_power_params", [])).stack;
    return {
      responseWindow: s.readBigNumber(),
      powerNonces: s.readNumber(),
      powerCooldown: s.readBigNumber(),
      maxPowerFailures: s.readBigNumber(),
      powerSlashBps: s.readBigNumber(),
      validatorFee: s.readBigNumber(),
      validatorBudget: s.readBigNumber(),
      fundedBudget: s.readBigNumber(),
      challengeCount: s.readBigNumber(),
      treasury: s.readAddress(),
    };
  }
  async getTarget(p: ContractProvider, claimedRate: bigint, responseWindow: bigint, nonces: number): Promise<bigint> {
    return (await p.get("get_power_target", [int(claimedRate), int(responseWindow), int(nonces)])).stack.readBigNumber();
  }
  async getSeed(p: ContractProvider, randomness: bigint, challengeId: bigint, provider: bigint): Promise<bigint> {
    return (await p.get("get_power_seed", [int(randomness), int(challengeId), int(provider)])).stack.readBigNumber();
  }
  async getSolutionHash(p: ContractProvider, seed: bigint, provider: bigint, nonce: bigint): Promise<bigint> {
    return (await p.get("get_solution_hash", [int(seed), int(provider), int(nonce)])).stack.readBigNumber();
  }
  async getVerifiedPowerFor(p: ContractProvider, claimedRate: bigint, powerPassed: bigint, failuresInRow: bigint): Promise<bigint> {
    return (await p.get("get_verified_power_for", [int(claimedRate), int(powerPassed), int(failuresInRow)])).stack.readBigNumber();
  }
  /** 0 when the answer is accepted, else the exit code it is refused with. */
  async getCheckAnswer(
    p: ContractProvider,
    seed: bigint,
    provider: bigint,
    target: bigint,
    m: number,
    nonces: readonly bigint[],
  ): Promise<number> {
    return (
      await p.get("get_check_answer", [int(seed), int(provider), int(target), int(m), { type: "cell", cell: nonceList(nonces) }])
    ).stack.readNumber();
  }
}
