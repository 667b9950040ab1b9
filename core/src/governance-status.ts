/**
 * A proposal's status across chains (DESIGN §7): the hub's lifecycle state, each spoke's tally, and each
 * remote execution. Adapters fill the parts they read; `describeProposalStatus` puts them in one sentence.
 */
import { domainName, formatDuration } from "./governance-text.js";
import { arrayInput, bigintInput, integerInput, objectInput, stringInput } from "./input.js";
import { ProposalState, type Domain } from "./types.js";

/**
 * Where one destination stands with a proposal's remote actions:
 * - `NotSent`: the hub has not dispatched them yet (the proposal is not executed);
 * - `InFlight`: dispatched on the hub, not yet delivered to the spoke's executor;
 * - `Pending`: held by the executor until `eta` (a Guardian may veto meanwhile);
 * - `Executed`, `Vetoed`, `Failed` (recorded, can be retried).
 */
export type RemoteExecutionState = "NotSent" | "InFlight" | "Pending" | "Executed" | "Vetoed" | "Failed";

/** One destination's remote execution of a proposal. */
export interface RemoteExecution {
  readonly domain: Domain;
  readonly state: RemoteExecutionState;
  /** The destination's sequence number of the action list, once dispatched. */
  readonly sequence?: bigint;
  /** Unix seconds from which anyone may execute (Pending). */
  readonly eta?: bigint;
  /** Why it failed (Failed). */
  readonly reason?: string;
}

/** A spoke's cumulative tally and how much of it the hub has counted. */
export interface SpokeTally {
  readonly domain: Domain;
  readonly againstVotes: bigint;
  readonly forVotes: bigint;
  readonly abstainVotes: bigint;
  /** Whether the hub has counted this tally (the latest VoteTally was delivered). */
  readonly counted: boolean;
}

/** A proposal across every chain. */
export interface CrossChainProposalStatus {
  readonly proposalId: bigint;
  readonly hubDomain: Domain;
  readonly hubState: ProposalState;
  readonly tallies: readonly SpokeTally[];
  readonly executions: readonly RemoteExecution[];
}

/** The last second a JavaScript Date can show (8.64e15 ms after the epoch). */
const LAST_DATE = 8_640_000_000_000n;

const STATE_NAMES = Object.fromEntries(Object.entries(ProposalState).map(([k, v]) => [v, k])) as Record<number, string>;

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * One sentence for a proposal across chains, e.g.
 * "Executed on EVM 31337 and Solana, pending on TON until 2026-12-08 10:00:00 UTC (in 2 hours)".
 *
 * @example
 * ```ts
 * describeProposalStatus(status, BigInt(Math.floor(Date.now() / 1000)));
 * ```
 */
export function describeProposalStatus(status: CrossChainProposalStatus, now: bigint): string {
  objectInput("status", status);
  bigintInput("now", now, { min: 0n, max: LAST_DATE });
  integerInput("hubState", status.hubState, { min: 0 });
  for (const [i, t] of arrayInput<SpokeTally>("tallies", status.tallies).entries()) objectInput(`tallies[${i}]`, t);
  for (const [i, e] of arrayInput<RemoteExecution>("executions", status.executions).entries()) {
    objectInput(`executions[${i}]`, e);
    if (e.eta !== undefined) bigintInput(`executions[${i}].eta`, e.eta, { min: 0n, max: LAST_DATE });
    if (e.reason !== undefined) stringInput(`executions[${i}].reason`, e.reason);
  }
  const hubName = domainName(status.hubDomain);
  if (status.hubState !== ProposalState.Executed) {
    const uncounted = status.tallies.filter((t) => !t.counted).map((t) => domainName(t.domain));
    const tail = uncounted.length > 0 ? `; tallies not yet counted from ${joinNames(uncounted)}` : "";
    return `${STATE_NAMES[status.hubState] ?? `state ${status.hubState}`} on ${hubName}${tail}`;
  }
  const groups = new Map<string, string[]>();
  const add = (label: string, name: string) => groups.set(label, [...(groups.get(label) ?? []), name]);
  add("Executed", hubName);
  for (const e of status.executions) {
    const name = domainName(e.domain);
    switch (e.state) {
      case "Executed":
        add("Executed", name);
        break;
      case "Pending": {
        const eta = e.eta ?? now;
        const left = eta > now ? ` (in ${formatDuration(eta - now)})` : " (ready to execute)";
        add(
          "pending",
          `${name} until ${new Date(Number(eta) * 1000)
            .toISOString()
            .replace("T", " ")
            .replace(/\.\d+Z$/, " UTC")}${left}`,
        );
        break;
      }
      case "InFlight":
      case "NotSent":
        add("in flight", name);
        break;
      case "Vetoed":
        add("vetoed", name);
        break;
      case "Failed":
        add("failed", `${name}${e.reason ? ` (${e.reason})` : ""}`);
        break;
    }
  }
  return [...groups].map(([label, names]) => `${label} on ${joinNames(names)}`).join(", ");
}
