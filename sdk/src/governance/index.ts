/**
 * @calctra/sdk/governance: one governance across chains (DESIGN §7) behind one chain-neutral client. The hub is the
 * EVM home's Governor and GovernanceHub; spokes are any chain's `SpokeGovernanceClient` (`@calctra/sdk/evm`,
 * `@calctra/sdk/solana`, `@calctra/sdk/ton`).
 */
export * from "./cross-chain.js";
