import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Home chain: the GovernanceHub beside an already deployed suite (module "Calctra") and its BridgeVault (module
 * "BridgeHome"). The hub has no admin: the timelock is its only privileged caller (`dispatch`, `setSpoke`). The wiring
 * that needs the timelock is governance's first proposal: `vault.delegateVotes(hub)`, the vault's
 * `grantRole(GOVERNANCE_SENDER_ROLE, hub)` and one `hub.setSpoke(domain, vault, executor)` per spoke.
 *
 * Parameters (module "GovernanceHub"): `governor`, `timelock`, `bridge` (the home BridgeVault).
 */
export const GovernanceHubModule = buildModule("GovernanceHub", (m) => {
  const hub = m.contract("GovernanceHub", [
    m.getParameter<string>("governor"),
    m.getParameter<string>("bridge"),
    m.getParameter<string>("timelock"),
  ]);
  return { hub };
});

export default GovernanceHubModule;
