// Wrapper of the TON bridge (contracts/bridge/bridge.tolk). Layouts mirror contracts/bridge/storage.tolk
// and messages.tolk; op codes come from abi.ts (parsed from the Tolk sources).
import {
  type Address,
  beginCell,
  type Cell,
  type Contract,
  contractAddress,
  type ContractProvider,
  type Sender,
  SendMode,
  type Slice,
  toNano,
  TupleBuilder,
} from "@ton/core";
import { op } from "./abi";

export const TON_DOMAIN = 0x544f4e00;
export const BRIDGE_MESSAGE_BYTES = 89;

export type BridgeConfig = {
  admin: Address;
  pauser: Address;
  minter: Address;
  jettonWallet?: Address | null;
};

export function bridgeConfigToCell(c: BridgeConfig): Cell {
  const links = beginCell().storeAddress(null).endCell(); // governance: set by BridgeSetGovernance
  const config = beginCell().storeAddress(c.admin).storeAddress(null).storeAddress(c.pauser).storeRef(links).endCell();
  const emptySet = beginCell().storeDict(null).storeUint(0, 8).storeUint(0, 8).storeUint(0, 256).endCell();
  const sets = beginCell().storeRef(emptySet).storeMaybeRef(null).storeUint(0, 32).endCell();
  const refunds = beginCell().storeDict(null).storeDict(null).endCell();
  const receipts = beginCell().storeDict(null).storeDict(null).storeDict(null).storeUint(0, 64).endCell();
  const mints = beginCell().storeDict(null).storeDict(null).storeDict(null).storeDict(null).endCell();
  const ledger = beginCell()
    .storeRef(receipts)
    .storeDict(null) // outbound
    .storeUint(1, 64) // outboundFirst
    .storeRef(mints)
    .storeRef(refunds)
    .endCell();
  return beginCell()
    .storeBit(false) // paused
    .storeUint(0, 64) // outboundNonce
    .storeUint(0, 64) // nextQueryId
    .storeCoins(0) // unburned
    .storeAddress(c.minter)
    .storeAddress(c.jettonWallet ?? null)
    .storeRef(config)
    .storeRef(sets)
    .storeDict(null) // domains
    .storeRef(ledger)
    .endCell();
}

function hexToBigint(h: string): bigint {
  return BigInt(h.startsWith("0x") ? h : `0x${h}`);
}

/** An 89-byte message as the cell the bridge reads (712 bits, no refs). */
export function bridgeMessageCell(bytes: Uint8Array): Cell {
  if (bytes.length !== BRIDGE_MESSAGE_BYTES) throw new RangeError(`a bridge message has 89 bytes, got ${bytes.length}`);
  return beginCell().storeBuffer(Buffer.from(bytes)).endCell();
}

/** Signature chain: one 65-byte r|s|v per cell, each cell referencing the next. Empty list = empty cell. */
export function signatureChain(signatures: Uint8Array[]): Cell {
  let next: Cell | null = null;
  for (let i = signatures.length - 1; i >= 0; i--) {
    const sig = signatures[i]!;
    if (sig.length !== 65) throw new RangeError("a signature has 65 bytes");
    const b = beginCell().storeBuffer(Buffer.from(sig));
    if (next) b.storeRef(next);
    next = b.endCell();
  }
  return next ?? beginCell().endCell();
}

/** Validator chain: ascending 20-byte EVM addresses, 6 per cell. */
export function validatorChain(addresses: string[]): Cell {
  const chunks: string[][] = [];
  for (let i = 0; i < addresses.length; i += 6) chunks.push(addresses.slice(i, i + 6));
  let next: Cell | null = null;
  for (let i = chunks.length - 1; i >= 0; i--) {
    const b = beginCell();
    for (const a of chunks[i]!) b.storeUint(hexToBigint(a), 160);
    if (next) b.storeRef(next);
    next = b.endCell();
  }
  if (!next) throw new RangeError("empty validator list");
  return next;
}

/** Forward payload of a CAL transfer to the bridge: send `amount` to `recipient` (bytes32) on `dstDomain`. */
export function bridgeSendPayload(dstDomain: number, recipient: bigint): Cell {
  return beginCell().storeUint(op("BridgeSendPayload"), 32).storeUint(dstDomain, 32).storeUint(recipient, 256).endCell();
}

/** The universal address (bytes32) of a workchain-0 TON account. */
export function tonUniversal(a: Address): bigint {
  if (a.workChain !== 0) throw new RangeError("not a workchain-0 address");
  return BigInt(`0x${a.hash.toString("hex")}`);
}

export type BridgeData = {
  paused: boolean;
  outboundNonce: bigint;
  unburned: bigint;
  minter: Address;
  jettonWallet: Address | null;
  admin: Address;
  pendingAdmin: Address | null;
  pauser: Address;
};
export type ValidatorSetsView = {
  setHash: bigint;
  size: number;
  threshold: number;
  previousSetHash: bigint;
  previousThreshold: number;
  previousValidUntil: number;
};
export type DomainView = {
  known: boolean;
  enabled: boolean;
  inboundAvailable: bigint;
  inboundCapacity: bigint;
  outboundAvailable: bigint;
  outboundCapacity: bigint;
};
export type DomainLimits = { enabled: boolean; inCapacity: bigint; inRatePerSecond: bigint; outCapacity: bigint; outRatePerSecond: bigint };

