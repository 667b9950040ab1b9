import { keccak_256 } from "@noble/hashes/sha3";
import { universalToBytes } from "./address.js";
import { BPS } from "./constants.js";
import type { CalctraErrorName } from "./errors.js";
import { arrayInput, bigintInput, hex32Input, integerInput, invalidInput, objectInput } from "./input.js";
import type { UniversalAddress } from "./types.js";

// Proof of computational power (DESIGN §11, docs/CONVENTIONS.md "Proof of computational power"): the executable
// copy of the byte layouts, the target, the answer check and the provider's pass record. Every chain computes the
// same bytes with its native keccak-256; `test/vectors/power.json` is generated from this file.

/** 2^256: the size of the keccak-256 output space. */
export const POWER_HASH_SPACE = 1n << 256n;
/** The largest target (every hash is below 2^256 - 1 but one). */
export const POWER_MAX_TARGET = POWER_HASH_SPACE - 1n;
const U64 = 0xffffffffffffffffn;

/** Parameters of {@link powerTarget}. */
export interface PowerTargetParameters {
  /** The provider's declared keccak-256 hashes per second (u64, non-zero). */
  readonly claimedRate: bigint;
  /** The response window in seconds (u64, non-zero). */
  readonly responseWindow: bigint;
  /** The number of solutions asked for (m, non-zero). */
  readonly nonces: bigint;
}

/**
 * The challenge target: `min(2^256 - 1, floor(2^256 * 3m / (claimedRate * responseWindow)))`.
 * A hash is a solution when it is strictly below the target, so one solution takes `2^256 / target` hashes on average
 * and m solutions take `claimedRate * responseWindow / 3`: an honest provider finds them in a third of the window
 * (DESIGN §11). The product `claimedRate * responseWindow` is at most 2^96 (u64 × u32 on chain), the numerator
 * `2^256 * 3m` needs 264 bits: chains compute it as `floor((2^256 - 1) / d) * 3m + floor(((2^256 - 1) % d + 1) * 3m / d)`
 * (see CONVENTIONS), which is the same integer.
 *
 * @example
 * ```ts
 * powerTarget({ claimedRate: 1_000_000n, responseWindow: 600n, nonces: 8n }); // ≈ 2^256 / 25_000_000
 * ```
 */
export function powerTarget(p: PowerTargetParameters): bigint {
  objectInput("parameters", p);
  bigintInput("claimedRate", p.claimedRate, { min: 1n, max: U64 }, "PowerZeroClaim");
  bigintInput("responseWindow", p.responseWindow, { min: 1n, max: U64 }, "PowerParameterOutOfBounds");
  bigintInput("nonces", p.nonces, { min: 1n, max: U64 }, "PowerParameterOutOfBounds");
  const t = (POWER_HASH_SPACE * 3n * p.nonces) / (p.claimedRate * p.responseWindow);
  return t > POWER_MAX_TARGET ? POWER_MAX_TARGET : t;
}

