import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { keccak256, toHex } from "viem";

const PROPOSER_ROLE = keccak256(toHex("PROPOSER_ROLE"));
const CANCELLER_ROLE = keccak256(toHex("CANCELLER_ROLE"));
const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}`;
const ANYONE = "0x0000000000000000000000000000000000000000";
const CAL = 1_000_000_000n;

/**
 * The whole EVM suite: CAL, timelock, governor, staking, marketplace and the power registry (DESIGN §11), wired so
 * that the timelock holds every admin right and the deployer keeps none.
 *
 * Parameters (module "Calctra"): `home` (true: mint the whole supply to `initialRecipient`;
 * false: spoke, zero supply, BRIDGE_ROLE granted later by governance), `initialRecipient`,
 * `pauser`, `treasury`, `arbiter` (default: the deployer), `timelockDelay`, `votingDelay`,
 * `votingPeriod` (seconds), `proposalThreshold` (base units), `quorumPercent`, `lateQuorumExtension`.
 */
export default buildModule("Calctra", (m) => {
  const deployer = m.getAccount(0);
  const home = m.getParameter("home", true);
  const initialRecipient = m.getParameter("initialRecipient", deployer);
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

  // The deployer is the timelock's bootstrap admin only until the governor holds its roles.
  const timelock = m.contract("CalTimelock", [timelockDelay, [], [ANYONE], deployer]);
  const token = m.contract("CalToken", [timelock, initialRecipient, home]);
  const governor = m.contract("CalGovernor", [token, timelock, governorConfig]);
  const staking = m.contract("Staking", [token, deployer]);
  const marketplace = m.contract("Marketplace", [token, staking, timelock, pauser, treasury, arbiter]);

  // The power registry is owned by the timelock from its constructor (parameters 8..14) and may slash through Staking.
  const powerRegistry = m.contract("PowerRegistry", [token, staking, treasury, timelock]);

  const setMarketplace = m.call(staking, "setMarketplace", [marketplace]);
  const setPowerRegistry = m.call(staking, "setPowerRegistry", [powerRegistry]);
  m.call(staking, "transferOwnership", [timelock], { after: [setMarketplace, setPowerRegistry] });

  const grantProposer = m.call(timelock, "grantRole", [PROPOSER_ROLE, governor], { id: "grantProposer" });
  const grantCanceller = m.call(timelock, "grantRole", [CANCELLER_ROLE, governor], { id: "grantCanceller" });
  m.call(timelock, "renounceRole", [DEFAULT_ADMIN_ROLE, deployer], {
    id: "renounceTimelockAdmin",
    after: [grantProposer, grantCanceller],
  });

  return { token, timelock, governor, staking, marketplace, powerRegistry };
});
