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
  type TupleItem,
} from "@ton/core";
import { op } from "./abi";
import { validatorChain, type DomainLimits } from "./Bridge";

export const ProposalState = { Pending: 0, Active: 1, Canceled: 2, Defeated: 3, Succeeded: 4, Queued: 5, Expired: 6, Executed: 7 } as const;
export const Support = { Against: 0, For: 1, Abstain: 2 } as const;

export type GovernanceConfig = {
  deployer: Address;
  marketplace: Address;
  staking: Address;
  jettonWallet?: Address | null;
  votingDelay: number;
  votingPeriod: number;
  timelockDelay: number;
  gracePeriod: number;
  quorum: bigint;
  proposalThreshold: bigint;
  /** the bridge governance administers (optional: settable once later with sendSetBridge) */
  bridge?: Address | null;
};

export function governanceConfigToCell(c: GovernanceConfig): Cell {
  const config = beginCell()
    .storeAddress(c.marketplace)
    .storeAddress(c.staking)
    .storeAddress(c.jettonWallet ?? null)
    .endCell();
  const ext = beginCell()
    .storeDict(null)
    .storeDict(null)
    .storeDict(null)
    .storeAddress(c.bridge ?? null)
    .endCell();
  return beginCell()
    .storeRef(config)
    .storeAddress(c.deployer)
    .storeUint(c.votingDelay, 32)
    .storeUint(c.votingPeriod, 32)
    .storeUint(c.timelockDelay, 32)
    .storeUint(c.gracePeriod, 32)
    .storeCoins(c.quorum)
    .storeCoins(c.proposalThreshold)
    .storeUint(1, 32) // nextProposalId
    .storeUint(0, 64) // nextQueryId
    .storeCoins(0) // totalLocked
    .storeDict(null) // voters
    .storeDict(null) // proposals
    .storeRef(ext)
    .endCell();
}

/** act_set_parameter: SetParameter sent to the id's owner (1, 2 staking; 3, 4, 5 marketplace). */
function actSetParameter(paramId: number, value: bigint): Cell {
  return beginCell().storeUint(op("ActSetParameter"), 8).storeUint(paramId, 16).storeUint(value, 64).endCell();
}

/** Typed governance actions (GovAction TL-B in contracts/governance/messages.tolk). */
export const GovAction = {
  setParameter: actSetParameter,
  setMarketParam: actSetParameter,
  setStakingParam: actSetParameter,
  setFeeSplit: (p: number, t: number, c: number): Cell => actSetParameter(5, (BigInt(p) << 32n) | (BigInt(t) << 16n) | BigInt(c)),
  setRole: (role: number, who: Address) => beginCell().storeUint(op("ActSetRole"), 8).storeUint(role, 8).storeAddress(who).endCell(),
  registerVerifier: (id: number, vk: Cell) => beginCell().storeUint(op("ActRegisterVerifier"), 8).storeUint(id, 32).storeRef(vk).endCell(),
  pause: () => beginCell().storeUint(op("ActPause"), 8).endCell(),
  unpause: () => beginCell().storeUint(op("ActUnpause"), 8).endCell(),
  // bridge actions (executed on the bridge recorded in governance; the bridge checks bounds)
  bridgeSetValidators: (addresses: string[], threshold: number, keepPreviousFor: number) =>
    beginCell()
      .storeUint(op("ActBridgeSetValidators"), 8)
      .storeUint(threshold, 8)
      .storeUint(keepPreviousFor, 32)
      .storeRef(validatorChain(addresses))
      .endCell(),
  bridgeSetThreshold: (threshold: number) => beginCell().storeUint(op("ActBridgeSetThreshold"), 8).storeUint(threshold, 8).endCell(),
  bridgeSetDomain: (domain: number, l: DomainLimits) =>
    beginCell()
      .storeUint(op("ActBridgeSetDomain"), 8)
      .storeUint(domain, 32)
      .storeBit(l.enabled)
      .storeUint(l.inCapacity, 64)
      .storeUint(l.inRatePerSecond, 64)
      .storeUint(l.outCapacity, 64)
      .storeUint(l.outRatePerSecond, 64)
      .endCell(),
  bridgeSetPauser: (pauser: Address) => beginCell().storeUint(op("ActBridgeSetPauser"), 8).storeAddress(pauser).endCell(),
  bridgePause: () => beginCell().storeUint(op("ActBridgePause"), 8).endCell(),
  bridgeUnpause: () => beginCell().storeUint(op("ActBridgeUnpause"), 8).endCell(),
  bridgeClaimAdmin: () => beginCell().storeUint(op("ActBridgeClaimAdmin"), 8).endCell(),
  bridgeTransferAdmin: (newAdmin: Address) => beginCell().storeUint(op("ActBridgeTransferAdmin"), 8).storeAddress(newAdmin).endCell(),
  bridgeHandOverMinter: (newAdmin: Address) => beginCell().storeUint(op("ActBridgeHandOverMinter"), 8).storeAddress(newAdmin).endCell(),
};

export function depositVotesPayload(): Cell {
  return beginCell().storeUint(op("DepositVotes"), 32).endCell();
}

