/**
 * @calctra/sdk/node: the Node-only helpers of the SDK (reading and writing deployment files from disk). The
 * chain entries (`/evm`, `/solana`, `/ton`, `/zk`) stay browser-safe; a dApp in the browser passes the parsed
 * deployment objects instead.
 */
export {};
export * from "./ton.js";
export * from "./solana.js";
export * from "./evm.js";
