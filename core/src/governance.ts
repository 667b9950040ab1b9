import { keccak_256 } from "@noble/hashes/sha3";
import { universalFromBytes, universalToBytes } from "./address.js";
import type { FeeSplit } from "./arithmetic.js";
import { DOMAINS, decodeBridgeMessage, encodeBridgeMessage } from "./bridge.js";
import { BPS, PARAMETERS } from "./constants.js";
import { CalctraError } from "./errors.js";
import { bytesInput, invalidInput, objectInput, shown } from "./input.js";
import type { BridgeMessage, Domain, UniversalAddress } from "./types.js";

// One governance for every chain (DESIGN §7, §8): the parameter table, the action set and the
// version-2 bridge messages. Every byte layout here is big-endian and identical on every chain;
// `test/vectors/governance.json` is generated from this file and asserted by each chain.

/** Which contract/program of a chain owns a parameter. */
export type ParameterOwner = "staking" | "marketplace" | "executor" | "power";

/** One row of the governed parameter table. */
export interface ParameterDefinition {
  /** The on-chain id (u16). */
  readonly id: number;
  readonly owner: ParameterOwner;
  readonly default: bigint;
  readonly min: bigint;
  readonly max: bigint;
}

/**
 * The governed parameter table (u16 ids). `setParameter(paramId, value)` with a u64 value is the
 * only parameter setter on every chain; each owner refuses an id it does not own and a value outside
 * `[min, max]`. `feeSplit` packs three basis-point values into one u64, see {@link packFeeSplit}.
 */
export const GOVERNED_PARAMETERS = {
  minStake: { id: 1, owner: "staking", ...PARAMETERS.minStake },
  unbondingPeriod: { id: 2, owner: "staking", ...PARAMETERS.unbondingPeriod },
  challengePeriod: { id: 3, owner: "marketplace", ...PARAMETERS.challengePeriod },
  slashBps: { id: 4, owner: "marketplace", ...PARAMETERS.slashBps },
  feeSplit: {
    id: 5,
    owner: "marketplace",
    default: (8000n << 32n) | (1500n << 16n) | 500n,
    min: 0n,
    max: 0xffffffffffffn,
  },
  executionDelay: { id: 6, owner: "executor", ...PARAMETERS.executionDelay },
  revealPeriod: { id: 7, owner: "marketplace", ...PARAMETERS.revealPeriod },
  // Proof of computational power (DESIGN §11): the power registry owns ids 8..14.
  responseWindow: { id: 8, owner: "power", ...PARAMETERS.responseWindow },
  powerNonces: { id: 9, owner: "power", ...PARAMETERS.powerNonces },
  powerCooldown: { id: 10, owner: "power", ...PARAMETERS.powerCooldown },
  maxPowerFailures: { id: 11, owner: "power", ...PARAMETERS.maxPowerFailures },
  powerSlashBps: { id: 12, owner: "power", ...PARAMETERS.powerSlashBps },
  validatorFee: { id: 13, owner: "power", ...PARAMETERS.validatorFee },
  validatorBudget: { id: 14, owner: "power", ...PARAMETERS.validatorBudget },
} as const satisfies Record<string, ParameterDefinition>;

/** Name of a governed parameter. */
export type GovernedParameterName = keyof typeof GOVERNED_PARAMETERS;

/** The table row of a parameter id, or undefined. */
export function parameterById(id: number): (ParameterDefinition & { readonly name: GovernedParameterName }) | undefined {
  for (const [name, p] of Object.entries(GOVERNED_PARAMETERS)) if (p.id === id) return { name: name as GovernedParameterName, ...p };
  return undefined;
}

/**
 * Packs a fee split into the `feeSplit` parameter value:
 * `providerBps << 32 | treasuryBps << 16 | creatorBps` (each u16).
 *
 * @example
 * ```ts
 * packFeeSplit({ providerBps: 8000n, treasuryBps: 1500n, creatorBps: 500n }); // 34359738368000n + ...
 * ```
 */
