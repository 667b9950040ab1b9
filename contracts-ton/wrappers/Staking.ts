import {
  type Address,
  beginCell,
  type Cell,
  type Contract,
  contractAddress,
  type ContractProvider,
  type Sender,
  SendMode,
  toNano,
} from "@ton/core";
import { op } from "./abi";

export const STAKING_PARAM = { minStake: 1, unbondingPeriod: 2 } as const;

export type StakingConfig = {
  admin: Address;
  marketplace?: Address | null;
  jettonWallet?: Address | null;
  minStake: bigint;
  unbondingPeriod: number;
  /** receiver of half of each power slash (default: the admin) */
  treasury?: Address;
};

/** The power registry's initial state (contracts/power/storage.tolk PowerStorage): the parameter table's defaults. */
export function powerStorageCell(treasury: Address): Cell {
  return beginCell()
    .storeUint(600, 32) // responseWindow
    .storeUint(8, 8) // powerNonces
    .storeUint(86400, 32) // powerCooldown
    .storeUint(3, 8) // maxPowerFailures
    .storeUint(1000, 16) // powerSlashBps
    .storeUint(1_000_000_000n, 64) // validatorFee
    .storeUint(0, 64) // validatorBudget
    .storeCoins(0) // fundedBudget
    .storeUint(0, 64) // challengeCount
    .storeAddress(treasury)
    .storeDict(null) // records
    .storeDict(null) // validators
    .endCell();
}

export function stakingConfigToCell(c: StakingConfig): Cell {
  const links = beginCell()
    .storeAddress(c.admin)
    .storeAddress(c.marketplace ?? null)
    .storeAddress(c.jettonWallet ?? null)
    .storeRef(powerStorageCell(c.treasury ?? c.admin))
    .endCell();
  return beginCell()
    .storeRef(links)
    .storeCoins(c.minStake)
    .storeUint(c.unbondingPeriod, 32)
    .storeCoins(0) // totalStaked
    .storeUint(0, 64) // nextQueryId
    .storeDict(null) // providers
    .storeDict(null) // outbox
    .storeDict(null) // claims
    .endCell();
}

/** Forward payload selecting the stake action (for a CAL transfer to the staking contract). */
export function stakePayload(): Cell {
  return beginCell().storeUint(op("StakeAction"), 32).endCell();
}

export type ProviderView = {
  registered: boolean;
  metadataHash: bigint;
  stake: bigint;
  locked: bigint;
  pendingUnstake: bigint;
  unlockAt: number;
  completed: number;
  failed: number;
  slashedTotal: bigint;
  scoreBps: number;
};

export class Staking implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}
  static createFromAddress(a: Address) {
    return new Staking(a);
  }
  static createFromConfig(c: StakingConfig, code: Cell, workchain = 0) {
    const init = { code, data: stakingConfigToCell(c) };
    return new Staking(contractAddress(workchain, init), init);
  }

  private async send(p: ContractProvider, via: Sender, value: bigint, body: Cell) {
    await p.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }
  async sendDeploy(p: ContractProvider, via: Sender, value = toNano("0.5")) {
    await this.send(p, via, value, beginCell().storeUint(op("TopUpTons"), 32).storeUint(0, 64).endCell());
  }
  async sendRegister(p: ContractProvider, via: Sender, metadataHash: bigint, value = toNano("0.05")) {
    await this.send(p, via, value, beginCell().storeUint(op("Register"), 32).storeUint(0, 64).storeUint(metadataHash, 256).endCell());
  }
  async sendRequestUnstake(p: ContractProvider, via: Sender, amount: bigint, value = toNano("0.05")) {
    await this.send(p, via, value, beginCell().storeUint(op("RequestUnstake"), 32).storeUint(0, 64).storeCoins(amount).endCell());
  }
  async sendWithdraw(p: ContractProvider, via: Sender, value = toNano("0.1")) {
    await this.send(p, via, value, beginCell().storeUint(op("Withdraw"), 32).storeUint(0, 64).endCell());
  }
  async sendClaim(p: ContractProvider, via: Sender, value = toNano("0.1")) {
    await this.send(p, via, value, beginCell().storeUint(op("ClaimJettons"), 32).storeUint(0, 64).endCell());
  }
  async sendSetParam(p: ContractProvider, via: Sender, paramId: number, v: bigint, value = toNano("0.05")) {
    await this.send(p, via, value, Staking.setParamBody(paramId, v));
  }
  /** SetParameter (contracts/common/parameters.tolk). */
  static setParamBody(paramId: number, v: bigint): Cell {
    return beginCell().storeUint(op("SetParameter"), 32).storeUint(0, 64).storeUint(paramId, 16).storeUint(v, 64).endCell();
  }
  async sendSetLinks(
    p: ContractProvider,
    via: Sender,
    admin: Address,
    marketplace: Address,
    jettonWallet: Address,
    value = toNano("0.05"),
  ) {
    await this.send(
      p,
      via,
      value,
      beginCell()
        .storeUint(op("SetStakingLinks"), 32)
        .storeUint(0, 64)
        .storeAddress(admin)
        .storeAddress(marketplace)
        .storeAddress(jettonWallet)
        .endCell(),
    );
  }
  /** raw message (tests use it to show that only the marketplace may slash) */
  async sendRaw(p: ContractProvider, via: Sender, body: Cell, value = toNano("0.2")) {
    await this.send(p, via, value, body);
  }

  async getProvider(p: ContractProvider, who: Address): Promise<ProviderView> {
    const r = await p.get("get_provider", [{ type: "slice", cell: beginCell().storeAddress(who).endCell() }]);
    const s = r.stack;
    return {
      registered: s.readBoolean(),
      metadataHash: s.readBigNumber(),
      stake: s.readBigNumber(),
      locked: s.readBigNumber(),
      pendingUnstake: s.readBigNumber(),
      unlockAt: s.readNumber(),
      completed: s.readNumber(),
      failed: s.readNumber(),
      slashedTotal: s.readBigNumber(),
      scoreBps: s.readNumber(),
    };
  }
  async getScoreFor(p: ContractProvider, completed: number, failed: number): Promise<number> {
    const r = await p.get("get_score_for", [
      { type: "int", value: BigInt(completed) },
      { type: "int", value: BigInt(failed) },
    ]);
    return r.stack.readNumber();
  }
  async getSlashFor(p: ContractProvider, collateral: bigint, slashBps: number) {
    const s = (
      await p.get("get_slash_for", [
        { type: "int", value: collateral },
        { type: "int", value: BigInt(slashBps) },
      ])
    ).stack;
    return { slashed: s.readBigNumber(), toUser: s.readBigNumber(), toTreasury: s.readBigNumber(), unlocked: s.readBigNumber() };
  }
  async getParams(p: ContractProvider) {
    const r = await p.get("get_staking_params", []);
    return { minStake: r.stack.readBigNumber(), unbondingPeriod: r.stack.readNumber(), totalStaked: r.stack.readBigNumber() };
  }
  async getClaimable(p: ContractProvider, who: Address): Promise<bigint> {
    const r = await p.get("get_claimable", [{ type: "slice", cell: beginCell().storeAddress(who).endCell() }]);
    return r.stack.readBigNumber();
  }
  async getPendingTransfers(p: ContractProvider): Promise<number> {
    return (await p.get("get_pending_transfers", [])).stack.readNumber();
  }
}
