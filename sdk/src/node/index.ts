export * from "./ton.js";
export * from "./solana.js";
export * from "./evm.js";
export * from "./content-store.js";
export * from "./sqlite.js";
