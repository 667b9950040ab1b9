export * from "./errors.js";
export * from "./generated/idls.js";
