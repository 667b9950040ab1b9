/**
 * @calctra/sdk/ton: the TON adapters (token, staking, marketplace, governance, bridge) over @ton/core and the
 * contracts-ton wrappers, exit codes decoded to the canonical Calctra error names.
 */
export * from "./clients.js";
export * from "./governance.js";
export * from "./bridge.js";
export * from "./bridge-chain.js";
export * from "./errors.js";
export * from "./trace.js";
export * from "./deployment.js";
export { tonWrappers } from "./contracts.js";
export type {
  TonProviderView, TonTaskView, TonMarketData, TonProposalView, TonCreateTaskArgs, TonGovActionBuilders, TonWrappers,
} from "./contracts.js";
