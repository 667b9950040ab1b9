/** @calctra/sdk/evm: the EVM adapters (viem): token, staking, marketplace, governance and the bridge (client, source, destination). */
export * from "./clients.js";
export * from "./errors.js";
export * from "./generated/abis.js";
export * from "./governance.js";
export * from "./bridge.js";
export * from "./bridge-source.js";
export * from "./bridge-destination.js";
