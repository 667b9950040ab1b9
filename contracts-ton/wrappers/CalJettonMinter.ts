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

export type CalJettonMinterConfig = {
  admin: Address | null;
  walletCode: Cell;
  content: Cell;
  totalSupply?: bigint;
};

/** TEP-64 off-chain content cell: 0x01 + URI. */
export function offchainContent(uri: string): Cell {
  return beginCell().storeUint(1, 8).storeStringTail(uri).endCell();
}

export function calJettonMinterConfigToCell(c: CalJettonMinterConfig): Cell {
  return beginCell()
    .storeCoins(c.totalSupply ?? 0n)
    .storeAddress(c.admin)
    .storeAddress(null)
    .storeRef(c.walletCode)
    .storeRef(c.content)
    .endCell();
}

/** Forward payload as (Either Cell ^Cell): always stored as a reference (bit 1). */
export function forwardPayloadRef(payload: Cell | null): Cell {
  return payload ? beginCell().storeBit(1).storeRef(payload).endCell() : beginCell().storeBit(0).endCell();
}

export class CalJettonMinter implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}

  static createFromAddress(address: Address) {
    return new CalJettonMinter(address);
  }

  static createFromConfig(config: CalJettonMinterConfig, code: Cell, workchain = 0) {
    const data = calJettonMinterConfigToCell(config);
    const init = { code, data };
    return new CalJettonMinter(contractAddress(workchain, init), init);
  }

  async sendDeploy(provider: ContractProvider, via: Sender, value: bigint) {
    await provider.internal(via, {
      value,
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      body: beginCell().storeUint(op("TopUpTons"), 32).storeUint(0, 64).endCell(),
    });
  }

  static mintMessage(
    to: Address,
    amount: bigint,
    opts: {
      responseAddress?: Address | null;
      forwardTonAmount?: bigint;
      forwardPayload?: Cell | null;
      tonAmount?: bigint;
      queryId?: bigint;
      from?: Address | null;
    } = {},
  ) {
    const internal = beginCell()
      .storeUint(op("InternalTransferStep"), 32)
      .storeUint(opts.queryId ?? 0n, 64)
      .storeCoins(amount)
      .storeAddress(opts.from ?? null)
      .storeAddress(opts.responseAddress ?? null)
      .storeCoins(opts.forwardTonAmount ?? 0n)
      .storeSlice(forwardPayloadRef(opts.forwardPayload ?? null).beginParse())
      .endCell();
    return beginCell()
      .storeUint(op("MintNewJettons"), 32)
      .storeUint(opts.queryId ?? 0n, 64)
      .storeAddress(to)
      .storeCoins(opts.tonAmount ?? toNano("0.05"))
      .storeRef(internal)
      .endCell();
  }

  async sendMint(
    provider: ContractProvider,
    via: Sender,
    to: Address,
    amount: bigint,
    opts: {
      value?: bigint;
      responseAddress?: Address | null;
      forwardTonAmount?: bigint;
      forwardPayload?: Cell | null;
      tonAmount?: bigint;
    } = {},
  ) {
    await provider.internal(via, {
      value: opts.value ?? toNano("0.1"),
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      body: CalJettonMinter.mintMessage(to, amount, opts),
    });
  }

  async sendChangeAdmin(provider: ContractProvider, via: Sender, newAdmin: Address, value = toNano("0.05")) {
    await provider.internal(via, {
      value,
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      body: beginCell().storeUint(op("ChangeMinterAdmin"), 32).storeUint(0, 64).storeAddress(newAdmin).endCell(),
    });
  }

  async sendClaimAdmin(provider: ContractProvider, via: Sender, value = toNano("0.05")) {
    await provider.internal(via, {
      value,
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      body: beginCell().storeUint(op("ClaimMinterAdmin"), 32).storeUint(0, 64).endCell(),
    });
  }

  async sendChangeContent(provider: ContractProvider, via: Sender, content: Cell, value = toNano("0.05")) {
    await provider.internal(via, {
      value,
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      body: beginCell().storeUint(op("ChangeMinterContent"), 32).storeUint(0, 64).storeRef(content).endCell(),
    });
  }

  /** TEP-89 provide_wallet_address */
  async sendProvideWalletAddress(provider: ContractProvider, via: Sender, owner: Address, includeAddress: boolean, value = toNano("0.05")) {
    await provider.internal(via, {
      value,
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      body: beginCell().storeUint(op("RequestWalletAddress"), 32).storeUint(0, 64).storeAddress(owner).storeBit(includeAddress).endCell(),
    });
  }

  async getWalletAddress(provider: ContractProvider, owner: Address): Promise<Address> {
    const r = await provider.get("get_wallet_address", [{ type: "slice", cell: beginCell().storeAddress(owner).endCell() }]);
    return r.stack.readAddress();
  }

  async getJettonData(provider: ContractProvider) {
    const r = await provider.get("get_jetton_data", []);
    return {
      totalSupply: r.stack.readBigNumber(),
      mintable: r.stack.readBoolean(),
      admin: r.stack.readAddressOpt(),
      content: r.stack.readCell(),
      walletCode: r.stack.readCell(),
    };
  }

  async getTotalSupply(provider: ContractProvider): Promise<bigint> {
    return (await this.getJettonData(provider)).totalSupply;
  }

  async getNextAdmin(provider: ContractProvider): Promise<Address | null> {
    const r = await provider.get("get_next_admin_address", []);
    return r.stack.readAddressOpt();
  }
}
