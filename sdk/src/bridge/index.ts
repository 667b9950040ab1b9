export * from "./client.js";
export type { ValidatorSetView } from "../../../bridge/src/types.js";
