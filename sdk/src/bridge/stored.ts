/**
 * Re-derivation of a message that a non-EVM source keeps as its stored bytes under an outbound nonce (the TON
 * bridge's dictionary, the Solana bridge's `OutboundMessage` accounts): a version-1 token message (89 bytes) or a
 * version-2 governance message (83..1024 bytes). The bytes are decoded, checked and encoded again by the SDK codec,
 * and the id recomputed, so that nothing the source recorded is taken on trust.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { toHex, type Hex } from "viem";
import {
  GOVERNANCE_MESSAGE_VERSION,
  anyBridgeMessageId,
  decodeAnyBridgeMessage,
  encodeAnyBridgeMessage,
  type AnyBridgeMessage,
  type Domain,
} from "@calctra/core";
import type { ObservedMessage } from "./types.js";

/** Bytes of an encoded bridge message (DESIGN §8). */
export const BRIDGE_MESSAGE_BYTES = 89;

/**
 * The message stored under `nonce` by the bridge of `srcDomain`, or `{ rejected }` (the keccak of the bytes) when
 * the bytes are not a version-1 (89 bytes) or version-2 message from that domain with that nonce, do not re-encode to
 * themselves, or (when the source also stored one) carry another id than `storedId`.
 *
 * @example
 * ```ts
 * const observed = rederiveStoredMessage({ bytes, nonce: 3n, srcDomain: DOMAINS.ton });
 * if ("rejected" in observed) console.warn("never signed", observed.rejected);
 * ```
 */
export function rederiveStoredMessage({
  bytes,
  nonce,
  srcDomain,
  storedId,
}: {
  readonly bytes: Uint8Array;
  readonly nonce: bigint;
  readonly srcDomain: Domain;
  readonly storedId?: Hex;
}): ObservedMessage<AnyBridgeMessage> | { rejected: Hex } {
  const own = Uint8Array.from(bytes);
  const rejected = { rejected: toHex(keccak_256(own)) };
  if (own[0] !== GOVERNANCE_MESSAGE_VERSION && own.length !== BRIDGE_MESSAGE_BYTES) return rejected;
  let message: AnyBridgeMessage;
  let encoded: Uint8Array;
  try {
    message = decodeAnyBridgeMessage(own);
    encoded = encodeAnyBridgeMessage(message);
  } catch {
    return rejected;
  }
  if (message.srcDomain !== srcDomain || message.nonce !== nonce) return rejected;
  if (toHex(encoded) !== toHex(own)) return rejected;
  const messageId = toHex(anyBridgeMessageId(message));
  if (messageId !== rejected.rejected || (storedId !== undefined && messageId !== storedId)) return rejected;
  return { message, messageId, encoded: toHex(encoded), blockNumber: nonce, transactionHash: messageId, logIndex: 0 };
}
