/** The SDK core the services rely on (message encoding, ids, digests, domains), re-exported in one place. */
export {
  DOMAINS, bridgeDigest, bridgeMessageId, decodeBridgeMessage, encodeBridgeMessage, universalFromEvm,
  type BridgeMessage, type Domain, type UniversalAddress,
} from "../../sdk/src/core/index.js";

/** The bytes of a 0x-prefixed even-length hex string; throws on anything else. */
export function hexToBytesStrict(hex: string): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new RangeError(`not hex bytes: ${hex}`);
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}
