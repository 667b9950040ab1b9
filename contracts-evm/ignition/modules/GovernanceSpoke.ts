import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { keccak256, toHex } from "viem";

const BRIDGE_ROLE = keccak256(toHex("BRIDGE_ROLE"));
const PAUSER_ROLE = keccak256(toHex("PAUSER_ROLE"));
const GOVERNANCE_SENDER_ROLE = keccak256(toHex("GOVERNANCE_SENDER_ROLE"));
const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}`;
const ZERO = "0x0000000000000000000000000000000000000000";
const CAL = 1_000_000_000n;

/**
 * A spoke chain governed from the hub (DESIGN §7): CalSpokeToken (ERC-20 + permit + ERC-7802, no votes), staking, marketplace, the BridgeMinter, the
 * SpokeVault and the SpokeExecutor — no local Governor or timelock. The executor ends as the only admin: owner of
 * staking; DEFAULT_ADMIN_ROLE and PAUSER_ROLE (the appointed pauser) of the marketplace and of the minter;
 * DEFAULT_ADMIN_ROLE of the token (BRIDGE_ROLE granted to the minter). The home domain is enabled on the minter at
 * deployment, and the vault holds the minter's GOVERNANCE_SENDER_ROLE (it sends the spoke's VoteTally); the deployer
 * keeps no right.
 *
 * Parameters (module "GovernanceSpoke"): `hub` (the GovernanceHub as a bytes32 universal address), `hubDomain`
 * (default 31337), `guardian` (default: none), `executionDelay` (seconds, default 1 day), `treasury`, `arbiter`
 * (default: the deployer), `validators`, `threshold`, `retention`, `homeBridge` (bytes32), `inboundCapacity`,
 * `inboundRatePerSecond`, `outboundCapacity`, `outboundRatePerSecond` (CAL base units).
 */
export const GovernanceSpokeModule = buildModule("GovernanceSpoke", (m) => {
  const deployer = m.getAccount(0);
  const hubDomain = m.getParameter("hubDomain", 31337);
  const hub = m.getParameter<string>("hub");
  const token = m.contract("CalSpokeToken", [deployer]);
  const staking = m.contract("Staking", [token, deployer]);
  const marketplace = m.contract("Marketplace", [
    token,
    staking,
    deployer,
    ZERO,
    m.getParameter("treasury", deployer),
    m.getParameter("arbiter", deployer),
  ]);
  const minter = m.contract("BridgeMinter", [
    token,
    deployer,
    ZERO,
    m.getParameter<string[]>("validators"),
    m.getParameter("threshold", 2),
    m.getParameter("retention", 86_400),
  ]);
  const vault = m.contract("SpokeVault", [token, minter, hubDomain, hub]);
  const executor = m.contract("SpokeExecutor", [
    minter,
    hubDomain,
    hub,
    marketplace,
    staking,
    m.getParameter("guardian", ZERO),
    m.getParameter("executionDelay", 86_400n),
  ]);

  // Staking: the marketplace, then the executor as owner.
  const setMarketplace = m.call(staking, "setMarketplace", [marketplace]);
  m.call(staking, "transferOwnership", [executor], { after: [setMarketplace] });
  // Marketplace: the executor is the pauser and the admin.
  const marketPauser = m.call(marketplace, "setRole", [2, executor], { id: "marketplacePauser" });
  const marketAdmin = m.call(marketplace, "grantRole", [DEFAULT_ADMIN_ROLE, executor], { id: "marketplaceAdmin", after: [marketPauser] });
  m.call(marketplace, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], { id: "marketplaceRenounce", after: [marketAdmin] });
  // Token: the minter mints and burns; the executor administers.
  const bridgeRole = m.call(token, "grantRole", [BRIDGE_ROLE, minter], { id: "tokenBridgeRole" });
  const tokenAdmin = m.call(token, "grantRole", [DEFAULT_ADMIN_ROLE, executor], { id: "tokenAdmin", after: [bridgeRole] });
  m.call(token, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], { id: "tokenRenounce", after: [tokenAdmin] });
  // Minter: the home domain, then the executor as pauser and admin.
  const home = m.call(minter, "setRemoteDomain", [
    hubDomain,
    {
      bridge: m.getParameter<string>("homeBridge"),
      inboundCapacity: m.getParameter("inboundCapacity", 1_000_000n * CAL),
      inboundRatePerSecond: m.getParameter("inboundRatePerSecond", 100n * CAL),
      outboundCapacity: m.getParameter("outboundCapacity", 1_000_000n * CAL),
      outboundRatePerSecond: m.getParameter("outboundRatePerSecond", 100n * CAL),
    },
  ]);
  const sender = m.call(minter, "grantRole", [GOVERNANCE_SENDER_ROLE, vault], { id: "vaultSender", after: [home] });
  const minterPauser = m.call(minter, "grantRole", [PAUSER_ROLE, executor], { id: "minterPauser", after: [sender] });
  const minterAdmin = m.call(minter, "grantRole", [DEFAULT_ADMIN_ROLE, executor], { id: "minterAdmin", after: [minterPauser] });
  m.call(minter, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], { id: "minterRenounce", after: [minterAdmin] });

  return { token, staking, marketplace, minter, vault, executor };
});

export default GovernanceSpokeModule;
