/**
 * @calctra/sdk/bridge: the chain-neutral half of the bridge clients — the source/destination interfaces the
 * services use, message status and self-relay over validators' signatures, stored-message re-derivation.
 * Each chain's bridge module (`@calctra/sdk/evm`, `/solana`, `/ton`) implements them.
 */
export * from "./types.js";
export * from "./stored.js";
export { getJson } from "./http.js";
export {
  bridgeMessageStatus,
  bridgeRecipient,
  checkMessageId,
  checkTransfer,
  collectSignatures,
  concatSignatures,
  selfRelayMessage,
  type BridgeMessageStatusParameters,
  type BridgeState,
  type BridgeStatusReturnType,
  type CollectSignaturesParameters,
  type DestinationView,
  type FoundMessage,
  type SelfRelayMessageParameters,
  type ValidSignature,
} from "./delivery.js";
