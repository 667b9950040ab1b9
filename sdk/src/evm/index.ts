/** @calctra/sdk/evm: the EVM adapters (viem): token, staking, marketplace, governance and the bridge (client, source, destination). */
export * from "./clients.js";
export * from "./deployment.js";
export * from "./errors.js";
export * from "./generated/abis.js";
export * from "./governance.js";
export * from "./governance-actions.js";
export * from "./governance-hub.js";
export * from "./spoke-governance.js";
export * from "./bridge.js";
export {
  EvmSource,
  SourceQuorumError,
  type EvmFinality,
  deriveGovernanceMessage,
  deriveMessage,
  evmGovernanceMessagesSent,
  evmOutboundMessages,
  evmMessagesSent,
  type EvmMessagesSentParameters,
  type EvmSourceParameters,
  type GovernanceMessageSentFields,
  type MessageSentFields,
  type ObservedGovernanceMessage,
} from "./bridge-source.js";
export {
  evmContractWrite,
  evmPreparedCalls,
  type EvmCall,
  type EvmContractWrite,
  type EvmPrepareOptions,
  type EvmPreparedTransaction,
  type EvmTransactionReturnType,
} from "./write.js";
export * from "./power.js";
