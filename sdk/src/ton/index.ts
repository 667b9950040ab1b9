/**
 * @calctra/sdk/ton: the TON adapters (token, staking, marketplace, proof of computational power, spoke governance, bridge) over @ton/core. Message
 * layouts, op codes, exit codes and get-methods come from the Tolk sources through the generated module
 * (`tonAbi`, sdk/src/ton/generated/abi.ts); exit codes are decoded to the canonical Calctra error names. Every write
 * comes as `prepareX` (a {@link TonPreparedMessage}), `simulateX` and `x`.
 */
export * from "./clients.js";
export * from "./power.js";
export * from "./governance.js";
export * from "./bridge.js";
export * from "./errors.js";
export * from "./trace.js";
export * from "./deployment.js";
export * from "./governance-actions.js";
export * from "./spoke-governance.js";
export {
  TON_CALL_VALUE,
  TON_JETTON_TRANSFER_VALUE,
  TonJettonWallet,
  calTransferBody,
  jettonForwardPayload,
  sendTonMessage,
  type TonSnapshotChain,
  type TonTransport,
} from "./contracts.js";
export { tonOpcodes, tonExitCodes, tonExitCodeNames, tonConstants, type TonExitCodeName, type TonMessageName } from "./generated/abi.js";
export type {
  ProviderView as TonProviderView,
  TaskView as TonTaskView,
  MarketView as TonMarketData,
  ExecProposalView as TonProposalView,
} from "./generated/abi.js";
/** Everything generated from the Tolk sources: message layouts (`storeX` / `buildX` / `loadX`), get-method contracts, constants. */
export * as tonAbi from "./generated/abi.js";