function u64Bytes(name: string, v: bigint): Uint8Array {
  bigintInput(name, v, { min: 0n, max: U64 });
  const out = new Uint8Array(8);
  let x = v;
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

function bytes32(name: string, v: `0x${string}`): Uint8Array {
  hex32Input(name, v);
  return Uint8Array.from(Buffer.from(v.slice(2), "hex"));
}

function toHex(b: Uint8Array): `0x${string}` {
  return `0x${Buffer.from(b).toString("hex")}`;
}

function toBigInt(h: `0x${string}`): bigint {
  return BigInt(h);
}

/** Parameters of {@link challengeSeed}. */
export interface ChallengeSeedParameters {
  /** The chain's randomness at the challenge (EVM `prevrandao`, Solana the recent slot hash, TON `random`), 32 bytes. */
  readonly randomness: `0x${string}`;
  /** The challenge id (u64, from 1). */
  readonly challengeId: bigint;
  /** The challenged provider's 32-byte universal address. */
  readonly provider: UniversalAddress;
}

/**
 * The challenge seed: `keccak256(randomness bytes32 | challengeId u64 BE | provider bytes32)` (72 bytes hashed).
 *
 * @example
 * ```ts
 * const seed = challengeSeed({ randomness: `0x${"11".repeat(32)}`, challengeId: 1n, provider });
 * ```
 */
export function challengeSeed(p: ChallengeSeedParameters): `0x${string}` {
  objectInput("parameters", p);
  return toHex(
    keccak_256(
      Uint8Array.from([...bytes32("randomness", p.randomness), ...u64Bytes("challengeId", p.challengeId), ...universalToBytes(p.provider)]),
    ),
  );
}

/**
 * One solution hash: `keccak256(seed bytes32 | provider bytes32 | nonce u64 BE)` (72 bytes hashed).
 * The nonce is a solution when this hash, read as a big-endian integer, is strictly below the target.
 */
export function solutionHash(seed: `0x${string}`, provider: UniversalAddress, nonce: bigint): `0x${string}` {
  return toHex(keccak_256(Uint8Array.from([...bytes32("seed", seed), ...universalToBytes(provider), ...u64Bytes("nonce", nonce)])));
}

/** Parameters of {@link checkAnswer}. */
export interface CheckAnswerParameters {
  readonly seed: `0x${string}`;
  readonly provider: UniversalAddress;
  readonly target: bigint;
  /** The number of nonces the challenge asks for (m, frozen when the challenge opened). */
  readonly nonces: number;
  readonly answer: readonly bigint[];
}

/**
 * Checks an answer's nonces exactly as every chain does, in this order: the count is m
 * (`PowerWrongNonceCount`); then, index by index, a nonce not strictly above the previous one
 * (`PowerDuplicateNonce`: strictly increasing nonces are distinct, and a replayed nonce is a duplicate), then a hash
 * not strictly below the target (`PowerNonceAboveTarget`). Returns the first refusal, or null when the answer passes.
 */
export function checkAnswer(p: CheckAnswerParameters): { readonly error: CalctraErrorName; readonly index: number } | null {
  objectInput("parameters", p);
  arrayInput("answer", p.answer);
  integerInput("nonces", p.nonces, { min: 0 });
  bigintInput("target", p.target, { min: 0n });
  bytes32("seed", p.seed);
  universalToBytes(p.provider);
  if (p.answer.length !== p.nonces) return { error: "PowerWrongNonceCount", index: -1 };
  for (let i = 0; i < p.answer.length; i++) {
    const n = p.answer[i]!;
    bigintInput(`answer[${i}]`, n, { min: 0n, max: U64 });
    if (i > 0 && n <= p.answer[i - 1]!) return { error: "PowerDuplicateNonce", index: i };
    if (toBigInt(solutionHash(p.seed, p.provider, n)) >= p.target) return { error: "PowerNonceAboveTarget", index: i };
  }
  return null;
}

/**
 * Finds m solutions by brute force from `start` (what a provider's agent does, natively and on all cores; this is the
 * reference, for tests and vectors). Returns the nonces in increasing order and the number of hashes tried.
 */
export function solveChallenge(
  seed: `0x${string}`,
  provider: UniversalAddress,
  target: bigint,
  nonces: number,
  start = 0n,
  maxHashes = 10_000_000n,
): { readonly nonces: bigint[]; readonly hashes: bigint } {
  integerInput("nonces", nonces, { min: 0 });
  bigintInput("target", target, { min: 0n });
  bigintInput("start", start, { min: 0n, max: U64 });
  bigintInput("maxHashes", maxHashes, { min: 0n });
  const found: bigint[] = [];
  let n = start;
  while (found.length < nonces) {
    if (n - start >= maxHashes) throw invalidInput("InvalidArgument", "maxHashes", maxHashes, { nonces, found: found.length });
    if (toBigInt(solutionHash(seed, provider, n)) < target) found.push(n);
    n++;
  }
  return { nonces: found, hashes: n - start };
}

/** A provider's power record, as every chain stores it. */
export interface PowerRecord {
  /** Declared keccak-256 hashes per second; 0 = no claim (unverified). */
  readonly claimedRate: bigint;
  /** Challenges passed since the claim was declared. */
  readonly powerPassed: bigint;
  /** Challenges failed in total (history, never reset). */
  readonly powerFailed: bigint;
  /** Challenges failed in a row since the last pass or claim. */
  readonly failuresInRow: bigint;
  /** CAL base units taken by power slashes in total. */
  readonly slashedTotal: bigint;
}

/** Checks a power record's fields (all non-negative bigints). */
function powerRecordInput(record: Partial<PowerRecord>, fields: readonly (keyof PowerRecord)[] = POWER_RECORD_FIELDS): void {
  objectInput("record", record);
  for (const k of fields) bigintInput(`record.${k}`, record[k], { min: 0n });
}
const POWER_RECORD_FIELDS = ["claimedRate", "powerPassed", "powerFailed", "failuresInRow", "slashedTotal"] as const;

/** A record without a claim. */
export const EMPTY_POWER_RECORD: PowerRecord = { claimedRate: 0n, powerPassed: 0n, powerFailed: 0n, failuresInRow: 0n, slashedTotal: 0n };

/** The verdict of one challenge applied to a record: the new record and the slash, if any. */
export interface PowerVerdict {
  readonly record: PowerRecord;
  /** CAL taken from the provider's free stake (0 without a slash). */
  readonly slashed: bigint;
  /** Half of it (floor), to the challenger. */
  readonly toChallenger: bigint;
  /** The rest, to the treasury. */
  readonly toTreasury: bigint;
}

/** A claim (declared or updated): the rate replaces the old one and the pass record resets (`powerFailed` stays). */
export function declarePowerClaim(record: PowerRecord, claimedRate: bigint): PowerRecord {
  powerRecordInput(record);
  bigintInput("claimedRate", claimedRate, { min: 1n, max: U64 }, "PowerZeroClaim");
  return { ...record, claimedRate, powerPassed: 0n, failuresInRow: 0n };
}

/** A valid answer in time: `powerPassed += 1`, the failures in a row reset. */
export function recordPowerPass(record: PowerRecord): PowerVerdict {
  powerRecordInput(record);
  return { record: { ...record, powerPassed: record.powerPassed + 1n, failuresInRow: 0n }, slashed: 0n, toChallenger: 0n, toTreasury: 0n };
}

/**
 * An expired challenge: `powerFailed += 1`, `failuresInRow += 1`; once `failuresInRow` reaches `maxPowerFailures` the
 * provider loses `floor(freeStake * powerSlashBps / 10000)` of its free stake (half, floor, to the challenger, the
 * rest to the treasury) and its claim resets to unverified (`claimedRate = powerPassed = failuresInRow = 0`).
 */
export function recordPowerFailure(
  record: PowerRecord,
  p: { readonly maxPowerFailures: bigint; readonly powerSlashBps: bigint; readonly freeStake: bigint },
): PowerVerdict {
  powerRecordInput(record);
  objectInput("parameters", p);
  bigintInput("maxPowerFailures", p.maxPowerFailures, { min: 0n });
  bigintInput("powerSlashBps", p.powerSlashBps, { min: 0n, max: BPS });
  bigintInput("freeStake", p.freeStake, { min: 0n }, "InvalidAmount");
  const failuresInRow = record.failuresInRow + 1n;
  const powerFailed = record.powerFailed + 1n;
  if (failuresInRow < p.maxPowerFailures)
    return { record: { ...record, powerFailed, failuresInRow }, slashed: 0n, toChallenger: 0n, toTreasury: 0n };
  const slashed = (p.freeStake * p.powerSlashBps) / BPS;
  const toChallenger = slashed / 2n;
  return {
    record: { claimedRate: 0n, powerPassed: 0n, powerFailed, failuresInRow: 0n, slashedTotal: record.slashedTotal + slashed },
    slashed,
    toChallenger,
    toTreasury: slashed - toChallenger,
  };
}

/**
 * The power the matching engine counts: `floor(claimedRate * powerPassed / (powerPassed + failuresInRow + 1))`, and 0 for an
 * unverified provider (no claim, or no pass since the claim). One pass counts half the claim, nine passes 90 %; a
 * failure in a row weighs like a pass against.
 */
export function verifiedPower(record: Pick<PowerRecord, "claimedRate" | "powerPassed" | "failuresInRow">): bigint {
  powerRecordInput(record, ["claimedRate", "powerPassed", "failuresInRow"]);
  if (record.claimedRate === 0n || record.powerPassed === 0n) return 0n;
  return (record.claimedRate * record.powerPassed) / (record.powerPassed + record.failuresInRow + 1n);
}
