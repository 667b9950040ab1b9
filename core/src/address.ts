import { base58 } from "@scure/base";
import { invalidInput } from "./input.js";
import type { UniversalAddress } from "./types.js";

function toHex(bytes: Uint8Array): UniversalAddress {
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Universal address of an EVM address: left-padded to 32 bytes.
 *
 * @example
 * ```ts
 * universalFromEvm("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
 * // "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"
 * ```
 */
export function universalFromEvm(address: string): UniversalAddress {
  if (typeof address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(address))
    throw invalidInput("InvalidAddress", "address", address, { expected: "EVM address (20 bytes of 0x-hex)" });
  return `0x${"0".repeat(24)}${address.slice(2).toLowerCase()}`;
}

/**
 * The EVM address inside a universal address (its last 20 bytes); refuses one whose first 12 bytes are not zero.
 *
 * @example
 * ```ts
 * evmFromUniversal("0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"); // "0xf39f…2266"
 * ```
 */
export function evmFromUniversal(address: string): `0x${string}` {
  if (typeof address !== "string" || !/^0x0{24}[0-9a-fA-F]{40}$/.test(address))
    throw invalidInput("InvalidAddress", "address", address, { expected: "universal address of an EVM account" });
  return `0x${address.slice(26).toLowerCase()}`;
}

/**
 * Universal address of a Solana public key (base58): its 32 bytes.
 *
 * @example
 * ```ts
 * universalFromSolana("11111111111111111111111111111111"); // 0x00…00
 * ```
 */
export function universalFromSolana(pubkey: string): UniversalAddress {
  const expected = "32-byte Solana public key (base58)";
  if (typeof pubkey !== "string" || !/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(pubkey))
    throw invalidInput("InvalidAddress", "pubkey", pubkey, { expected });
  const bytes = base58.decode(pubkey);
  if (bytes.length !== 32) throw invalidInput("InvalidAddress", "pubkey", pubkey, { expected, length: bytes.length });
  return toHex(bytes);
}

/**
 * Universal address of a TON account on workchain 0, given its raw form `0:<64 hex>`.
 *
 * @example
 * ```ts
 * universalFromTonRaw("0:" + "ab".repeat(32));
 * ```
 */
export function universalFromTonRaw(raw: string): UniversalAddress {
  const m = typeof raw === "string" ? /^0:([0-9a-fA-F]{64})$/.exec(raw) : null;
  if (!m) throw invalidInput("InvalidAddress", "raw", raw, { expected: "workchain-0 raw TON address (0:<64 hex>)" });
  return `0x${m[1]!.toLowerCase()}`;
}

/** The 32 bytes of a universal address. */
export function universalToBytes(address: UniversalAddress): Uint8Array {
  if (typeof address !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(address))
    throw invalidInput("InvalidAddress", "address", address, { expected: "universal address (32 bytes of 0x-hex)" });
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(address.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

/** Universal address from 32 raw bytes. */
export function universalFromBytes(bytes: Uint8Array): UniversalAddress {
  const expected = "32 bytes";
  if (!(bytes instanceof Uint8Array || Array.isArray(bytes)) || bytes.length !== 32)
    throw invalidInput("InvalidAddress", "bytes", bytes, { expected });
  // a plain array may carry anything: every entry must be a byte
  for (const [i, b] of Array.from(bytes).entries())
    if (!Number.isInteger(b) || b < 0 || b > 255) throw invalidInput("InvalidAddress", `bytes[${i}]`, b, { expected: "byte 0..255" });
  return toHex(bytes);
}
