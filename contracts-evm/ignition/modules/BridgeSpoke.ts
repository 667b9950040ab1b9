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
 * A spoke chain: CAL as a `CalSpokeToken` (ERC-20 + permit + ERC-7802, no votes: DESIGN §3), staking, the
 * marketplace and the BridgeMinter, all administered by the spoke's timelock. A spoke has no Governor (DESIGN §7:
 * spoke holders vote through the spoke's governance vault, and the hub's decisions reach the spoke as bridge
 * messages to its executor). Until that executor is wired, the timelock's proposer (and canceller) is the
 * `governance` parameter, a placeholder that defaults to the deployer; the spoke's governance wiring replaces it with
 * the spoke executor.
 *
 * Bootstrap: the timelock is created with a zero delay and the deployer runs exactly one timelock batch:
 * `token.grantRole(BRIDGE_ROLE, minter)`, `minter.setRemoteDomain(home)`, `timelock.updateDelay(timelockDelay)`; then
 * it gives up its bootstrap proposer and admin roles. In the end the timelock holds every admin right, `governance`
 * proposes and cancels on it, and the deployer keeps nothing else.
 *
 * Parameters (module "BridgeSpoke"): `governance` (the timelock's proposer and canceller; default the deployer),
 * `pauser`, `treasury`, `arbiter` (default the deployer), `timelockDelay`, and `validators`, `threshold`, `retention`,
 * `homeDomain`, `homeBridge` (bytes32 universal address of the home vault), `inboundCapacity`, `inboundRatePerSecond`,
 * `outboundCapacity`, `outboundRatePerSecond` (CAL base units).
 */
export const BridgeSpokeModule = buildModule("BridgeSpoke", (m) => {
  const deployer = m.getAccount(0);
  const governance = m.getParameter("governance", deployer);
  const pauser = m.getParameter("pauser", deployer);
  const treasury = m.getParameter("treasury", deployer);
  const arbiter = m.getParameter("arbiter", deployer);
  const timelockDelay = m.getParameter("timelockDelay", 2n * 86_400n);

  const timelock = m.contract("CalTimelock", [0n, [], [ANYONE], deployer]);
  const token = m.contract("CalSpokeToken", [timelock]);
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
  // The governance placeholder is granted after the bootstrap role is dropped, so that it keeps its roles even when
  // it is the deployer.
  const grantProposer = m.call(timelock, "grantRole", [PROPOSER_ROLE, governance], { id: "grantProposer", after: [dropProposer] });
  const grantCanceller = m.call(timelock, "grantRole", [CANCELLER_ROLE, governance], { id: "grantCanceller", after: [dropProposer] });
  m.call(timelock, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], {
    id: "renounceTimelockAdmin",
    after: [grantProposer, grantCanceller, ownership],
  });

  return { token, timelock, staking, marketplace, minter };
});

export default BridgeSpokeModule;
