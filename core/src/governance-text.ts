/**
 * Governance actions as people read and write them: `describeGovernanceAction` renders an action in words (for
 * the CLI, the governance app and proposal descriptions), `parseGovernanceAction` reads the CLI's short form.
 */
import { universalFromEvm, universalFromSolana, universalFromTonRaw } from "./address.js";
import { formatCal, parseCal } from "./amount.js";
import { DOMAINS } from "./bridge.js";
import { CalctraError } from "./errors.js";
import {
  encodeGovernanceActions,
  GOVERNANCE_ROLES,
  GOVERNED_PARAMETERS,
  PAUSE_TARGETS,
  packFeeSplit,
  parameterById,
  unpackFeeSplit,
  type GovernanceAction,
  type GovernanceRole,
  type GovernedParameterName,
  type PauseTarget,
} from "./governance.js";
import { bigintInput, integerInput, shown } from "./input.js";
import type { Domain, UniversalAddress } from "./types.js";

const DURATION_UNITS: readonly [bigint, string][] = [
  [86_400n, "day"],
  [3_600n, "hour"],
  [60n, "minute"],
  [1n, "second"],
];

/**
 * Renders seconds exactly: in the largest unit that divides them ("2 hours", "15 minutes"), as seconds below a
 * minute, otherwise as every non-zero unit from days down ("1 minute 30 seconds", "59 minutes 59 seconds").
 */
export function formatDuration(seconds: bigint): string {
  bigintInput("seconds", seconds, { min: 0n });
  const plural = (n: bigint, unit: string) => `${n} ${unit}${n === 1n ? "" : "s"}`;
  for (const [size, unit] of DURATION_UNITS) if (size > 1n && seconds >= size && seconds % size === 0n) return plural(seconds / size, unit);
  if (seconds < 60n) return plural(seconds, "second");
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of DURATION_UNITS) {
    if (rest < size) continue;
    parts.push(plural(rest / size, unit));
    rest %= size;
  }
  return parts.join(" ");
}

/** Parses "7200", "90s", "15m", "2h" or "7d" into seconds. */
export function parseDuration(text: string): bigint {
  const m = typeof text === "string" ? /^(\d+)\s*(s|m|h|d)?$/.exec(text.trim()) : null;
  if (!m) throw new CalctraError("GovernanceInvalidAction", { field: "duration", value: String(shown(text)) });
  const unit = { s: 1n, m: 60n, h: 3600n, d: 86_400n }[(m[2] ?? "s") as "s" | "m" | "h" | "d"];
  return BigInt(m[1]!) * unit;
}

/** A domain's name: "Solana", "TON", "EVM 31337". */
export function domainName(domain: Domain): string {
  integerInput("domain", domain, { min: 0, max: 0xffffffff });
  if (domain === DOMAINS.solana) return "Solana";
  if (domain === DOMAINS.ton) return "TON";
  return `EVM ${domain}`;
}

const DURATIONS: ReadonlySet<GovernedParameterName> = new Set([
  "unbondingPeriod",
  "challengePeriod",
  "executionDelay",
  "revealPeriod",
  "responseWindow",
  "powerCooldown",
]);

function shortAddress(a: UniversalAddress): string {
  const evm = /^0x0{24}([0-9a-f]{40})$/i.exec(a);
  const body = evm ? `0x${evm[1]}` : a;
  return `${body.slice(0, 8)}…${body.slice(-4)}`;
}

/** The value of a `setParameter` in words: durations as durations, CAL as CAL, the fee split as percentages. */
export function formatParameterValue(paramId: number, value: bigint): string {
  bigintInput("value", value);
  const p = parameterById(paramId);
  if (!p) return value.toString();
  if (DURATIONS.has(p.name)) return formatDuration(value);
  if (p.name === "minStake" || p.name === "validatorFee" || p.name === "validatorBudget") return formatCal(value, { withUnit: true });
  if (p.name === "slashBps" || p.name === "powerSlashBps") return `${Number(value) / 100}%`;
  if (p.name === "feeSplit") {
    const f = unpackFeeSplit(value);
    return `${Number(f.providerBps) / 100}% provider / ${Number(f.treasuryBps) / 100}% treasury / ${Number(f.creatorBps) / 100}% creator`;
  }
  return value.toString();
}

