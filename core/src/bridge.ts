import { keccak_256 } from "@noble/hashes/sha3";
import { CalctraError } from "./errors.js";
import { universalFromBytes, universalToBytes } from "./address.js";
import { bytesInput, integerInput, invalidInput, objectInput } from "./input.js";
import type { BridgeMessage, Domain, UniversalAddress } from "./types.js";

/** Bridge domains of the non-EVM chains (EVM chains use their chain id). */
export const DOMAINS = {
  solana: 0x534f4c41,
  ton: 0x544f4e00,
  localEvmHome: 31337,
  localEvmSpoke: 31338,
} as const;

/** Length of an encoded bridge message. */
export const BRIDGE_MESSAGE_LENGTH = 89;
/** Current bridge message version. */
export const BRIDGE_MESSAGE_VERSION = 1;
/** Domain separator of the validator digest. */
export const BRIDGE_DIGEST_TAG = "CALCTRA_BRIDGE_V1";

const U32_MAX = 0xffffffffn;
const U64_MAX = 0xffffffffffffffffn;

function writeUint(out: Uint8Array, offset: number, value: bigint, bytes: number): void {
  for (let i = bytes - 1; i >= 0; i--) {
    out[offset + i] = Number(value & 0xffn);
    value >>= 8n;
  }
}
function readUint(data: Uint8Array, offset: number, bytes: number): bigint {
  let v = 0n;
  for (let i = 0; i < bytes; i++) v = (v << 8n) | BigInt(data[offset + i]!);
  return v;
}
/** A message field as a bigint within `[0, max]`: a number field must be an integer, a bigint field a bigint. */
function field(name: string, value: unknown, max: bigint, kind: "number" | "bigint"): bigint {
  if (typeof value !== kind || (kind === "number" && !Number.isSafeInteger(value)))
    throw invalidInput("BridgeInvalidMessage", name, value, { expected: kind === "number" ? "integer" : "bigint" });
  const v = BigInt(value as number | bigint);
  if (v < 0n || v > max) throw invalidInput("BridgeInvalidMessage", name, value, { min: 0, max });
  return v;
}

/**
 * Encodes a bridge message (DESIGN §8) into its 89 big-endian bytes:
 * `version u8 | srcDomain u32 | dstDomain u32 | nonce u64 | sender bytes32 | recipient bytes32 | amount u64`.
 *
 * @example
 * ```ts
 * const bytes = encodeBridgeMessage({ version: 1, srcDomain: 31337, dstDomain: DOMAINS.solana, nonce: 1n,
 *   sender, recipient, amount: 10n ** 9n });
 * ```
 */
export function encodeBridgeMessage(message: BridgeMessage): Uint8Array {
  objectInput("message", message);
  const version = field("version", message.version, 0xffn, "number");
  const srcDomain = field("srcDomain", message.srcDomain, U32_MAX, "number");
  const dstDomain = field("dstDomain", message.dstDomain, U32_MAX, "number");
  const nonce = field("nonce", message.nonce, U64_MAX, "bigint");
  const amount = field("amount", message.amount, U64_MAX, "bigint");
  const out = new Uint8Array(BRIDGE_MESSAGE_LENGTH);
  out[0] = Number(version);
  writeUint(out, 1, srcDomain, 4);
  writeUint(out, 5, dstDomain, 4);
  writeUint(out, 9, nonce, 8);
  out.set(universalToBytes(message.sender), 17);
  out.set(universalToBytes(message.recipient), 49);
  writeUint(out, 81, amount, 8);
  return out;
}

/** Decodes 89 bytes into a bridge message; throws `BridgeInvalidMessage` on a wrong length or version. */
export function decodeBridgeMessage(data: Uint8Array): BridgeMessage {
  bytesInput("data", data, BRIDGE_MESSAGE_LENGTH, "BridgeInvalidMessage");
  // 89 bytes are a version-1 token message; version 2 (governance) has its own codec
  if (data[0] !== 1) throw new CalctraError("BridgeInvalidMessage", { version: data[0] ?? -1 });
  return {
    version: data[0]!,
    srcDomain: Number(readUint(data, 1, 4)),
    dstDomain: Number(readUint(data, 5, 4)),
    nonce: readUint(data, 9, 8),
    sender: universalFromBytes(data.slice(17, 49)),
    recipient: universalFromBytes(data.slice(49, 81)),
    amount: readUint(data, 81, 8),
  };
}

/** `messageId = keccak256(message)`. */
export function bridgeMessageId(message: BridgeMessage): Uint8Array {
  return keccak_256(encodeBridgeMessage(message));
}

/**
 * The digest validators sign:
 * `keccak256("CALCTRA_BRIDGE_V1" | dstDomain u32 | dstBridge bytes32 | messageId)`.
 *
 * @example
 * ```ts
 * const digest = bridgeDigest({ dstDomain: DOMAINS.ton, dstBridge, messageId: bridgeMessageId(msg) });
 * ```
 */
export function bridgeDigest(parameters: BridgeDigestParameters): Uint8Array {
  const tag = new TextEncoder().encode(BRIDGE_DIGEST_TAG);
  objectInput("parameters", parameters);
  integerInput("dstDomain", parameters.dstDomain, { min: 0, max: Number(U32_MAX) }, "BridgeInvalidMessage");
  bytesInput("messageId", parameters.messageId, 32);
  const buf = new Uint8Array(tag.length + 4 + 32 + 32);
  buf.set(tag, 0);
  writeUint(buf, tag.length, BigInt(parameters.dstDomain), 4);
  buf.set(universalToBytes(parameters.dstBridge), tag.length + 4);
  buf.set(parameters.messageId, tag.length + 36);
  return keccak_256(buf);
}
/** Parameters of {@link bridgeDigest}. */
export interface BridgeDigestParameters {
  readonly dstDomain: Domain;
  readonly dstBridge: UniversalAddress;
  readonly messageId: Uint8Array;
}
