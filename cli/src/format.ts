/**
 * How the CLI shows values and refusals — the one formatting module: CAL amounts in CAL, timestamps as UTC dates
 * with the time to wait, and every decoded error (Calctra's canonical errors and OpenZeppelin's own, both decoded by
 * the SDK from the generated ABIs) as `Name(arg=value, …)` followed by a hint for the common refusals.
 */
import { BaseError, keccak256, toBytes, type Abi } from "viem";
import { CalctraError, ProposalState, formatCal, formatDuration, type CalctraErrorArgs } from "@calctra/core";
import {
  EvmRevertError,
  bridgeVaultAbi,
  calSpokeTokenAbi,
  calTimelockAbi,
  calTokenAbi,
  governanceHubAbi,
  marketplaceAbi,
  spokeExecutorAbi,
  spokeVaultAbi,
  stakingAbi,
} from "@calctra/sdk/evm";

/** A CAL amount in CAL: `250 CAL`. */
export function formatCalAmount(baseUnits: bigint): string {
  return formatCal(baseUnits, { withUnit: true });
}

/** A unix time as a UTC date: `2026-12-08 10:00:00 UTC`. */
export function formatDate(unixSeconds: bigint): string {
  return new Date(Number(unixSeconds) * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

/** A unix time as a UTC date with the time to wait (or elapsed) from `now`: `2026-12-08 10:00:00 UTC (in 2 hours)`. */
export function formatTimestamp(unixSeconds: bigint, now: bigint): string {
  const when = formatDate(unixSeconds);
  if (unixSeconds > now) return `${when} (in ${formatDuration(unixSeconds - now)})`;
  if (unixSeconds < now) return `${when} (${formatDuration(now - unixSeconds)} ago)`;
  return `${when} (now)`;
}

/** Argument names that carry CAL base units, in every error that has them. */
const CAL_ARGS = new Set([
  "balance",
  "needed",
  "allowance",
  "amount",
  "available",
  "stake",
  "minStake",
  "votes",
  "free",
  "required",
  "increasedSupply",
  "cap",
]);
/** Arguments that carry CAL only in some errors (the proposal threshold is CAL of votes; a bridge threshold is a count). */
const CAL_ARGS_OF: Readonly<Record<string, readonly string[]>> = { GovernorInsufficientProposerVotes: ["threshold"] };
/** Argument names that carry unix times. */
const TIME_ARGS = new Set(["deadline", "challengeEnd", "revealEnd", "lockDeadline", "eta", "unlockAt", "voteEnd"]);
const STATE_NAMES = Object.fromEntries(Object.entries(ProposalState).map(([k, v]) => [v, k])) as Record<number, string>;

/** The names of the Governor states a `bytes32` bitmap of `GovernorUnexpectedProposalState` / timelock states sets. */
function stateBitmap(value: string | bigint, names: Record<number, string>): string {
  const bits = BigInt(value);
  const set = Object.entries(names)
    .filter(([i]) => (bits >> BigInt(i)) & 1n)
    .map(([, n]) => n);
  return set.length > 0 ? set.join("|") : String(value);
}
const TIMELOCK_STATES: Record<number, string> = { 0: "Unset", 1: "Waiting", 2: "Ready", 3: "Done" };

/** AccessControl role ids by name, from the contracts' `*_ROLE` getters in the generated ABIs (`DEFAULT_ADMIN_ROLE` is 0). */
const ROLE_NAMES: ReadonlyMap<string, string> = new Map(
  [
    ...new Set(
      [
        calTokenAbi,
        calSpokeTokenAbi,
        stakingAbi,
        marketplaceAbi,
        calTimelockAbi,
        governanceHubAbi,
        spokeVaultAbi,
        spokeExecutorAbi,
        bridgeVaultAbi,
      ]
        .flatMap((abi) => (abi as Abi).filter((i) => i.type === "function" && i.name.endsWith("_ROLE")))
        .map((i) => (i as { name: string }).name),
    ),
  ].map((name) => [name === "DEFAULT_ADMIN_ROLE" ? `0x${"00".repeat(32)}` : keccak256(toBytes(name)), name]),
);

/** The clock an error's times are read against: its `now_` argument (chain time) when it has one, else `now`. */
function clockOf(args: CalctraErrorArgs, now: bigint | undefined): bigint {
  const chainNow = args.now_;
  if (typeof chainNow === "bigint") return chainNow;
  return now ?? BigInt(Math.floor(Date.now() / 1000));
}

/** One argument of a decoded error, as people read it. */
function formatArg(error: string, name: string, value: bigint | number | string | boolean, now: bigint): string {
  if (typeof value === "bigint" && (CAL_ARGS.has(name) || CAL_ARGS_OF[error]?.includes(name))) return formatCalAmount(value);
  if (typeof value === "bigint" && name === "now_") return formatDate(value);
  if (typeof value === "bigint" && TIME_ARGS.has(name) && value > 0n) return formatTimestamp(value, now);
  if (name === "neededRole" && typeof value === "string") return ROLE_NAMES.get(value.toLowerCase()) ?? value;
  if (error === "GovernorUnexpectedProposalState" && name === "current") return STATE_NAMES[Number(value)] ?? String(value);
  if (error === "GovernorUnexpectedProposalState" && name === "expectedStates") return stateBitmap(value as string, STATE_NAMES);
  if (error === "TimelockUnexpectedOperationState" && name === "expectedStates") return stateBitmap(value as string, TIMELOCK_STATES);
  return String(value);
}

/** The hint of a common refusal ("delegate your votes first", "wait until …"), or undefined. */
function hintFor(name: string, args: CalctraErrorArgs, now: bigint): string | undefined {
  const at = (v: unknown) => (typeof v === "bigint" ? formatTimestamp(v, now) : String(v));
  const cal = (v: unknown) => (typeof v === "bigint" ? formatCalAmount(v) : String(v));
  switch (name) {
    case "ERC20InsufficientBalance":
      return `the account holds ${cal(args.balance)} and this needs ${cal(args.needed)}: get CAL first (calctra token transfer from a holder, or calctra dev fund on a dev chain)`;
    case "ERC20InsufficientAllowance":
      return `the spender may take ${cal(args.allowance)} and this needs ${cal(args.needed)}: approve it first (calctra token approve ${String(args.spender)} <CAL>)`;
    case "GovernorInsufficientProposerVotes":
      return `proposing needs ${cal(args.threshold)} of votes and ${String(args.proposer)} has ${cal(args.votes)}: delegate your votes first (calctra gov delegate), they count from the next block`;
    case "GovernanceNoVotingPower":
      return "no voting weight at the proposal's snapshot: on the hub delegate your votes first (calctra gov delegate), on a spoke deposit CAL in the vault (calctra gov deposit) before the next proposal";
    case "GovernorUnexpectedProposalState":
      return "the proposal is not in a state that allows this: see calctra gov status <proposalId>";
    case "GovernorAlreadyCastVote":
      return "this account already voted on the proposal";
    case "TimelockUnexpectedOperationState":
      return "the timelock operation is not ready: queue the proposal first, then wait until its delay has passed (calctra gov status <proposalId>)";
    case "GovernanceExecutionDelayActive":
      return `wait until ${at(args.eta)}`;
    case "MarketplaceChallengePeriodActive":
      return `the challenge window is open: wait until ${at(args.challengeEnd)}`;
    case "MarketplaceRevealPeriodActive":
      return `the reveal window is open: wait until ${at(args.revealEnd)}`;
    case "MarketplaceDeadlineNotPassed":
      return `wait until ${at(args.deadline)}`;
    case "MarketplaceRevealNotOpen":
      return "reveals open once every replica has committed";
    case "StakingUnbondingNotElapsed":
      return `unbonding: wait until ${at(args.unlockAt)}`;
    case "StakingNotRegistered":
      return "register first: calctra provider register --metadata-hash <hex>";
    case "MarketplaceStakeBelowMinimum":
      return `stake at least ${cal(args.minStake)} first (calctra provider stake <CAL>)`;
    case "StakingInsufficientFreeStake":
      return `only ${cal(args.free)} of the stake is free (the rest is locked as task collateral)`;
    case "EnforcedPause":
      return "the contract is paused; only governance unpauses it (a proposal with --unpause)";
    case "AccessControlUnauthorizedAccount":
      return `${String(args.account)} lacks the role ${ROLE_NAMES.get(String(args.neededRole).toLowerCase()) ?? String(args.neededRole)}; governance grants roles`;
    case "BridgeRateLimited":
      return `the domain's bucket holds ${cal(args.available)} now: send less or wait for it to refill`;
    default:
      return undefined;
  }
}

/** A decoded refusal: its name, its arguments as people read them and the hint of a common refusal. */
export interface FormattedError {
  readonly name: string;
  readonly chain?: string;
  /** `Name(arg=value, …)`, or the error's own short message when it is not a decoded refusal. */
  readonly text: string;
  readonly hint?: string;
}

/**
 * Formats any error the commands throw: a {@link CalctraError} or an {@link EvmRevertError} as
 * `Name(arg=value, …)` with CAL amounts in CAL and timestamps as dates with the time to wait, plus a hint; a viem
 * error as its short message (never the full dump); anything else as its message.
 *
 * @example
 * ```ts
 * formatError(e).text; // "ERC20InsufficientBalance(sender=0x…, balance=0 CAL, needed=250 CAL)"
 * ```
 */
export function formatError(error: unknown, options: { readonly now?: bigint } = {}): FormattedError {
  if (error instanceof CalctraError || error instanceof EvmRevertError) {
    const now = clockOf(error.args, options.now);
    const shown = Object.entries(error.args)
      .map(([k, v]) => `${k}=${formatArg(error.name, k, v, now)}`)
      .join(", ");
    const hint = hintFor(error.name, error.args, now);
    return { name: error.name, chain: error.chain, text: `${error.name}(${shown})`, ...(hint ? { hint } : {}) };
  }
  if (error instanceof BaseError) return { name: error.name, text: error.shortMessage };
  if (error instanceof Error) {
    // a CLI refusal (DevChainRequiredError) carries its own hint
    const hint = (error as { hint?: unknown }).hint;
    return { name: error.name, text: error.message, ...(typeof hint === "string" ? { hint } : {}) };
  }
  return { name: "Error", text: String(error) };
}

/** The lines the `calctra` bin prints for an error: `error (evm): Name(…)` and `hint: …`. */
export function errorLines(error: unknown, options: { readonly now?: bigint } = {}): string {
  const f = formatError(error, options);
  return `error${f.chain ? ` (${f.chain})` : ""}: ${f.text}\n${f.hint ? `hint: ${f.hint}\n` : ""}`;
}