/**
 * One action in words, e.g. "set challengePeriod to 2 hours", with " on Solana" / " on every chain" when
 * `where` is given.
 *
 * @example
 * ```ts
 * describeGovernanceAction(setParameter("challengePeriod", 7200n), "every chain"); // "set challengePeriod to 2 hours on every chain"
 * ```
 */
export function describeGovernanceAction(action: GovernanceAction, where?: Domain | "every chain"): string {
  encodeGovernanceActions([action]); // refuses a malformed action with GovernanceInvalidAction
  const on = where === undefined ? "" : ` on ${where === "every chain" ? "every chain" : domainName(where)}`;
  switch (action.kind) {
    case "setParameter": {
      const p = parameterById(action.paramId);
      return `set ${p ? p.name : `parameter ${action.paramId}`} to ${formatParameterValue(action.paramId, action.value)}${on}`;
    }
    case "setVerifier":
      return /^0x0{64}$/.test(action.verifier)
        ? `remove verifier ${action.verifierId}${on}`
        : `set verifier ${action.verifierId} to ${shortAddress(action.verifier)}${on}`;
    case "setRole":
      return `appoint ${shortAddress(action.account)} as ${action.role}${on}`;
    case "setValidatorSet":
      return `rotate the bridge validators to ${action.threshold} of ${action.signers.length}, the previous set valid ${
        action.retention === 0 ? "no longer" : `for ${formatDuration(BigInt(action.retention))}`
      }${on}`;
    case "setRemoteDomain":
      return action.enabled
        ? `enable bridging with ${domainName(action.domain)} (in ${formatCal(action.inboundCapacity, { withUnit: true })}, out ${formatCal(
            action.outboundCapacity,
            { withUnit: true },
          )} buckets)${on}`
        : `disable bridging with ${domainName(action.domain)}${on}`;
    case "pause":
      return `pause the ${action.target}${on}`;
    case "unpause":
      return `unpause the ${action.target}${on}`;
  }
}

/** Reads an address in any chain's usual form as a universal address. */
export function parseUniversalAddress(text: string): UniversalAddress {
  if (typeof text !== "string") throw new CalctraError("GovernanceInvalidAction", { field: "address", value: String(shown(text)) });
  const t = text.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(t)) return t.toLowerCase() as UniversalAddress;
  if (/^0x[0-9a-fA-F]{40}$/.test(t)) return universalFromEvm(t);
  if (/^0:[0-9a-fA-F]{64}$/.test(t)) return universalFromTonRaw(t);
  try {
    return universalFromSolana(t);
  } catch {
    throw new CalctraError("GovernanceInvalidAction", { field: "address", value: text });
  }
}

function parameterValue(name: GovernedParameterName, text: string): bigint {
  if (DURATIONS.has(name)) return parseDuration(text);
  if (name === "minStake" || name === "validatorFee" || name === "validatorBudget")
    return /CAL$/i.test(text) ? parseCal(text.replace(/\s*CAL$/i, "")) : BigInt(text);
  if (name === "feeSplit") {
    const parts = text.split("/");
    if (parts.length !== 3) throw new CalctraError("GovernanceInvalidAction", { field: "feeSplit", value: text });
    const [providerBps, treasuryBps, creatorBps] = parts.map((x) => BigInt(x.trim())) as [bigint, bigint, bigint];
    return packFeeSplit({ providerBps, treasuryBps, creatorBps });
  }
  return BigInt(text);
}

