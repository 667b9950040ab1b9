import {
  type Address,
  beginCell,
  type Cell,
  type Contract,
  contractAddress,
  type ContractProvider,
  type Sender,
  SendMode,
  type TupleItem,
  type TupleReader,
  toNano,
} from "@ton/core";
import { op } from "./abi";

export const TaskStatus = { None: 0, Open: 1, Assigned: 2, Submitted: 3, Disputed: 4, Completed: 5, Cancelled: 6, Refunded: 7 } as const;
/** Governed parameter ids (contracts/common/parameters.tolk, the CONVENTIONS table). */
export const PARAM = {
  minStake: 1,
  unbondingPeriod: 2,
  challengePeriod: 3,
  slashBps: 4,
  feeSplit: 5,
  executionDelay: 6,
  revealPeriod: 7,
} as const;
export const MARKET_PARAM = { challengePeriod: 3, slashBps: 4, feeSplit: 5, revealPeriod: 7 } as const;
/** Replica states (CONVENTIONS ReplicaState); 0 (a lock in flight) is TON-local and not listed by get_task_replicas. */
export const ReplicaState = { Accepted: 1, Committed: 2, Revealed: 3 } as const;
/** setRole ids: 0 arbiter, 1 treasury, 2 pauser (3 guardian: governance); 255 = admin (the deployer's hand-over). */
export const ROLE = { arbiter: 0, treasury: 1, pauser: 2, admin: 255 } as const;

/** SetParameter{paramId u16, value u64} (contracts/common/parameters.tolk), the one parameter setter. */
export function setParameterBody(paramId: number, value: bigint): Cell {
  return beginCell().storeUint(op("SetParameter"), 32).storeUint(0, 64).storeUint(paramId, 16).storeUint(value, 64).endCell();
}
/** The packed feeSplit value: providerBps << 32 | treasuryBps << 16 | creatorBps. */
export function packFeeSplit(pb: number, tb: number, cb: number): bigint {
  return (BigInt(pb) << 32n) | (BigInt(tb) << 16n) | BigInt(cb);
}

export type MarketplaceConfig = {
  admin: Address;
  pauser: Address;
  arbiter: Address;
  treasury: Address;
  staking: Address;
  jettonWallet?: Address | null;
  providerBps?: number;
  treasuryBps?: number;
  creatorBps?: number;
  challengePeriod?: number;
  slashBps?: number;
  revealPeriod?: number;
};

export function marketplaceConfigToCell(c: MarketplaceConfig): Cell {
  const roles = beginCell().storeAddress(c.admin).storeAddress(c.pauser).storeAddress(c.arbiter).endCell();
  const links = beginCell()
    .storeAddress(c.treasury)
    .storeAddress(c.staking)
    .storeAddress(c.jettonWallet ?? null)
    .endCell();
  const ext = beginCell().storeDict(null).storeDict(null).storeDict(null).endCell();
  return beginCell()
    .storeBit(false) // paused
    .storeUint(1, 64) // nextTaskId: ids start at 1
    .storeUint(0, 64) // nextQueryId
    .storeCoins(0) // escrowed
    .storeUint(c.providerBps ?? 8000, 16)
    .storeUint(c.treasuryBps ?? 1500, 16)
    .storeUint(c.creatorBps ?? 500, 16)
    .storeUint(c.challengePeriod ?? 86400, 32)
    .storeUint(c.slashBps ?? 2000, 16)
    .storeUint(c.revealPeriod ?? 86400, 32)
    .storeRef(roles)
    .storeRef(links)
    .storeDict(null) // tasks
    .storeRef(ext)
    .endCell();
}

export type CreateTaskArgs = {
  specHash: bigint;
  collateral: bigint;
  deadline: number;
  verifierId?: number;
  minReputationBps?: number;
  modelCreator?: Address | null;
  /** Offer terms (DESIGN §5.1, §5.2); absent = a fixed-reward classic task. */
  offer?: OfferTerms | null;
};

/** offer_terms$_ min_reward:(VarUInteger 16) ramp_start:uint64 ramp_duration:uint64 lock_deadline:uint64 replicas:uint8. */
export type OfferTerms = {
  minReward: bigint;
  rampStart: bigint | number;
  rampDuration: bigint | number;
  lockDeadline: bigint | number;
  replicas: number;
};

