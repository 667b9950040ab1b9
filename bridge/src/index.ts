export * from "./abi.js";
export * from "./types.js";
export * from "./source.js";
export * from "./validator.js";
export * from "./relayer.js";
export * from "./store.js";
export * from "./destination-evm.js";
export * from "./config.js";
