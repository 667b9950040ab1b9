import { type Address, beginCell, type Cell, type Contract, type ContractProvider, type Sender, SendMode, toNano } from "@ton/core";
import { op } from "./abi";
import { forwardPayloadRef } from "./CalJettonMinter";

export type TransferOptions = {
  value?: bigint;
  responseAddress?: Address | null;
  forwardTonAmount?: bigint;
  forwardPayload?: Cell | null;
  customPayload?: Cell | null;
  queryId?: bigint;
};

export class CalJettonWallet implements Contract {
  constructor(readonly address: Address) {}

  static createFromAddress(address: Address) {
    return new CalJettonWallet(address);
  }

  static transferMessage(amount: bigint, to: Address, opts: TransferOptions = {}): Cell {
    return beginCell()
      .storeUint(op("AskToTransfer"), 32)
      .storeUint(opts.queryId ?? 0n, 64)
      .storeCoins(amount)
      .storeAddress(to)
      .storeAddress(opts.responseAddress ?? null)
      .storeMaybeRef(opts.customPayload ?? null)
      .storeCoins(opts.forwardTonAmount ?? 0n)
      .storeSlice(forwardPayloadRef(opts.forwardPayload ?? null).beginParse())
      .endCell();
  }

  async sendTransfer(provider: ContractProvider, via: Sender, amount: bigint, to: Address, opts: TransferOptions = {}) {
    await provider.internal(via, {
      value: opts.value ?? toNano("0.1") + (opts.forwardTonAmount ?? 0n),
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      body: CalJettonWallet.transferMessage(amount, to, opts),
    });
  }

  async sendBurn(provider: ContractProvider, via: Sender, amount: bigint, opts: { value?: bigint; responseAddress?: Address | null } = {}) {
    await provider.internal(via, {
      value: opts.value ?? toNano("0.1"),
      sendMode: SendMode.PAY_GAS_SEPARATELY,
      body: beginCell()
        .storeUint(op("AskToBurn"), 32)
        .storeUint(0, 64)
        .storeCoins(amount)
        .storeAddress(opts.responseAddress ?? null)
        .storeMaybeRef(null)
        .endCell(),
    });
  }

  async getWalletData(provider: ContractProvider) {
    const r = await provider.get("get_wallet_data", []);
    return {
      balance: r.stack.readBigNumber(),
      owner: r.stack.readAddress(),
      minter: r.stack.readAddress(),
      code: r.stack.readCell(),
    };
  }

  async getBalance(provider: ContractProvider): Promise<bigint> {
    const state = await provider.getState();
    if (state.state.type !== "active") return 0n;
    return (await this.getWalletData(provider)).balance;
  }
}