export function packFeeSplit(split: FeeSplit): bigint {
  objectInput("split", split);
  for (const k of ["providerBps", "treasuryBps", "creatorBps"] as const) checkRange(k, split[k], 0xffffn, "bigint");
  return (split.providerBps << 32n) | (split.treasuryBps << 16n) | split.creatorBps;
}

/** Unpacks a `feeSplit` parameter value. */
export function unpackFeeSplit(value: bigint): FeeSplit {
  checkRange("feeSplit", value, U64, "bigint");
  return { providerBps: (value >> 32n) & 0xffffn, treasuryBps: (value >> 16n) & 0xffffn, creatorBps: value & 0xffffn };
}

/** Whether a fee split is one every chain accepts (sum 10000 and each share within its bounds). */
export function isValidFeeSplit(split: FeeSplit): boolean {
  const within = (v: bigint, b: { min: bigint; max: bigint }) => v >= b.min && v <= b.max;
  if (typeof split !== "object" || split === null) return false;
  if ([split.providerBps, split.treasuryBps, split.creatorBps].some((v) => typeof v !== "bigint")) return false;
  return (
    split.providerBps + split.treasuryBps + split.creatorBps === BPS &&
    within(split.providerBps, PARAMETERS.providerBps) &&
    within(split.treasuryBps, PARAMETERS.treasuryBps) &&
    within(split.creatorBps, PARAMETERS.creatorBps)
  );
}

/**
 * Whether `value` is accepted for a parameter on chain: within `[min, max]`, and for `feeSplit` a
 * packed value below 2^48 whose shares pass {@link isValidFeeSplit}.
 */
export function isParameterValueValid(paramId: number, value: bigint): boolean {
  const p = parameterById(paramId);
  if (!p || typeof value !== "bigint" || value < p.min || value > p.max) return false;
  return p.name !== "feeSplit" || isValidFeeSplit(unpackFeeSplit(value));
}

/** Roles governance appoints with `setRole` (u8 on the wire). */
export const GOVERNANCE_ROLES = { arbiter: 0, treasury: 1, pauser: 2, guardian: 3 } as const;
/** A role name. */
export type GovernanceRole = keyof typeof GOVERNANCE_ROLES;

/** Contracts governance pauses/unpauses (u8 on the wire). */
export const PAUSE_TARGETS = { marketplace: 1, bridge: 2 } as const;
/** A pausable target. */
export type PauseTarget = keyof typeof PAUSE_TARGETS;

/** Action op codes (u8 on the wire). */
export const GOVERNANCE_ACTION_OPS = {
  setParameter: 1,
  setVerifier: 2,
  setRole: 3,
  setValidatorSet: 4,
  setRemoteDomain: 5,
  pause: 6,
  unpause: 7,
} as const;

/** Most actions in one `GovernanceActions` message. */
export const MAX_ACTIONS_PER_MESSAGE = 8;
/** Most validators in a set (as the bridge allows). */
export const MAX_VALIDATORS = 32;

/**
 * One governance action, chain-neutral (DESIGN §7). The same value encodes to the same bytes on
 * every chain ({@link encodeGovernanceActions}).
 *
 * - `setVerifier.verifier`: the universal address of the chain's verifier (EVM: the verifier contract;
 *   Solana: the verifying-key account; TON: the verifier contract). All-zero removes the id.
 * - `setValidatorSet.signers`: 20-byte secp256k1 (EVM-style) addresses, strictly ascending;
 *   `threshold * 2 > signers.length`; `retention` seconds during which the previous set stays valid (0 revokes it).
 * - `setRemoteDomain`: `enabled: false` disables the domain (the other fields are then ignored but still encoded).
 */
