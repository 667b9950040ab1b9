/**
 * @calctra/bridge: the validator and relayer services, their stores (SQLite, PostgreSQL with leases), config
 * and the service CLI. The chains they watch and deliver to are the SDK's per-chain bridge modules.
 */
export * from "./validator.js";
export * from "./relayer.js";
export * from "./store.js";
export * from "./store-pg.js";
export * from "./config.js";
export * from "./chains.js";
export * from "./http.js";