export class Governance implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}
  static createFromAddress(a: Address) {
    return new Governance(a);
  }
  static createFromConfig(c: GovernanceConfig, code: Cell, workchain = 0) {
    const init = { code, data: governanceConfigToCell(c) };
    return new Governance(contractAddress(workchain, init), init);
  }
  private async send(p: ContractProvider, via: Sender, value: bigint, body: Cell) {
    await p.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }
  async sendDeploy(p: ContractProvider, via: Sender, value = toNano("0.5")) {
    await this.send(p, via, value, beginCell().storeUint(op("TopUpTons"), 32).storeUint(0, 64).endCell());
  }
  async sendSetWallet(p: ContractProvider, via: Sender, jw: Address, value = toNano("0.05")) {
    await this.send(p, via, value, beginCell().storeUint(op("SetGovWallet"), 32).storeUint(0, 64).storeAddress(jw).endCell());
  }
  /** Records the bridge governance administers (deployer only, once). */
  async sendSetBridge(p: ContractProvider, via: Sender, bridge: Address, value = toNano("0.05")) {
    await this.send(p, via, value, beginCell().storeUint(op("SetGovBridge"), 32).storeUint(0, 64).storeAddress(bridge).endCell());
  }
  async sendPropose(p: ContractProvider, via: Sender, action: Cell, value = toNano("0.05")) {
    await this.send(p, via, value, beginCell().storeUint(op("Propose"), 32).storeUint(0, 64).storeRef(action).endCell());
  }
  async sendCastVote(p: ContractProvider, via: Sender, id: number, support: number, value = toNano("0.05")) {
    await this.send(
      p,
      via,
      value,
      beginCell().storeUint(op("CastVote"), 32).storeUint(0, 64).storeUint(id, 32).storeUint(support, 8).endCell(),
    );
  }
  async sendQueue(p: ContractProvider, via: Sender, id: number, value = toNano("0.05")) {
    await this.send(p, via, value, beginCell().storeUint(op("QueueProposal"), 32).storeUint(0, 64).storeUint(id, 32).endCell());
  }
  /** value: ≥ 0.08 TON, ≥ 0.13 TON for a bridge validator rotation (the unused part is returned) */
  async sendExecute(p: ContractProvider, via: Sender, id: number, value = toNano("0.15")) {
    await this.send(p, via, value, beginCell().storeUint(op("ExecuteProposal"), 32).storeUint(0, 64).storeUint(id, 32).endCell());
  }
  async sendCancel(p: ContractProvider, via: Sender, id: number, value = toNano("0.05")) {
    await this.send(p, via, value, beginCell().storeUint(op("CancelProposal"), 32).storeUint(0, 64).storeUint(id, 32).endCell());
  }
  async sendWithdrawVotes(p: ContractProvider, via: Sender, amount: bigint, value = toNano("0.1")) {
    await this.send(p, via, value, beginCell().storeUint(op("WithdrawVotes"), 32).storeUint(0, 64).storeCoins(amount).endCell());
  }
  /** The action list (a canonical byte snake) decoded by the contract: one tuple per action (see contracts/governance/actions.tolk). */
  async getDecodeActions(p: ContractProvider, list: Cell): Promise<TupleItem[]> {
    const r = await p.get("get_decode_actions", [{ type: "cell", cell: list }]);
    const item = r.stack.pop();
    if (item.type !== "tuple") throw new Error("get_decode_actions returned no tuple");
    return item.items;
  }
  async getProposal(p: ContractProvider, id: number) {
    const s = (await p.get("get_proposal", [{ type: "int", value: BigInt(id) }])).stack;
    return {
      state: s.readNumber(),
      proposer: s.readAddress(),
      voteStart: s.readNumber(),
      voteEnd: s.readNumber(),
      eta: s.readNumber(),
      forVotes: s.readBigNumber(),
      againstVotes: s.readBigNumber(),
      abstainVotes: s.readBigNumber(),
    };
  }
  async getState(p: ContractProvider, id: number): Promise<number> {
    return (await p.get("get_proposal_state", [{ type: "int", value: BigInt(id) }])).stack.readNumber();
  }
  async getVoter(p: ContractProvider, who: Address) {
    const s = (await p.get("get_voter", [{ type: "slice", cell: beginCell().storeAddress(who).endCell() }])).stack;
    return { amount: s.readBigNumber(), lockedUntil: s.readNumber() };
  }
  async getHasVoted(p: ContractProvider, id: number, who: Address): Promise<boolean> {
    return (
      await p.get("get_has_voted", [
        { type: "int", value: BigInt(id) },
        { type: "slice", cell: beginCell().storeAddress(who).endCell() },
      ])
    ).stack.readBoolean();
  }
  async getBridge(p: ContractProvider): Promise<Address | null> {
    return (await p.get("get_bridge", [])).stack.readAddressOpt();
  }
  async getTotalLocked(p: ContractProvider): Promise<bigint> {
    return (await p.get("get_total_locked", [])).stack.readBigNumber();
  }
}
