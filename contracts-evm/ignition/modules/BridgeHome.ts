import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Home chain: a BridgeVault beside an already deployed suite (module "Calctra", home mode). The vault's
 * admin is the timelock from construction, so the deployer never holds a right on it; remote domains and
 * their rate limits are then set by governance (`setRemoteDomain`, through the timelock).
 *
 * Parameters (module "BridgeHome"): `token`, `timelock` (addresses of the suite), `pauser` (default: the
 * deployer), `validators` (ascending), `threshold`, `retention` (seconds the previous set stays valid).
 */
export const BridgeHomeModule = buildModule("BridgeHome", (m) => {
  const token = m.contractAt("CalToken", m.getParameter<string>("token"));
  const timelock = m.contractAt("CalTimelock", m.getParameter<string>("timelock"));
  const vault = m.contract("BridgeVault", [
    token,
    timelock,
    m.getParameter("pauser", m.getAccount(0)),
    m.getParameter<string[]>("validators"),
    m.getParameter("threshold", 2),
    m.getParameter("retention", 86_400),
  ]);
  return { vault };
});

export default BridgeHomeModule;
