/**
 * The bridge modules by name, for code that deploys them programmatically. Each module has its own file with a default
 * export, which is what Ignition's CLI deploys: `npx hardhat ignition deploy contracts-evm/ignition/modules/BridgeHome.ts`
 * (or `BridgeSpoke.ts`) `--network rpc --parameters <file>`.
 */
export { BridgeHomeModule } from "./BridgeHome.js";
export { BridgeSpokeModule } from "./BridgeSpoke.js";