export function offerTermsCell(o: OfferTerms): Cell {
  return beginCell()
    .storeCoins(o.minReward)
    .storeUint(BigInt(o.rampStart), 64)
    .storeUint(BigInt(o.rampDuration), 64)
    .storeUint(BigInt(o.lockDeadline), 64)
    .storeUint(o.replicas, 8)
    .endCell();
}

/** Forward payload of the CAL transfer that creates a task (the transferred amount is the reward). */
export function createTaskPayload(a: CreateTaskArgs): Cell {
  return beginCell()
    .storeUint(op("CreateTask"), 32)
    .storeUint(a.specHash, 256)
    .storeCoins(a.collateral)
    .storeUint(a.deadline, 32)
    .storeUint(a.verifierId ?? 0, 32)
    .storeUint(a.minReputationBps ?? 0, 16)
    .storeAddress(a.modelCreator ?? null)
    .storeMaybeRef(a.offer ? offerTermsCell(a.offer) : null)
    .endCell();
}

/** get_task_offer: the terms, maxReward (= reward), a classic task's locked price and revealEnd (0 until set). */
export type OfferView = {
  minReward: bigint;
  maxReward: bigint;
  rampStart: bigint;
  rampDuration: bigint;
  lockDeadline: bigint;
  replicas: number;
  price: bigint;
  revealEnd: bigint;
};

/** One replica of get_task_replicas (accept order). */
export type ReplicaView = { provider: Address; price: bigint; state: number; commit: bigint; resultHash: bigint };

function readReplicas(list: TupleReader): ReplicaView[] {
  const out: ReplicaView[] = [];
  while (list.remaining > 0) {
    const e = list.readTuple();
    out.push({
      provider: e.readAddress(),
      price: e.readBigNumber(),
      state: e.readNumber(),
      commit: e.readBigNumber(),
      resultHash: e.readBigNumber(),
    });
  }
  return out;
}

function taskMsg(name: string, taskId: bigint) {
  return beginCell().storeUint(op(name), 32).storeUint(0, 64).storeUint(taskId, 64);
}

export type TaskView = {
  status: number;
  user: Address;
  provider: Address | null;
  reward: bigint;
  collateral: bigint;
  deadline: number;
  submittedAt: number;
  verifierId: number;
  minReputationBps: number;
  specHash: bigint;
  resultCommitment: bigint;
  modelCreator: Address | null;
  locking: boolean;
};