/** The action a verb and its words name (throws `fail(…)` on a malformed one; values are checked by the caller). */
function actionOf(verb: string | undefined, args: readonly string[], fail: (why: string) => CalctraError): GovernanceAction {
  switch (verb) {
    case "set": {
      const [name, value] = args;
      if (!name || value === undefined || !Object.hasOwn(GOVERNED_PARAMETERS, name)) throw fail(`unknown parameter ${name ?? ""}`);
      const n = name as GovernedParameterName;
      return { kind: "setParameter", paramId: GOVERNED_PARAMETERS[n].id, value: parameterValue(n, args.slice(1).join(" ")) };
    }
    case "verifier": {
      const [id, address] = args;
      if (id === undefined || address === undefined) throw fail("verifier <id> <address|none>");
      return {
        kind: "setVerifier",
        verifierId: Number(id),
        verifier: address === "none" ? `0x${"00".repeat(32)}` : parseUniversalAddress(address),
      };
    }
    case "role": {
      const [role, address] = args;
      if (!role || !Object.hasOwn(GOVERNANCE_ROLES, role) || !address) throw fail("role <arbiter|treasury|pauser|guardian> <address>");
      return { kind: "setRole", role: role as GovernanceRole, account: parseUniversalAddress(address) };
    }
    case "validators": {
      const [list, threshold, retention] = args;
      if (!list || !threshold) throw fail("validators <0xaddr,…> <threshold> [retention]");
      const signers = list.split(",").map((a) => {
        if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw fail(`not a 20-byte signer address: ${a}`);
        return a.toLowerCase() as `0x${string}`;
      });
      return { kind: "setValidatorSet", signers, threshold: Number(threshold), retention: Number(parseDuration(retention ?? "0")) };
    }
    case "remote": {
      const [domainText, mode, bridge, inCap, inRate, outCap, outRate] = args;
      const domain = domainText === "solana" ? DOMAINS.solana : domainText === "ton" ? DOMAINS.ton : Number(domainText);
      if (!Number.isInteger(domain)) throw fail(`unknown domain ${domainText ?? ""}`);
      if (mode === "off")
        return {
          kind: "setRemoteDomain",
          domain,
          enabled: false,
          bridge: `0x${"00".repeat(32)}`,
          inboundCapacity: 0n,
          inboundRatePerSecond: 0n,
          outboundCapacity: 0n,
          outboundRatePerSecond: 0n,
        };
      if (mode !== "on" || !bridge || !inCap || !inRate || !outCap || !outRate)
        throw fail("remote <domain> off | remote <domain> on <bridge> <inCapacity> <inRate> <outCapacity> <outRate>");
      return {
        kind: "setRemoteDomain",
        domain,
        enabled: true,
        bridge: parseUniversalAddress(bridge),
        inboundCapacity: BigInt(inCap),
        inboundRatePerSecond: BigInt(inRate),
        outboundCapacity: BigInt(outCap),
        outboundRatePerSecond: BigInt(outRate),
      };
    }
    case "pause":
    case "unpause": {
      const [target] = args;
      if (!target || !Object.hasOwn(PAUSE_TARGETS, target)) throw fail(`${verb} <marketplace|bridge>`);
      return { kind: verb, target: target as PauseTarget };
    }
    default:
      throw fail(`unknown action ${verb ?? ""}`);
  }
}

/**
 * Parses the CLI's short form of an action:
 * - `set <parameter> <value>`: `set challengePeriod 2h`, `set minStake 100CAL`, `set feeSplit 7000/2000/1000`
 * - `verifier <id> <address|none>`, `role <arbiter|treasury|pauser|guardian> <address>`
 * - `validators <0xaddr,0xaddr,…> <threshold> [retention]`
 * - `remote <domain> off` / `remote <domain> on <bridge> <inCapacity> <inRate> <outCapacity> <outRate>` (CAL base units)
 * - `pause <marketplace|bridge>`, `unpause <marketplace|bridge>`
 *
 * @example
 * ```ts
 * parseGovernanceAction("set challengePeriod 2h"); // { kind: "setParameter", paramId: 3, value: 7200n }
 * ```
 */
export function parseGovernanceAction(text: string): GovernanceAction {
  if (typeof text !== "string") throw new CalctraError("GovernanceInvalidAction", { action: String(shown(text)), reason: "not text" });
  const words = text.trim().split(/\s+/);
  const [verb, ...args] = words;
  const fail = (why: string) => new CalctraError("GovernanceInvalidAction", { action: text, reason: why });
  try {
    const action = actionOf(verb, args, fail);
    encodeGovernanceActions([action]); // a parsed action is one every chain decodes (no NaN id, no value beyond u64)
    return action;
  } catch (e) {
    if (e instanceof CalctraError) throw e;
    throw fail(e instanceof Error ? e.message : String(e));
  }
}
