// Wrapper of the TON spoke governance (contracts/executor/executor.tolk): vault + executor.
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

export type ExecutorConfig = {
  bridge: Address;
  marketplace: Address;
  staking: Address;
  hubDomain: number;
  hubAddress: bigint;
  guardian?: Address | null;
  deployer: Address;
  executionDelay: number;
};

export const ActionsStatus = { Pending: 0, Executed: 1, Vetoed: 2, Failed: 3 } as const;

export function executorConfigToCell(c: ExecutorConfig): Cell {
  const links = beginCell().storeAddress(c.bridge).storeAddress(c.marketplace).storeAddress(c.staking).endCell();
  const hub = beginCell()
    .storeUint(c.hubDomain, 32)
    .storeUint(c.hubAddress, 256)
    .storeAddress(c.guardian ?? null)
    .storeAddress(c.deployer)
    .endCell();
  const config = beginCell().storeRef(links).storeRef(hub).endCell();
  const vault = beginCell().storeAddress(null).storeCoins(0).storeDict(null).storeDict(null).endCell();
  // proposals, actions, staged keys; the last tally sent (query id, proposal id, its sentVotes before)
  const book = beginCell().storeDict(null).storeDict(null).storeDict(null).storeUint(0, 64).storeUint(0, 256).storeUint(0, 64).endCell();
  return beginCell()
    .storeUint(c.executionDelay, 32)
    .storeUint(1, 64) // nextSequence
    .storeUint(0, 64) // nextQueryId
    .storeRef(config)
    .storeRef(vault)
    .storeDict(null) // voters
    .storeRef(book)
    .endCell();
}

/** Forward payload of a CAL transfer to the executor: a deposit. */
export function execDepositPayload(): Cell {
  return beginCell().storeUint(op("ExecDeposit"), 32).endCell();
}

export class Executor implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}
  static createFromConfig(c: ExecutorConfig, code: Cell, workchain = 0) {
    const init = { code, data: executorConfigToCell(c) };
    return new Executor(contractAddress(workchain, init), init);
  }
  static body(name: string): ReturnType<typeof beginCell> {
    return beginCell().storeUint(op(name), 32).storeUint(0, 64);
  }
  async sendRaw(p: ContractProvider, via: Sender, body: Cell, value = toNano("0.1")) {
    await p.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }
  async sendDeploy(p: ContractProvider, via: Sender, value = toNano("1")) {
    await this.sendRaw(p, via, beginCell().storeUint(op("TopUpTons"), 32).storeUint(0, 64).endCell(), value);
  }
  async sendCastVote(p: ContractProvider, via: Sender, proposalId: bigint, support: number) {
    await this.sendRaw(p, via, Executor.body("ExecCastVote").storeUint(proposalId, 256).storeUint(support, 8).endCell(), toNano("0.05"));
  }
  async sendSendTally(p: ContractProvider, via: Sender, proposalId: bigint, value = toNano("0.2")) {
    await this.sendRaw(p, via, Executor.body("ExecSendTally").storeUint(proposalId, 256).endCell(), value);
  }
  async sendExecute(p: ContractProvider, via: Sender, sequence: bigint, value = toNano("0.5")) {
    await this.sendRaw(p, via, Executor.body("ExecExecute").storeUint(sequence, 64).endCell(), value);
  }
  async sendRetry(p: ContractProvider, via: Sender, sequence: bigint, value = toNano("0.5")) {
    await this.sendRaw(p, via, Executor.body("ExecRetry").storeUint(sequence, 64).endCell(), value);
  }
  async sendVeto(p: ContractProvider, via: Sender, sequence: bigint) {
    await this.sendRaw(p, via, Executor.body("ExecVeto").storeUint(sequence, 64).endCell(), toNano("0.05"));
  }
  async sendWithdraw(p: ContractProvider, via: Sender, amount: bigint) {
    await this.sendRaw(p, via, Executor.body("ExecWithdraw").storeCoins(amount).endCell(), toNano("0.15"));
  }
  /** Stages a verifying key cell for setVerifier (its representation hash is the action's `verifier`). */
  async sendStageVerifier(p: ContractProvider, via: Sender, vk: Cell, value = toNano("0.1")) {
    await this.sendRaw(p, via, Executor.body("ExecStageVerifier").storeRef(vk).endCell(), value);
  }
  /** The executor's decoding of an action-list snake (one tuple per action; GovernanceInvalidAction when malformed). */
  async getDecodeActions(p: ContractProvider, list: Cell): Promise<TupleItem[]> {
    const r = await p.get("get_decode_actions", [{ type: "cell", cell: list }]);
    const item = r.stack.pop();
    if (item.type !== "tuple") throw new Error("get_decode_actions returned no tuple");
    return item.items;
  }
  async getStagedVerifier(p: ContractProvider, verifier: bigint): Promise<{ expiresAt: number } | null> {
    const s = (await p.get("get_staged_verifier", [{ type: "int", value: verifier }])).stack;
    if (!s.readBoolean()) return null;
    return { expiresAt: s.readNumber() };
  }
  async getData(p: ContractProvider) {
    const s = (await p.get("get_executor_data", [])).stack;
    return {
      executionDelay: s.readNumber(),
      nextSequence: s.readBigNumber(),
      totalDeposited: s.readBigNumber(),
      bridge: s.readAddress(),
      hubDomain: s.readNumber(),
      hubAddress: s.readBigNumber(),
      guardian: s.readAddressOpt(),
    };
  }
  async getVotingPower(p: ContractProvider, who: Address, snapshot: number): Promise<{ balance: bigint; weight: bigint }> {
    const s = (
      await p.get("get_voting_power", [
        { type: "slice", cell: beginCell().storeAddress(who).endCell() },
        { type: "int", value: BigInt(snapshot) },
      ])
    ).stack;
    return { balance: s.readBigNumber(), weight: s.readBigNumber() };
  }
  async getProposal(p: ContractProvider, proposalId: bigint) {
    const s = (await p.get("get_spoke_proposal", [{ type: "int", value: proposalId }])).stack;
    if (!s.readBoolean()) return null;
    return {
      snapshot: s.readBigNumber(),
      voteEnd: s.readBigNumber(),
      againstVotes: s.readBigNumber(),
      forVotes: s.readBigNumber(),
      abstainVotes: s.readBigNumber(),
    };
  }
  async getActions(p: ContractProvider, sequence: bigint) {
    const s = (await p.get("get_actions", [{ type: "int", value: sequence }])).stack;
    if (!s.readBoolean()) return null;
    return { proposalId: s.readBigNumber(), eta: s.readNumber(), status: s.readNumber() };
  }
}