export class Marketplace implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}
  static createFromAddress(a: Address) {
    return new Marketplace(a);
  }
  static createFromConfig(c: MarketplaceConfig, code: Cell, workchain = 0) {
    const init = { code, data: marketplaceConfigToCell(c) };
    return new Marketplace(contractAddress(workchain, init), init);
  }
  private async send(p: ContractProvider, via: Sender, value: bigint, body: Cell) {
    await p.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }
  async sendDeploy(p: ContractProvider, via: Sender, value = toNano("1")) {
    await this.send(p, via, value, beginCell().storeUint(op("TopUpTons"), 32).storeUint(0, 64).endCell());
  }
  async sendCancelTask(p: ContractProvider, via: Sender, taskId: bigint, value = toNano("0.1")) {
    await this.send(p, via, value, taskMsg("CancelTask", taskId).endCell());
  }
  async sendAcceptTask(p: ContractProvider, via: Sender, taskId: bigint, value = toNano("0.1")) {
    await this.send(p, via, value, taskMsg("AcceptTask", taskId).endCell());
  }
  async sendSubmitResult(
    p: ContractProvider,
    via: Sender,
    taskId: bigint,
    commitment: bigint,
    proof: Cell | null = null,
    value = toNano("0.05"),
  ) {
    await this.send(p, via, value, taskMsg("SubmitResult", taskId).storeUint(commitment, 256).storeMaybeRef(proof).endCell());
  }
  async sendFinalize(p: ContractProvider, via: Sender, taskId: bigint, value = toNano("0.35")) {
    await this.send(p, via, value, taskMsg("Finalize", taskId).endCell());
  }
  async sendDispute(p: ContractProvider, via: Sender, taskId: bigint, value = toNano("0.05")) {
    await this.send(p, via, value, taskMsg("Dispute", taskId).endCell());
  }
  async sendResolve(p: ContractProvider, via: Sender, taskId: bigint, providerAtFault: boolean, value = toNano("0.5")) {
    await this.send(p, via, value, taskMsg("Resolve", taskId).storeBit(providerAtFault).endCell());
  }
  async sendExpire(p: ContractProvider, via: Sender, taskId: bigint, value = toNano("0.25")) {
    await this.send(p, via, value, taskMsg("Expire", taskId).endCell());
  }
  async sendCommitResult(p: ContractProvider, via: Sender, taskId: bigint, commit: bigint, value = toNano("0.05")) {
    await this.send(p, via, value, taskMsg("CommitResult", taskId).storeUint(commit, 256).endCell());
  }
  async sendRevealResult(p: ContractProvider, via: Sender, taskId: bigint, resultHash: bigint, salt: bigint, value = toNano("0.05")) {
    await this.send(p, via, value, taskMsg("RevealResult", taskId).storeUint(resultHash, 256).storeUint(salt, 256).endCell());
  }
  /** publishResult (DESIGN §5.3): the classic task's provider or a replica records its result CID digest. */
  async sendPublishResult(p: ContractProvider, via: Sender, taskId: bigint, resultCid: bigint, value = toNano("0.05")) {
    await this.send(p, via, value, taskMsg("PublishResult", taskId).storeUint(resultCid, 256).endCell());
  }
  /** settle: anyone; 0.8 TON covers three replicas' payouts or slashes and the user's rest (the excess returns). */
  async sendSettle(p: ContractProvider, via: Sender, taskId: bigint, value = toNano("0.8")) {
    await this.send(p, via, value, taskMsg("Settle", taskId).endCell());
  }
  async sendResolveReplicas(p: ContractProvider, via: Sender, taskId: bigint, resultHash: bigint, value = toNano("0.8")) {
    await this.send(p, via, value, taskMsg("ResolveReplicas", taskId).storeUint(resultHash, 256).endCell());
  }
  async sendClaim(p: ContractProvider, via: Sender, value = toNano("0.1")) {
    await this.send(p, via, value, beginCell().storeUint(op("ClaimJettons"), 32).storeUint(0, 64).endCell());
  }
  static setParamBody(paramId: number, v: bigint) {
    return setParameterBody(paramId, v);
  }
  static setFeeSplitBody(pb: number, tb: number, cb: number) {
    return setParameterBody(MARKET_PARAM.feeSplit, packFeeSplit(pb, tb, cb));
  }
  static setRoleBody(role: number, who: Address | null) {
    return beginCell().storeUint(op("SetRole"), 32).storeUint(0, 64).storeUint(role, 8).storeAddress(who).endCell();
  }
  static registerVerifierBody(id: number, vk: Cell) {
    return beginCell().storeUint(op("RegisterVerifier"), 32).storeUint(0, 64).storeUint(id, 32).storeRef(vk).endCell();
  }
  static pauseBody() {
    return beginCell().storeUint(op("Pause"), 32).storeUint(0, 64).endCell();
  }
  static unpauseBody() {
    return beginCell().storeUint(op("Unpause"), 32).storeUint(0, 64).endCell();
  }
  async sendSetLinks(p: ContractProvider, via: Sender, jettonWallet: Address, value = toNano("0.05")) {
    await this.send(p, via, value, beginCell().storeUint(op("SetMarketLinks"), 32).storeUint(0, 64).storeAddress(jettonWallet).endCell());
  }
  async sendRaw(p: ContractProvider, via: Sender, body: Cell, value = toNano("0.05")) {
    await this.send(p, via, value, body);
  }

  async getTask(p: ContractProvider, taskId: bigint): Promise<TaskView> {
    const s = (await p.get("get_task", [{ type: "int", value: taskId }])).stack;
    return {
      status: s.readNumber(),
      user: s.readAddress(),
      provider: s.readAddressOpt(),
      reward: s.readBigNumber(),
      collateral: s.readBigNumber(),
      deadline: s.readNumber(),
      submittedAt: s.readNumber(),
      verifierId: s.readNumber(),
      minReputationBps: s.readNumber(),
      specHash: s.readBigNumber(),
      resultCommitment: s.readBigNumber(),
      modelCreator: s.readAddressOpt(),
      locking: s.readBoolean(),
    };
  }
  async getTaskStatus(p: ContractProvider, taskId: bigint): Promise<number> {
    return (await p.get("get_task_status", [{ type: "int", value: taskId }])).stack.readNumber();
  }
  async getData(p: ContractProvider) {
    const s = (await p.get("get_marketplace_data", [])).stack;
    return {
      paused: s.readBoolean(),
      nextTaskId: s.readBigNumber(),
      escrowed: s.readBigNumber(),
      providerBps: s.readNumber(),
      treasuryBps: s.readNumber(),
      creatorBps: s.readNumber(),
      challengePeriod: s.readNumber(),
      slashBps: s.readNumber(),
      revealPeriod: s.readNumber(),
    };
  }
  async getRoles(p: ContractProvider) {
    const s = (await p.get("get_roles", [])).stack;
    return { admin: s.readAddress(), pauser: s.readAddress(), arbiter: s.readAddress() };
  }
  async getLinks(p: ContractProvider) {
    const s = (await p.get("get_links", [])).stack;
    return { treasury: s.readAddress(), staking: s.readAddress(), jettonWallet: s.readAddressOpt() };
  }
  async getVerifier(p: ContractProvider, id: number): Promise<Cell | null> {
    return (await p.get("get_verifier", [{ type: "int", value: BigInt(id) }])).stack.readCellOpt();
  }
  async getOfferPrice(p: ContractProvider, minReward: bigint, maxReward: bigint, rampStart: bigint, rampDuration: bigint, at: bigint) {
    const args = [minReward, maxReward, rampStart, rampDuration, at].map((value) => ({ type: "int" as const, value }));
    return (await p.get("get_offer_price", args)).stack.readBigNumber();
  }
  async getPayoutFor(p: ContractProvider, reward: bigint, treasuryBps: number, creatorBps: number, hasCreator: boolean) {
    const s = (
      await p.get("get_payout_for", [
        { type: "int", value: reward },
        { type: "int", value: BigInt(treasuryBps) },
        { type: "int", value: BigInt(creatorBps) },
        { type: "int", value: hasCreator ? -1n : 0n },
      ])
    ).stack;
    return { provider: s.readBigNumber(), treasury: s.readBigNumber(), creator: s.readBigNumber() };
  }
  async getTaskOffer(p: ContractProvider, taskId: bigint): Promise<OfferView> {
    const s = (await p.get("get_task_offer", [{ type: "int", value: taskId }])).stack;
    return {
      minReward: s.readBigNumber(),
      maxReward: s.readBigNumber(),
      rampStart: s.readBigNumber(),
      rampDuration: s.readBigNumber(),
      lockDeadline: s.readBigNumber(),
      replicas: s.readNumber(),
      price: s.readBigNumber(),
      revealEnd: s.readBigNumber(),
    };
  }
  async getTaskReplicas(p: ContractProvider, taskId: bigint): Promise<ReplicaView[]> {
    return readReplicas((await p.get("get_task_replicas", [{ type: "int", value: taskId }])).stack.readTuple());
  }
  /** keccak256(resultHash ‖ salt ‖ provider account id), computed by the contract (HASHEXT_KECCAK256). */
  async getReplicaCommit(p: ContractProvider, resultHash: bigint, salt: bigint, provider: Address): Promise<bigint> {
    const args: TupleItem[] = [
      { type: "int", value: resultHash },
      { type: "int", value: salt },
      { type: "slice", cell: beginCell().storeAddress(provider).endCell() },
    ];
    return (await p.get("get_replica_commit", args)).stack.readBigNumber();
  }
  /** The result CID digest `provider` published for the task (0 when none). */
  async getResultCid(p: ContractProvider, taskId: bigint, provider: Address): Promise<bigint> {
    const args: TupleItem[] = [
      { type: "int", value: taskId },
      { type: "slice", cell: beginCell().storeAddress(provider).endCell() },
    ];
    return (await p.get("get_result_cid", args)).stack.readBigNumber();
  }
  async getClaimable(p: ContractProvider, who: Address): Promise<bigint> {
    return (await p.get("get_claimable", [{ type: "slice", cell: beginCell().storeAddress(who).endCell() }])).stack.readBigNumber();
  }
}
