/**
 * `@calctra/agent`: the provider agent — finds, runs, proves, seals and submits tasks on EVM, Solana and TON, and
 * survives restarts at any step. `calctra provider run --config agent.json` runs it as a service.
 */
export * from "./agent.js";
export * from "./config.js";
export * from "./hardware.js";
export * from "./jobs.js";
export * from "./metrics.js";
export * from "./power.js";
export * from "./prover.js";
export * from "./store.js";
export * from "./validator.js";