export type GovernanceAction =
  | { readonly kind: "setParameter"; readonly paramId: number; readonly value: bigint }
  | { readonly kind: "setVerifier"; readonly verifierId: number; readonly verifier: UniversalAddress }
  | { readonly kind: "setRole"; readonly role: GovernanceRole; readonly account: UniversalAddress }
  | {
      readonly kind: "setValidatorSet";
      readonly signers: readonly `0x${string}`[];
      readonly threshold: number;
      readonly retention: number;
    }
  | {
      readonly kind: "setRemoteDomain";
      readonly domain: Domain;
      readonly enabled: boolean;
      readonly bridge: UniversalAddress;
      readonly inboundCapacity: bigint;
      readonly inboundRatePerSecond: bigint;
      readonly outboundCapacity: bigint;
      readonly outboundRatePerSecond: bigint;
    }
  | { readonly kind: "pause"; readonly target: PauseTarget }
  | { readonly kind: "unpause"; readonly target: PauseTarget };

/** Helper: a `setParameter` action by parameter name. */
export function setParameter(name: GovernedParameterName, value: bigint): GovernanceAction {
  if (typeof name !== "string" || !Object.hasOwn(GOVERNED_PARAMETERS, name)) throw invalidInput("GovernanceUnknownParameter", "name", name);
  return { kind: "setParameter", paramId: GOVERNED_PARAMETERS[name].id, value };
}

const U16 = 0xffffn;
const U32 = 0xffffffffn;
const U64 = 0xffffffffffffffffn;

/** A field within `[0, max]`: a number field (`kind` "number") an integer, a bigint field a bigint. */
function checkRange(name: string, value: unknown, max: bigint, kind: "number" | "bigint"): void {
  const typed = kind === "number" ? typeof value === "number" && Number.isSafeInteger(value) : typeof value === "bigint";
  if (!typed || BigInt(value as number | bigint) < 0n || BigInt(value as number | bigint) > max)
    throw new CalctraError("GovernanceInvalidAction", { field: name, value: String(shown(value)) });
}
/** The key of `table` named `value`, refusing any other (and inherited keys such as `toString`). */
function tableKey<T extends Record<string, number>>(table: T, value: unknown, field: string): keyof T {
  if (typeof value !== "string" || !Object.hasOwn(table, value))
    throw new CalctraError("GovernanceInvalidAction", { field, value: String(shown(value)) });
  return value;
}

