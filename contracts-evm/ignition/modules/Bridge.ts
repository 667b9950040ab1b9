import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { keccak256, toHex } from "viem";

const PROPOSER_ROLE = keccak256(toHex("PROPOSER_ROLE"));
const CANCELLER_ROLE = keccak256(toHex("CANCELLER_ROLE"));
const BRIDGE_ROLE = keccak256(toHex("BRIDGE_ROLE"));
const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}`;
const ANYONE = "0x0000000000000000000000000000000000000000";
const ZERO32 = `0x${"00".repeat(32)}`;
const CAL = 1_000_000_000n;

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

/**
 * A spoke chain: the suite (same wiring as module "Calctra" in spoke mode) plus its BridgeMinter, with the
 * bootstrap a spoke needs. A spoke starts with no CAL, so its governance cannot vote anything until CAL has
 * been bridged in — and nothing can be bridged in until the timelock has granted BRIDGE_ROLE to the minter and
 * enabled the home domain. The timelock is therefore created with a zero delay and the deployer (its bootstrap
 * admin) runs exactly one timelock batch: `token.grantRole(BRIDGE_ROLE, minter)`, `minter.setRemoteDomain(home)`,
 * `timelock.updateDelay(timelockDelay)`; then it gives up its proposer and admin roles. In the end the timelock
 * holds every admin right and the deployer none.
 *
 * Parameters (module "BridgeSpoke"): those of "Calctra" (`pauser`, `treasury`, `arbiter`, `timelockDelay`,
 * `votingDelay`, `votingPeriod`, `proposalThreshold`, `quorumPercent`, `lateQuorumExtension`) and `validators`,
 * `threshold`, `retention`, `homeDomain`, `homeBridge` (bytes32 universal address of the home vault),
 * `inboundCapacity`, `inboundRatePerSecond`, `outboundCapacity`, `outboundRatePerSecond` (CAL base units).
 */
export const BridgeSpokeModule = buildModule("BridgeSpoke", (m) => {
  const deployer = m.getAccount(0);
  const pauser = m.getParameter("pauser", deployer);
  const treasury = m.getParameter("treasury", deployer);
  const arbiter = m.getParameter("arbiter", deployer);
  const timelockDelay = m.getParameter("timelockDelay", 2n * 86_400n);
  const governorConfig = {
    votingDelay: m.getParameter("votingDelay", 86_400n),
    votingPeriod: m.getParameter("votingPeriod", 7n * 86_400n),
    proposalThreshold: m.getParameter("proposalThreshold", 100_000n * CAL),
    quorumNumerator: m.getParameter("quorumPercent", 4n),
    lateQuorumExtension: m.getParameter("lateQuorumExtension", 86_400n),
  };

  const timelock = m.contract("CalTimelock", [0n, [], [ANYONE], deployer]);
  const token = m.contract("CalToken", [timelock, deployer, false]);
  const governor = m.contract("CalGovernor", [token, timelock, governorConfig]);
  const staking = m.contract("Staking", [token, deployer]);
  const marketplace = m.contract("Marketplace", [token, staking, timelock, pauser, treasury, arbiter]);
  const minter = m.contract("BridgeMinter", [
    token,
    timelock,
    pauser,
    m.getParameter<string[]>("validators"),
    m.getParameter("threshold", 2),
    m.getParameter("retention", 86_400),
  ]);

  const setMarketplace = m.call(staking, "setMarketplace", [marketplace]);
  const ownership = m.call(staking, "transferOwnership", [timelock], { after: [setMarketplace] });
  const grantProposer = m.call(timelock, "grantRole", [PROPOSER_ROLE, governor], { id: "grantProposer" });
  const grantCanceller = m.call(timelock, "grantRole", [CANCELLER_ROLE, governor], { id: "grantCanceller" });

  // Bootstrap batch, executed by the timelock itself while its delay is still zero.
  const targets = [token, minter, timelock];
  const calldatas = [
    m.encodeFunctionCall(token, "grantRole", [BRIDGE_ROLE, minter]),
    m.encodeFunctionCall(minter, "setRemoteDomain", [
      m.getParameter("homeDomain", 31337),
      {
        bridge: m.getParameter<string>("homeBridge"),
        inboundCapacity: m.getParameter("inboundCapacity", 1_000_000n * CAL),
        inboundRatePerSecond: m.getParameter("inboundRatePerSecond", 100n * CAL),
        outboundCapacity: m.getParameter("outboundCapacity", 1_000_000n * CAL),
        outboundRatePerSecond: m.getParameter("outboundRatePerSecond", 100n * CAL),
      },
    ]),
    m.encodeFunctionCall(timelock, "updateDelay", [timelockDelay]),
  ];
  const values = [0n, 0n, 0n];
  const bootstrapProposer = m.call(timelock, "grantRole", [PROPOSER_ROLE, deployer], { id: "grantBootstrapProposer" });
  const schedule = m.call(timelock, "scheduleBatch", [targets, values, calldatas, ZERO32, ZERO32, 0n], {
    id: "scheduleBootstrap",
    after: [bootstrapProposer],
  });
  const execute = m.call(timelock, "executeBatch", [targets, values, calldatas, ZERO32, ZERO32], {
    id: "executeBootstrap",
    after: [schedule],
  });
  const dropProposer = m.call(timelock, "renounceRole", [PROPOSER_ROLE, deployer], {
    id: "renounceBootstrapProposer",
    after: [execute],
  });
  m.call(timelock, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], {
    id: "renounceTimelockAdmin",
    after: [dropProposer, grantProposer, grantCanceller, ownership],
  });

  return { token, timelock, governor, staking, marketplace, minter };
});

export default BridgeSpokeModule;
