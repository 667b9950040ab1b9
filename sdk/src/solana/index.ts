export * from "./errors.js";
export * from "./generated/idls.js";
export * from "./programs.js";
export * from "./send.js";
export * from "./clients.js";
export * from "./governance.js";
export * from "./deployment.js";
export * from "./bridge.js";