class Writer {
  private readonly parts: number[] = [];
  u(value: bigint | number, bytes: number): this {
    let v = BigInt(value);
    const out = new Array<number>(bytes);
    for (let i = bytes - 1; i >= 0; i--) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    this.parts.push(...out);
    return this;
  }
  bytes(b: Uint8Array): this {
    this.parts.push(...b);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

class Reader {
  private offset = 0;
  constructor(private readonly data: Uint8Array) {}
  u(bytes: number): bigint {
    if (this.offset + bytes > this.data.length) throw invalid("truncated", this.offset);
    let v = 0n;
    for (let i = 0; i < bytes; i++) v = (v << 8n) | BigInt(this.data[this.offset + i]!);
    this.offset += bytes;
    return v;
  }
  bytes(n: number): Uint8Array {
    if (this.offset + n > this.data.length) throw invalid("truncated", this.offset);
    const out = this.data.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  end(): void {
    if (this.offset !== this.data.length) throw invalid("trailing bytes", this.offset);
  }
}

function invalid(reason: string, offset: number): CalctraError {
  return new CalctraError("GovernanceInvalidAction", { reason, offset });
}

function hex(bytes: Uint8Array): `0x${string}` {
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function evmSignerBytes(signer: string): Uint8Array {
  if (typeof signer !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(signer))
    throw new CalctraError("GovernanceInvalidAction", { field: "signer", value: signer });
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = parseInt(signer.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

function encodeAction(w: Writer, a: GovernanceAction): void {
  if (typeof a !== "object" || a === null) throw new CalctraError("GovernanceInvalidAction", { field: "action", value: String(shown(a)) });
  w.u(GOVERNANCE_ACTION_OPS[tableKey(GOVERNANCE_ACTION_OPS, a.kind, "kind")], 1);
  switch (a.kind) {
    case "setParameter":
      checkRange("paramId", a.paramId, U16, "number");
      checkRange("value", a.value, U64, "bigint");
      w.u(a.paramId, 2).u(a.value, 8);
      return;
    case "setVerifier":
      checkRange("verifierId", a.verifierId, U16, "number");
      w.u(a.verifierId, 2).bytes(universalToBytes(a.verifier));
      return;
    case "setRole":
      w.u(GOVERNANCE_ROLES[tableKey(GOVERNANCE_ROLES, a.role, "role")], 1).bytes(universalToBytes(a.account));
      return;
    case "setValidatorSet": {
      const n = Array.isArray(a.signers) ? a.signers.length : 0;
      if (n === 0 || n > MAX_VALIDATORS)
        throw new CalctraError("GovernanceInvalidAction", { field: "signers", value: String(shown(a.signers)) });
      checkRange("threshold", a.threshold, 0xffn, "number");
      checkRange("retention", a.retention, U32, "number");
      w.u(n, 1);
      for (const s of a.signers) w.bytes(evmSignerBytes(s));
      w.u(a.threshold, 1).u(a.retention, 4);
      return;
    }
    case "setRemoteDomain":
      checkRange("domain", a.domain, U32, "number");
      if (typeof a.enabled !== "boolean")
        throw new CalctraError("GovernanceInvalidAction", { field: "enabled", value: String(shown(a.enabled)) });
      for (const [k, v] of [
        ["inboundCapacity", a.inboundCapacity],
        ["inboundRatePerSecond", a.inboundRatePerSecond],
        ["outboundCapacity", a.outboundCapacity],
        ["outboundRatePerSecond", a.outboundRatePerSecond],
      ] as const)
        checkRange(k, v, U64, "bigint");
      w.u(a.domain, 4)
        .u(a.enabled ? 1 : 0, 1)
        .bytes(universalToBytes(a.bridge))
        .u(a.inboundCapacity, 8)
        .u(a.inboundRatePerSecond, 8)
        .u(a.outboundCapacity, 8)
        .u(a.outboundRatePerSecond, 8);
      return;
    case "pause":
    case "unpause":
      w.u(PAUSE_TARGETS[tableKey(PAUSE_TARGETS, a.target, "target")], 1);
      return;
  }
}

function byValue<T extends Record<string, number>>(table: T, value: bigint, field: string, offset: number): keyof T {
  const found = Object.entries(table).find(([, v]) => BigInt(v) === value);
  if (!found) throw invalid(`unknown ${field} ${value}`, offset);
  return found[0] as keyof T;
}

function decodeAction(r: Reader, offset: number): GovernanceAction {
  const kind = byValue(GOVERNANCE_ACTION_OPS, r.u(1), "op", offset);
  switch (kind) {
    case "setParameter":
      return { kind, paramId: Number(r.u(2)), value: r.u(8) };
    case "setVerifier":
      return { kind, verifierId: Number(r.u(2)), verifier: universalFromBytes(r.bytes(32)) };
    case "setRole":
      return { kind, role: byValue(GOVERNANCE_ROLES, r.u(1), "role", offset), account: universalFromBytes(r.bytes(32)) };
    case "setValidatorSet": {
      const n = Number(r.u(1));
      if (n === 0 || n > MAX_VALIDATORS) throw invalid(`validator count ${n}`, offset);
      const signers: `0x${string}`[] = [];
      for (let i = 0; i < n; i++) signers.push(hex(r.bytes(20)));
      return { kind, signers, threshold: Number(r.u(1)), retention: Number(r.u(4)) };
    }
    case "setRemoteDomain": {
      const domain = Number(r.u(4));
      const enabledByte = r.u(1);
      if (enabledByte > 1n) throw invalid("enabled is 0 or 1", offset);
      return {
        kind,
        domain,
        enabled: enabledByte === 1n,
        bridge: universalFromBytes(r.bytes(32)),
        inboundCapacity: r.u(8),
        inboundRatePerSecond: r.u(8),
        outboundCapacity: r.u(8),
        outboundRatePerSecond: r.u(8),
      };
    }
    case "pause":
    case "unpause":
      return { kind, target: byValue(PAUSE_TARGETS, r.u(1), "pause target", offset) };
  }
}

/**
 * Encodes an action list: `count u8 | action*`, each action `op u8 | fields` (layouts in
 * docs/CONVENTIONS.md). 1 to {@link MAX_ACTIONS_PER_MESSAGE} actions.
 *
 * @example
 * ```ts
 * const bytes = encodeGovernanceActions([setParameter("challengePeriod", 7200n), { kind: "unpause", target: "bridge" }]);
 * ```
 */
export function encodeGovernanceActions(actions: readonly GovernanceAction[]): Uint8Array {
  if (!Array.isArray(actions) || actions.length === 0 || actions.length > MAX_ACTIONS_PER_MESSAGE)
    throw new CalctraError("GovernanceInvalidAction", { field: "actions", value: String(shown(actions)) });
  const w = new Writer().u(actions.length, 1);
  for (const a of actions) encodeAction(w, a);
  return w.done();
}

/** Decodes an action list; throws `GovernanceInvalidAction` on malformed bytes. */
export function decodeGovernanceActions(data: Uint8Array): GovernanceAction[] {
  bytesInput("data", data, undefined, "GovernanceInvalidAction");
  const r = new Reader(data);
  const n = Number(r.u(1));
  if (n === 0 || n > MAX_ACTIONS_PER_MESSAGE) throw invalid(`action count ${n}`, 0);
  const out: GovernanceAction[] = [];
  for (let i = 0; i < n; i++) out.push(decodeAction(r, i));
  r.end();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Version-2 bridge messages (DESIGN §8)

/** Version byte of a governance message. */
export const GOVERNANCE_MESSAGE_VERSION = 2;
/** Bytes before the payload: version | srcDomain | dstDomain | nonce | sender | recipient | kind. */
export const GOVERNANCE_MESSAGE_HEADER_LENGTH = 82;
/** Longest encoded governance message any chain accepts. */
export const MAX_GOVERNANCE_MESSAGE_LENGTH = 1024;

/** Kinds of version-2 messages (u8 on the wire). */
export const GOVERNANCE_MESSAGE_KINDS = { ProposalOpened: 1, VoteTally: 2, GovernanceActions: 3 } as const;
/** A version-2 message kind. */
export type GovernanceMessageKind = keyof typeof GOVERNANCE_MESSAGE_KINDS;

/** Hub → spoke vault: a proposal is open; spoke weights are taken at `snapshot` (hub timestamp clock). */
export interface ProposalOpenedPayload {
  readonly kind: "ProposalOpened";
  readonly proposalId: bigint;
  readonly snapshot: bigint;
  readonly voteEnd: bigint;
}
/** Spoke vault → hub: the spoke's cumulative tally of a proposal (OpenZeppelin's order: against, for, abstain). */
export interface VoteTallyPayload {
  readonly kind: "VoteTally";
  readonly proposalId: bigint;
  readonly againstVotes: bigint;
  readonly forVotes: bigint;
  readonly abstainVotes: bigint;
}
/** Hub timelock → spoke executor: the `sequence`-th action list for this destination, from `proposalId`. */
export interface GovernanceActionsPayload {
  readonly kind: "GovernanceActions";
  readonly sequence: bigint;
  readonly proposalId: bigint;
  readonly actions: readonly GovernanceAction[];
}
/** The payload of a version-2 message. */
export type GovernancePayload = ProposalOpenedPayload | VoteTallyPayload | GovernanceActionsPayload;

/** A version-2 (governance) bridge message. */
export interface GovernanceMessage {
  readonly version: 2;
  readonly srcDomain: Domain;
  readonly dstDomain: Domain;
  readonly nonce: bigint;
  readonly sender: UniversalAddress;
  readonly recipient: UniversalAddress;
  readonly payload: GovernancePayload;
}

const U256 = (1n << 256n) - 1n;

/** Encodes the payload bytes of a governance message (after the kind byte). */
export function encodeGovernancePayload(payload: GovernancePayload): Uint8Array {
  if (typeof payload !== "object" || payload === null)
    throw new CalctraError("GovernanceInvalidAction", { field: "payload", value: String(shown(payload)) });
  tableKey(GOVERNANCE_MESSAGE_KINDS, payload.kind, "payload kind");
  checkRange("proposalId", payload.proposalId, U256, "bigint");
  const w = new Writer();
  switch (payload.kind) {
    case "ProposalOpened":
      checkRange("snapshot", payload.snapshot, U64, "bigint");
      checkRange("voteEnd", payload.voteEnd, U64, "bigint");
      return w.u(payload.proposalId, 32).u(payload.snapshot, 8).u(payload.voteEnd, 8).done();
    case "VoteTally":
      for (const k of ["againstVotes", "forVotes", "abstainVotes"] as const) checkRange(k, payload[k], U64, "bigint");
      return w.u(payload.proposalId, 32).u(payload.againstVotes, 8).u(payload.forVotes, 8).u(payload.abstainVotes, 8).done();
    case "GovernanceActions":
      checkRange("sequence", payload.sequence, U64, "bigint");
      return w.u(payload.sequence, 8).u(payload.proposalId, 32).bytes(encodeGovernanceActions(payload.actions)).done();
  }
}

/**
 * Encodes a version-2 message:
 * `version u8 (=2) | srcDomain u32 | dstDomain u32 | nonce u64 | sender bytes32 | recipient bytes32 | kind u8 | payload`.
 *
 * @example
 * ```ts
 * const bytes = encodeGovernanceMessage({ version: 2, srcDomain: 31337, dstDomain: DOMAINS.solana, nonce: 7n,
 *   sender: hub, recipient: solanaVault, payload: { kind: "ProposalOpened", proposalId, snapshot, voteEnd } });
 * ```
 */
export function encodeGovernanceMessage(message: GovernanceMessage): Uint8Array {
  if (typeof message !== "object" || message === null)
    throw new CalctraError("GovernanceInvalidAction", { field: "message", value: String(shown(message)) });
  checkRange("srcDomain", message.srcDomain, U32, "number");
  checkRange("dstDomain", message.dstDomain, U32, "number");
  checkRange("nonce", message.nonce, U64, "bigint");
  const payload = encodeGovernancePayload(message.payload);
  const body = new Writer()
    .u(GOVERNANCE_MESSAGE_VERSION, 1)
    .u(message.srcDomain, 4)
    .u(message.dstDomain, 4)
    .u(message.nonce, 8)
    .bytes(universalToBytes(message.sender))
    .bytes(universalToBytes(message.recipient))
    .u(GOVERNANCE_MESSAGE_KINDS[message.payload.kind], 1)
    .bytes(payload)
    .done();
  if (body.length > MAX_GOVERNANCE_MESSAGE_LENGTH)
    throw new CalctraError("GovernanceInvalidAction", { field: "message length", value: body.length.toString() });
  return body;
}

/** Decodes a version-2 message; throws `GovernanceInvalidAction` on malformed bytes. */
export function decodeGovernanceMessage(data: Uint8Array): GovernanceMessage {
  bytesInput("data", data, undefined, "GovernanceInvalidAction");
  if (data.length > MAX_GOVERNANCE_MESSAGE_LENGTH) throw invalid("too long", MAX_GOVERNANCE_MESSAGE_LENGTH);
  const r = new Reader(data);
  if (r.u(1) !== BigInt(GOVERNANCE_MESSAGE_VERSION)) throw invalid("version is not 2", 0);
  const srcDomain = Number(r.u(4));
  const dstDomain = Number(r.u(4));
  const nonce = r.u(8);
  const sender = universalFromBytes(r.bytes(32));
  const recipient = universalFromBytes(r.bytes(32));
  const kind = byValue(GOVERNANCE_MESSAGE_KINDS, r.u(1), "message kind", 81);
  let payload: GovernancePayload;
  switch (kind) {
    case "ProposalOpened":
      payload = { kind, proposalId: r.u(32), snapshot: r.u(8), voteEnd: r.u(8) };
      r.end();
      break;
    case "VoteTally":
      payload = { kind, proposalId: r.u(32), againstVotes: r.u(8), forVotes: r.u(8), abstainVotes: r.u(8) };
      r.end();
      break;
    case "GovernanceActions": {
      const sequence = r.u(8);
      const proposalId = r.u(32);
      const actions = decodeGovernanceActions(data.slice(GOVERNANCE_MESSAGE_HEADER_LENGTH + 40));
      payload = { kind, sequence, proposalId, actions };
      break;
    }
  }
  return { version: 2, srcDomain, dstDomain, nonce, sender, recipient, payload };
}

/** `messageId = keccak256(message)` of a version-2 message. */
export function governanceMessageId(message: GovernanceMessage): Uint8Array {
  return keccak_256(encodeGovernanceMessage(message));
}

/** Whether a domain is an EVM chain (every domain but Solana's and TON's). */
export function isEvmDomain(domain: Domain): boolean {
  return domain !== DOMAINS.solana && domain !== DOMAINS.ton;
}

/**
 * Whether `recipient` can receive on `dstDomain`: toward an EVM domain it must be a 20-byte address
 * (the top 12 bytes zero), since the bridge refuses any other at `send` (DESIGN §8).
 */
export function isDeliverableRecipient(dstDomain: Domain, recipient: UniversalAddress): boolean {
  if (typeof recipient !== "string") throw invalidInput("InvalidAddress", "recipient", recipient, { expected: "universal address" });
  if (!isEvmDomain(dstDomain)) return true;
  return /^0x0{24}[0-9a-fA-F]{40}$/.test(recipient);
}

/** Any bridge message: a version-1 token message or a version-2 governance message. */
export type AnyBridgeMessage = BridgeMessage | GovernanceMessage;

/** Whether a message is a version-2 governance message. */
export function isGovernanceMessage(message: AnyBridgeMessage): message is GovernanceMessage {
  return typeof message === "object" && message !== null && "payload" in message;
}

/** Encodes either version (89 bytes for a token message, 83..1024 for a governance message). */
export function encodeAnyBridgeMessage(message: AnyBridgeMessage): Uint8Array {
  return isGovernanceMessage(message) ? encodeGovernanceMessage(message) : encodeBridgeMessage(message);
}

/** `messageId = keccak256(message)` for either version. */
export function anyBridgeMessageId(message: AnyBridgeMessage): Uint8Array {
  return keccak_256(encodeAnyBridgeMessage(message));
}

/**
 * Decodes either version by its first byte; throws `BridgeInvalidMessage` (version 1, an unknown version, not bytes)
 * or `GovernanceInvalidAction` (version 2) on malformed bytes.
 */
export function decodeAnyBridgeMessage(data: Uint8Array): AnyBridgeMessage {
  bytesInput("data", data, undefined, "BridgeInvalidMessage");
  if (data[0] === GOVERNANCE_MESSAGE_VERSION) return decodeGovernanceMessage(data);
  if (data[0] === 1) return decodeBridgeMessage(data);
  throw new CalctraError("BridgeInvalidMessage", { version: data[0] ?? -1 });
}
