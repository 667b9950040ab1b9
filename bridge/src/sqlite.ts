/**
 * `node:sqlite`, loaded without its one-time ExperimentalWarning: the SDK's Node entry holds the loader, which the
 * provider agent shares.
 */
export { DatabaseSync } from "@calctra/sdk/node";
