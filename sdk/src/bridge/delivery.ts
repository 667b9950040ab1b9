/**
 * What every chain's bridge client shares once a message has left its source (DESIGN §8): the recipient check
 * before sending, collecting the validators' signatures and recovering them locally against the destination's
 * digest and set, a message's status (sent, signed k/M, delivered, failed: why) and a self-relay (a threshold of
 * locally verified signatures, ascending, delivered without a relayer). The source side (finding the message on its
 * chain) is each client's own; the destination is anything that can report its set and deliveries.
 */
import { hexToBytes, isAddress, recoverAddress, toHex, type Address, type Hex } from "viem";
import { getJson } from "./http.js";
import type { DeliveryResult, SignedMessage, ValidatorSetView } from "./types.js";
import { universalFromEvm } from "@calctra/core";
import { DOMAINS, bridgeDigest } from "@calctra/core";
import { CalctraError } from "@calctra/core";
import type { AnyBridgeMessage, Domain, UniversalAddress } from "@calctra/core";

/** A message's state (DESIGN §8): sent, signed k/M, delivered, failed: why. */
export type BridgeState = "sent" | "signed" | "delivered" | "failed";

/** What a bridge client's `status` returns. */
export interface BridgeStatusReturnType {
  readonly state: BridgeState;
  /** Valid signatures by validators of the destination's set (recovered locally, never trusted). */
  readonly signatures: number;
  /** Signatures the destination requires. */
  readonly threshold: number;
  /** Size of the destination's validator set. */
  readonly validators: number;
  /** Why, when `state` is "failed" (a decoded custom error such as `BridgeRateLimited(...)`, or an SDK finding). */
  readonly reason?: string;
}

/** A validator's signature whose signer was recovered locally. */
export interface ValidSignature {
  readonly signer: Address;
  readonly signature: Hex;
}

/** A message found on its source chain (re-derived from what the chain recorded). */
export interface FoundMessage {
  readonly message: AnyBridgeMessage;
  /** The encoded message (89 bytes for a token message, 83..1024 for a governance message). */
  readonly encoded: Hex;
}

/** What status and self-relay need from a destination, whichever chain it is on. */
export interface DestinationView {
  readonly domain: Domain;
  /** The destination bridge as a universal address (what the digest binds). */
  readonly bridge: UniversalAddress;
  validatorSet(): Promise<ValidatorSetView>;
  /** True once delivered; `message` is the message's origin (needed by Solana, which marks `(srcDomain, nonce)`). */
  isDelivered(messageId: Hex, message?: { readonly srcDomain: Domain; readonly nonce: bigint }): Promise<boolean>;
  /** Delivers a batch (a relayer destination's `deliver`). */
  deliver(batch: readonly SignedMessage[]): Promise<DeliveryResult>;
  /** Simulates the delivery when the chain can: the refusal's decoded reason, or undefined when it would pass. */
  simulate?(found: FoundMessage, signatures: readonly ValidSignature[]): Promise<string | undefined>;
  /** Delivers one message with the destination client's own wallet, reporting its cost (EVM clients). */
  receive?(found: FoundMessage, signatures: readonly ValidSignature[]): Promise<{ readonly id: string; readonly cost: bigint }>;
}

const HEX32 = /^0x[0-9a-fA-F]{64}$/;
const NON_EVM: ReadonlySet<number> = new Set([DOMAINS.solana, DOMAINS.ton]);

/**
 * A recipient as a universal address: 32 bytes as given, or a 20-byte EVM address left-padded. An EVM destination
 * (any domain but Solana's and TON's) only accepts left-padded EVM addresses: anything else would lock the funds
 * for good, so it is refused before sending (`BridgeInvalidMessage`, field "recipient"), as is the zero address.
 *
 * @example
 * ```ts
 * bridgeRecipient("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", 31338); // "0x000…70997970c5…"
 * ```
 */
export function bridgeRecipient(recipient: string, dstDomain: Domain): UniversalAddress {
  let u: UniversalAddress;
  if (HEX32.test(recipient)) u = recipient.toLowerCase() as UniversalAddress;
  else if (isAddress(recipient, { strict: false })) u = universalFromEvm(recipient);
  else throw new CalctraError("BridgeInvalidMessage", { field: "recipient", value: recipient });
  if (BigInt(u) === 0n) throw new CalctraError("BridgeInvalidMessage", { field: "recipient", value: recipient });
  if (!NON_EVM.has(dstDomain) && BigInt(u) >> 160n !== 0n) {
    throw new CalctraError("BridgeInvalidMessage", { field: "recipient", value: recipient, reason: "not an EVM address on an EVM domain" });
  }
  return u;
}