export class Bridge implements Contract {
  constructor(
    readonly address: Address,
    readonly init?: { code: Cell; data: Cell },
  ) {}
  static createFromAddress(a: Address) {
    return new Bridge(a);
  }
  static createFromConfig(c: BridgeConfig, code: Cell, workchain = 0) {
    const init = { code, data: bridgeConfigToCell(c) };
    return new Bridge(contractAddress(workchain, init), init);
  }

  private static header(name: string, queryId = 0n) {
    return beginCell().storeUint(op(name), 32).storeUint(queryId, 64);
  }
  static deliverBody(message: Cell, signatures: Cell, queryId = 0n): Cell {
    return Bridge.header("BridgeDeliver", queryId).storeRef(message).storeRef(signatures).endCell();
  }
  static setValidatorsBody(addresses: string[], threshold: number, keepPreviousFor: number): Cell {
    return Bridge.header("BridgeSetValidators")
      .storeUint(threshold, 8)
      .storeUint(keepPreviousFor, 32)
      .storeRef(validatorChain(addresses))
      .endCell();
  }
  static setThresholdBody(threshold: number): Cell {
    return Bridge.header("BridgeSetThreshold").storeUint(threshold, 8).endCell();
  }
  static setDomainBody(domain: number, l: DomainLimits): Cell {
    return Bridge.header("BridgeSetDomain")
      .storeUint(domain, 32)
      .storeBit(l.enabled)
      .storeUint(l.inCapacity, 64)
      .storeUint(l.inRatePerSecond, 64)
      .storeUint(l.outCapacity, 64)
      .storeUint(l.outRatePerSecond, 64)
      .endCell();
  }
  static setPauserBody(pauser: Address): Cell {
    return Bridge.header("BridgeSetPauser").storeAddress(pauser).endCell();
  }
  static simpleBody(
    name:
      | "BridgeDiscoverWallet"
      | "BridgePause"
      | "BridgeUnpause"
      | "BridgeClaimAdmin"
      | "BridgeAcceptMinterAdmin"
      | "BridgeRetryBurn"
      | "ClaimJettons"
      | "TopUpTons",
  ): Cell {
    return Bridge.header(name).endCell();
  }
  static addressBody(name: "BridgeTransferAdmin" | "BridgeHandOverMinter", who: Address): Cell {
    return Bridge.header(name).storeAddress(who).endCell();
  }

  async sendRaw(p: ContractProvider, via: Sender, body: Cell, value = toNano("0.05")) {
    await p.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
  }
  async sendDeploy(p: ContractProvider, via: Sender, value = toNano("0.5")) {
    await this.sendRaw(p, via, Bridge.simpleBody("TopUpTons"), value);
  }
  async sendDeliver(p: ContractProvider, via: Sender, message: Cell, signatures: Cell, value = toNano("0.2")) {
    await this.sendRaw(p, via, Bridge.deliverBody(message, signatures), value);
  }

