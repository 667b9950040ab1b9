/**
 * The governance modules by name, for code that deploys them programmatically. Each module has its own file with a
 * default export, which is what Ignition's CLI deploys (`GovernanceHub.ts`, `GovernanceSpoke.ts`).
 */
export { GovernanceHubModule } from "./GovernanceHub.js";
export { GovernanceSpokeModule } from "./GovernanceSpoke.js";