/**
 * Checks a transfer's amount and destination domain before anything is sent: `BridgeZeroAmount` for 0,
 * `BridgeInvalidMessage` above u64, `BridgeUnknownDomain` for a domain that is not a u32.
 *
 * @example
 * ```ts
 * checkTransfer({ dstDomain: DOMAINS.ton, amount: 10n * CAL });
 * ```
 */
export function checkTransfer({ dstDomain, amount }: { readonly dstDomain: Domain; readonly amount: bigint }): void {
  if (amount <= 0n) throw new CalctraError("BridgeZeroAmount", { amount });
  if (amount > 0xffffffffffffffffn) throw new CalctraError("BridgeInvalidMessage", { field: "amount", value: amount });
  if (!Number.isInteger(dstDomain) || dstDomain < 0 || dstDomain > 0xffffffff)
    throw new CalctraError("BridgeUnknownDomain", { domain: dstDomain });
}

/**
 * `messageId` as checked input: 32 bytes of hex, else `BridgeInvalidMessage`.
 *
 * @example
 * ```ts
 * const id = checkMessageId(sent.messageId);
 * ```
 */
export function checkMessageId(messageId: Hex): Hex {
  if (!HEX32.test(messageId)) throw new CalctraError("BridgeInvalidMessage", { field: "messageId", value: messageId });
  return messageId;
}

/** Parameters of {@link collectSignatures}. */
export interface CollectSignaturesParameters {
  readonly messageId: Hex;
  /** Base URLs of the validators' HTTP services (`GET /signatures/:messageId`). */
  readonly validators: readonly string[];
  readonly destination: Pick<DestinationView, "domain" | "bridge">;
  readonly set: ValidatorSetView;
  /** Milliseconds per validator HTTP request (default 2000). */
  readonly httpTimeoutMs?: number;
}

/**
 * Asks every validator for its signature of `messageId` and keeps the ones that recover (locally) to a member of
 * the destination's current or retained set, one per signer, ascending. Validators that do not answer are counted.
 *
 * @example
 * ```ts
 * const { valid, unreachable } = await collectSignatures({ messageId, validators: urls, destination, set });
 * ```
 */
export async function collectSignatures({
  messageId,
  validators: urls,
  destination,
  set,
  httpTimeoutMs = 2000,
}: CollectSignaturesParameters) {
  const digest = toHex(bridgeDigest({ dstDomain: destination.domain, dstBridge: destination.bridge, messageId: hexToBytes(messageId) }));
  const members = new Set([...set.validators, ...(set.previous?.validators ?? [])].map((a) => a.toLowerCase()));
  const bySigner = new Map<Address, Hex>();
  let unreachable = 0;
  await Promise.all(
    urls.map(async (url) => {
      let doc: unknown;
      try {
        doc = await getJson(`${url.replace(/\/$/, "")}/signatures/${messageId}`, httpTimeoutMs);
      } catch {
        unreachable++;
        return;
      }
      const signature = doc && typeof doc === "object" ? (doc as { signature?: unknown }).signature : undefined;
      if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature)) return;
      let signer: Address;
      try {
        signer = (await recoverAddress({ hash: digest, signature: signature as Hex })).toLowerCase() as Address;
      } catch {
        return;
      }
      if (members.has(signer)) bySigner.set(signer, signature as Hex);
    }),
  );
  const valid: ValidSignature[] = [...bySigner]
    .map(([signer, signature]) => ({ signer, signature }))
    .sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
  return { valid, unreachable };
}

/** Parameters of {@link bridgeMessageStatus}. */
export interface BridgeMessageStatusParameters {
  readonly messageId: Hex;
  /** The source domain (for the reason when the message is not found there). */
  readonly sourceDomain: Domain;
  /** The message as found on the source chain, or null when it is not there. */
  readonly found: FoundMessage | null;
  readonly validators: readonly string[];
  readonly destination: DestinationView;
  readonly httpTimeoutMs?: number;
}

/**
 * A message's state from its source record, the validators and the destination: `delivered` when the destination
 * recorded it; otherwise the validators' signatures are recovered locally against the destination digest and
 * counted against the destination's set (`sent` with none, `signed` with k ≥ 1); with a threshold reached, the
 * delivery is simulated where the destination can, and a refusal reports `failed` with its decoded reason.
 *
 * @example
 * ```ts
 * const s = await bridgeMessageStatus({ messageId, sourceDomain: DOMAINS.solana, found, validators: urls, destination });
 * ```
 */