  async getBridgeData(p: ContractProvider): Promise<BridgeData> {
    const s = (await p.get("get_bridge_data", [])).stack;
    return {
      paused: s.readBoolean(),
      outboundNonce: s.readBigNumber(),
      unburned: s.readBigNumber(),
      minter: s.readAddress(),
      jettonWallet: s.readAddressOpt(),
      admin: s.readAddress(),
      pendingAdmin: s.readAddressOpt(),
      pauser: s.readAddress(),
    };
  }
  async getValidatorSets(p: ContractProvider): Promise<ValidatorSetsView> {
    const s = (await p.get("get_validator_sets", [])).stack;
    return {
      setHash: s.readBigNumber(),
      size: s.readNumber(),
      threshold: s.readNumber(),
      previousSetHash: s.readBigNumber(),
      previousThreshold: s.readNumber(),
      previousValidUntil: s.readNumber(),
    };
  }
  async getIsValidator(p: ContractProvider, signer: bigint): Promise<{ current: boolean; previous: boolean }> {
    const s = (await p.get("get_is_validator", [{ type: "int", value: signer }])).stack;
    return { current: s.readBoolean(), previous: s.readBoolean() };
  }
  async getMessageId(p: ContractProvider, message: Cell): Promise<bigint> {
    return (await p.get("get_message_id", [{ type: "cell", cell: message }])).stack.readBigNumber();
  }
  async getDigest(p: ContractProvider, message: Cell, dstBridge: bigint): Promise<bigint> {
    return (
      await p.get("get_digest", [
        { type: "cell", cell: message },
        { type: "int", value: dstBridge },
      ])
    ).stack.readBigNumber();
  }
  async getMyDigest(p: ContractProvider, message: Cell): Promise<bigint> {
    return (await p.get("get_my_digest", [{ type: "cell", cell: message }])).stack.readBigNumber();
  }
  async getRecoverSigner(p: ContractProvider, digest: bigint, signature: Uint8Array): Promise<bigint> {
    const tb = new TupleBuilder();
    tb.writeNumber(digest);
    tb.writeSlice(beginCell().storeBuffer(Buffer.from(signature)).endCell());
    return (await p.get("get_recover_signer", tb.build())).stack.readBigNumber();
  }
  async getIsDelivered(p: ContractProvider, messageId: bigint): Promise<boolean> {
    return (await p.get("get_is_delivered", [{ type: "int", value: messageId }])).stack.readBoolean();
  }
  /** Whether message `nonce` of `srcDomain` was delivered (the replay window, exact for every nonce). */
  async getIsNonceDelivered(p: ContractProvider, srcDomain: number, nonce: bigint): Promise<boolean> {
    return (
      await p.get("get_is_nonce_delivered", [
        { type: "int", value: BigInt(srcDomain) },
        { type: "int", value: nonce },
      ])
    ).stack.readBoolean();
  }
  /** The lowest outbound nonce still held (older records are pruned after 30 days). */
  async getOutboundFirst(p: ContractProvider): Promise<bigint> {
    return (await p.get("get_outbound_first", [])).stack.readBigNumber();
  }
  /** A bounced mint waiting for BridgeRetryMint, or null. */
  async getFailedMint(
    p: ContractProvider,
    queryId: bigint,
  ): Promise<{ recipient: bigint; srcDomain: number; nonce: bigint; amount: bigint; sentAt: number } | null> {
    const s = (await p.get("get_failed_mint", [{ type: "int", value: queryId }])).stack;
    if (!s.readBoolean()) return null;
    return {
      recipient: s.readBigNumber(),
      srcDomain: s.readNumber(),
      nonce: s.readBigNumber(),
      amount: s.readBigNumber(),
      sentAt: s.readNumber(),
    };
  }
  static setGovernanceBody(governance: Address): Cell {
    return Bridge.header("BridgeSetGovernance").storeAddress(governance).endCell();
  }
  /** SendGovernanceMessage: `payload` is the snake of the payload bytes (wrappers/ByteSnake). */
  static sendGovernanceMessageBody(dstDomain: number, recipient: bigint, kind: number, payload: Cell): Cell {
    return Bridge.header("SendGovernanceMessage")
      .storeUint(dstDomain, 32)
      .storeUint(recipient, 256)
      .storeUint(kind, 8)
      .storeRef(payload)
      .endCell();
  }
  static retryForwardBody(failedQueryId: bigint): Cell {
    return Bridge.header("BridgeRetryForward").storeUint(failedQueryId, 64).endCell();
  }
  async getGovernance(p: ContractProvider): Promise<Address | null> {
    return (await p.get("get_governance", [])).stack.readAddressOpt();
  }
  async getFailedForward(p: ContractProvider, queryId: bigint): Promise<{ recipient: bigint; messageId: bigint } | null> {
    const s = (await p.get("get_failed_forward", [{ type: "int", value: queryId }])).stack;
    if (!s.readBoolean()) return null;
    return { recipient: s.readBigNumber(), messageId: s.readBigNumber() };
  }
  /** The outbound record `nonce` as its cell (a version-2 record is a byte snake). */
  async getOutboundCell(p: ContractProvider, nonce: bigint): Promise<Cell | null> {
    return (await p.get("get_outbound_message", [{ type: "int", value: nonce }])).stack.readCellOpt();
  }
  static retryMintBody(failedQueryId: bigint): Cell {
    return Bridge.header("BridgeRetryMint").storeUint(failedQueryId, 64).endCell();
  }
  /** The 89 bytes of outbound message `nonce`, or null. */
  async getOutboundMessage(p: ContractProvider, nonce: bigint): Promise<Buffer | null> {
    const c = (await p.get("get_outbound_message", [{ type: "int", value: nonce }])).stack.readCellOpt();
    if (!c) return null;
    const s: Slice = c.beginParse();
    return s.loadBuffer(BRIDGE_MESSAGE_BYTES);
  }
  async getDomain(p: ContractProvider, domain: number): Promise<DomainView> {
    const s = (await p.get("get_domain", [{ type: "int", value: BigInt(domain) }])).stack;
    return {
      known: s.readBoolean(),
      enabled: s.readBoolean(),
      inboundAvailable: s.readBigNumber(),
      inboundCapacity: s.readBigNumber(),
      outboundAvailable: s.readBigNumber(),
      outboundCapacity: s.readBigNumber(),
    };
  }
  async getClaimable(p: ContractProvider, who: Address): Promise<bigint> {
    return (await p.get("get_claimable", [{ type: "slice", cell: beginCell().storeAddress(who).endCell() }])).stack.readBigNumber();
  }
}
