export * from "./constants.js";
export * from "./types.js";
export * from "./errors.js";
export * from "./arithmetic.js";
export * from "./fields.js";
export * from "./address.js";
export * from "./bridge.js";
export * from "./matching.js";
