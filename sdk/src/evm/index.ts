export * from "./clients.js";
export * from "./errors.js";
export * from "./generated/abis.js";
export * from "./governance.js";