export async function bridgeMessageStatus({
  messageId,
  sourceDomain,
  found,
  validators,
  destination: dst,
  httpTimeoutMs,
}: BridgeMessageStatusParameters): Promise<BridgeStatusReturnType> {
  const set = await dst.validatorSet();
  const base = { signatures: 0, threshold: set.threshold, validators: set.validators.length };
  if (!found) return { ...base, state: "failed", reason: `no message ${messageId} sent on domain ${sourceDomain}` };
  if (found.message.dstDomain !== dst.domain) {
    return { ...base, state: "failed", reason: `message is for domain ${found.message.dstDomain}, not ${dst.domain}` };
  }
  if (await dst.isDelivered(messageId, found.message)) return { ...base, state: "delivered" };
  const { valid, unreachable } = await collectSignatures({
    messageId,
    validators,
    destination: dst,
    set,
    ...(httpTimeoutMs === undefined ? {} : { httpTimeoutMs }),
  });
  const counted = { ...base, signatures: valid.length };
  if (valid.length === 0 && unreachable === validators.length && validators.length > 0) {
    return { ...counted, state: "sent", reason: `${unreachable} validator(s) unreachable` };
  }
  if (valid.length < set.threshold) return { ...counted, state: valid.length === 0 ? "sent" : "signed" };
  const refused = dst.simulate ? await dst.simulate(found, valid.slice(0, set.threshold)) : undefined;
  if (refused !== undefined) return { ...counted, state: "failed", reason: refused };
  return { ...counted, state: "signed" };
}

/** Parameters of {@link selfRelayMessage}. */
export interface SelfRelayMessageParameters {
  readonly messageId: Hex;
  readonly found: FoundMessage;
  readonly validators: readonly string[];
  readonly destination: DestinationView;
  readonly httpTimeoutMs?: number;
}

/**
 * Delivers a found message on its destination without a relayer: fetches the validators' signatures, recovers
 * every one locally, keeps a threshold of signers of the destination's set (or of its retained previous set) in
 * ascending order and delivers them. Throws `BridgeWrongDestination` or `BridgeBelowThreshold` before sending,
 * and the destination's error otherwise.
 *
 * @example
 * ```ts
 * const { id, signers } = await selfRelayMessage({ messageId, found, validators: urls, destination });
 * ```
 */
export async function selfRelayMessage({
  messageId,
  found,
  validators,
  destination: dst,
  httpTimeoutMs,
}: SelfRelayMessageParameters): Promise<{
  readonly messageId: Hex;
  readonly id: string;
  readonly cost?: bigint;
  readonly signers: readonly Address[];
}> {
  if (found.message.dstDomain !== dst.domain)
    throw new CalctraError("BridgeWrongDestination", { dstDomain: found.message.dstDomain, localDomain: dst.domain });
  const set = await dst.validatorSet();
  const { valid } = await collectSignatures({
    messageId,
    validators,
    destination: dst,
    set,
    ...(httpTimeoutMs === undefined ? {} : { httpTimeoutMs }),
  });
  const lower = (list: readonly Address[]) => new Set(list.map((a) => a.toLowerCase()));
  const current = lower(set.validators);
  let chosen = valid.filter((s) => current.has(s.signer));
  let threshold = set.threshold;
  if (chosen.length < threshold && set.previous) {
    const previous = lower(set.previous.validators);
    const prev = valid.filter((s) => previous.has(s.signer));
    if (prev.length >= set.previous.threshold) {
      chosen = prev;
      threshold = set.previous.threshold;
    }
  }
  if (chosen.length < threshold)
    throw new CalctraError("BridgeBelowThreshold", { signatures: BigInt(chosen.length), threshold: BigInt(threshold) });
  chosen = chosen.slice(0, threshold);
  const signers = chosen.map((s) => s.signer);
  if (dst.receive) {
    const r = await dst.receive(found, chosen);
    return { messageId, id: r.id, cost: r.cost, signers };
  }
  const r = await dst.deliver([{ messageId, encoded: found.encoded, message: found.message, signatures: chosen }]);
  if (!r.delivered.includes(messageId))
    throw new Error(`domain ${dst.domain} did not record ${messageId} as delivered (tx ${r.transactionId})`);
  return { messageId, id: r.transactionId, signers };
}

/**
 * Signatures concatenated as the EVM bridges take them (r|s|v each).
 *
 * @example
 * ```ts
 * const packed = concatSignatures(valid.slice(0, 2));
 * ```
 */
export function concatSignatures(list: readonly { readonly signature: Hex }[]): Hex {
  return `0x${list.map((s) => s.signature.slice(2)).join("")}`;
}
