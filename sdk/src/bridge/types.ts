import type { Address, Hex } from "viem";
import type { AnyBridgeMessage, BridgeMessage, Domain, UniversalAddress } from "@calctra/core";

/**
 * An outbound message observed on a source chain and re-derived from the event fields: a version-1 token message
 * (the default) or, with `M = AnyBridgeMessage`, either version (DESIGN §8).
 */
export interface ObservedMessage<M extends AnyBridgeMessage = BridgeMessage> {
  readonly message: M;
  /** keccak256 of the encoding, re-computed locally (equal to the event's messageId). */
  readonly messageId: Hex;
  /** The encoded message (89 bytes for a token message), hex. */
  readonly encoded: Hex;
  readonly blockNumber: bigint;
  readonly transactionHash: Hex;
  readonly logIndex: number;
}

/** One validator's signature of a message digest. */
export interface ValidatorSignature {
  readonly signer: Address;
  /** 65 bytes r|s|v, low-s. */
  readonly signature: Hex;
}

/** A message with enough signatures, sorted ascending by signer, ready for delivery. */
export interface SignedMessage {
  readonly messageId: Hex;
  readonly encoded: Hex;
  readonly message: AnyBridgeMessage;
  readonly signatures: readonly ValidatorSignature[];
}

/** What a destination reports about a delivery attempt. */
export interface DeliveryResult {
  /** Transaction (or chain-specific receipt) identifier. */
  readonly transactionId: string;
  /** Messages of the batch now delivered (by this call or earlier). */
  readonly delivered: readonly Hex[];
}

/** A validator set as a destination enforces it. */
export interface ValidatorSetView {
  /** Signer identities as 20-byte EVM-style addresses (secp256k1 → keccak address), lowercase. */
  readonly validators: readonly Address[];
  readonly threshold: number;
  /** The previous set, while it is still accepted (retention window). */
  readonly previous?: { readonly validators: readonly Address[]; readonly threshold: number } | undefined;
}

/**
 * A destination chain the relayer can deliver to. EVM implements it with `receiveBatch`; a Solana or TON
 * destination implements the same four members over its own bridge program/contract.
 */
export interface DestinationChain {
  /** The bridge domain of this destination. */
  readonly domain: Domain;
  /** The destination bridge, as a universal address (what validators put in the digest). */
  readonly bridge: UniversalAddress;
  /** Largest batch one delivery may carry. */
  readonly maxBatch: number;
  /** The validator set(s) the destination accepts now. */
  validatorSet(): Promise<ValidatorSetView>;
  /**
   * True once the destination has recorded the message as delivered. `message` (its source domain and nonce) is
   * what a destination that marks `(srcDomain, nonce)` (Solana) reads; the others answer by `messageId`.
   */
  isDelivered(messageId: Hex, message?: { readonly srcDomain: Domain; readonly nonce: bigint }): Promise<boolean>;
  /** Delivers a batch (signatures already sorted ascending by signer); resolves once final on the destination. */
  deliver(batch: readonly SignedMessage[]): Promise<DeliveryResult>;
}

/** Result of one scan of a source chain. */
export interface ScanResult {
  readonly messages: ObservedMessage<AnyBridgeMessage>[];
  /** Messages whose fields did not re-derive to their id (never signed, never relayed). */
  readonly rejected: Hex[];
  /** Last block (or slot / logical time) scanned, inclusive; the next scan starts after it. */
  readonly toBlock: bigint;
}

/** A source chain the validator and the relayer watch (EVM: `EvmSource`; Solana/TON implement the same). */
export interface SourceChain {
  readonly domain: Domain;
  /** Scans confirmed outbound messages from `fromBlock`; null when nothing new is confirmed. */
  scan(fromBlock: bigint): Promise<ScanResult | null>;
}
