export * from "./client.js";
export {
  bridgeMessageStatus, bridgeRecipient, checkMessageId, checkTransfer, collectSignatures, concatSignatures, selfRelayMessage,
  type BridgeMessageStatusParameters, type CollectSignaturesParameters, type DestinationView, type FoundMessage,
  type SelfRelayMessageParameters, type ValidSignature,
} from "./delivery.js";
export type { ValidatorSetView } from "../../../bridge/src/types.js";
