/**
 * Delivering a result to its user (DESIGN §5.3), the parts every client shares and that run in a browser:
 * content addresses (CIDv1, raw codec, sha2-256 — on chain only the 32-byte digest), the versioned task spec, the
 * dense-inference tensors, and the result envelope (X25519 + HKDF-SHA256 + XChaCha20-Poly1305, @noble) that only the
 * user's key opens. Every refusal is a `CalctraError` of the `delivery` group.
 */
import { xchacha20poly1305 } from "@noble/ciphers/chacha";
import { x25519 } from "@noble/curves/ed25519";
import { hkdf } from "@noble/hashes/hkdf";
import { sha256 } from "@noble/hashes/sha2";
import { keccak_256 } from "@noble/hashes/sha3";
import { randomBytes } from "@noble/hashes/utils";
import { CID } from "multiformats/cid";

/** A content identifier (multiformats). */
export type { CID };
import * as Digest from "multiformats/hashes/digest";
import { z } from "zod";
import { SPEC_HASH_BOUND } from "./fields.js";
import { CalctraError } from "./errors.js";

type Hex = `0x${string}`;
const hex = (b: Uint8Array): Hex => `0x${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("")}`;
function unhex(name: string, h: string, length: number): Uint8Array {
  if (!new RegExp(`^0x[0-9a-fA-F]{${length * 2}}$`).test(h))
    throw new CalctraError("DeliveryInvalidSpec", { field: name, reason: `must be 0x and ${length * 2} hex digits` });
  return Uint8Array.from(h.slice(2).match(/../g) ?? [], (x) => Number.parseInt(x, 16));
}

/** The multicodec of raw bytes and the multihash code of sha2-256. */
export const RAW_CODEC = 0x55;
export const SHA2_256_CODE = 0x12;

/**
 * The CIDv1 (raw, sha2-256) of some bytes: what a content store files them under.
 *
 * @example
 * ```ts
 * cidOf(new TextEncoder().encode("hello")).toString(); // "bafkrei…"
 * ```
 */
export function cidOf(bytes: Uint8Array): CID {
  return CID.createV1(RAW_CODEC, Digest.create(SHA2_256_CODE, sha256(bytes)));
}

/** Parses a CID string and checks it is CIDv1, raw, sha2-256 — the only form Calctra stores or records. */
export function parseCid(text: string): CID {
  let cid: CID;
  try {
    cid = CID.parse(text);
  } catch {
    throw new CalctraError("DeliveryInvalidCid", { reason: "not a CID" });
  }
  if (cid.version !== 1 || cid.code !== RAW_CODEC || cid.multihash.code !== SHA2_256_CODE || cid.multihash.digest.length !== 32)
    throw new CalctraError("DeliveryInvalidCid", { reason: "not CIDv1 raw sha2-256" });
  return cid;
}

/** A CID's 32-byte sha2-256 digest: what a chain records (`publishResult`). */
export function cidDigest(cid: CID | string): Hex {
  return hex((typeof cid === "string" ? parseCid(cid) : cid).multihash.digest);
}

/** The CID (v1, raw, sha2-256) of a digest a chain recorded. */
export function cidFromDigest(digest: Hex): CID {
  const d = unhex("digest", digest, 32);
  if (d.every((b) => b === 0)) throw new CalctraError("DeliveryInvalidCid", { reason: "zero digest (nothing recorded)" });
  return CID.createV1(RAW_CODEC, Digest.create(SHA2_256_CODE, d));
}

/** `specHash` of a spec CID: its digest as a big-endian integer mod 2^248 (a field element on every curve, §6). */
export function specHashOfCid(cid: CID | string): bigint {
  return BigInt(cidDigest(cid)) % SPEC_HASH_BOUND;
}

/** Whether `bytes` are the content of `cid` (a store's answer is checked, never trusted). */
export function matchesCid(cid: CID | string, bytes: Uint8Array): boolean {
  return cidOf(bytes).equals(typeof cid === "string" ? parseCid(cid) : cid);
}

// ── The task spec ──────────────────────────────────────────────────────────────────────────────

const cidString = z.string().refine(
  (s) => {
    try {
      parseCid(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be a CIDv1 (raw, sha2-256)" },
);
const key32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x and 64 hex digits");

/** The job kinds a spec can name; `dense-inference` (y = W·x + b) first, room left for others. */
export const JOB_TYPES = ["dense-inference"] as const;

/** Version 1 of the task spec, the document `specHash` commits to (by its CID). */
export const TaskSpecV1 = z
  .object({
    version: z.literal(1),
    job: z.discriminatedUnion("type", [
      z
        .object({
          type: z.literal("dense-inference"),
          /** Input names: the weight matrix W (m×n), the bias b (m) and the input x (n). */
          inputs: z.object({ W: cidString, b: cidString, x: cidString }).strict(),
        })
        .strict(),
    ]),
    /** 0: optimistic; otherwise the registered Groth16 verifier that proves the result. */
    verifierId: z.number().int().min(0).max(0xffff),
    /** The user's X25519 public key: the result is sealed to it. */
    resultKey: key32,
    /**
     * Chosen by {@link prepareTaskSpec} so that the spec's sha2-256 digest is below 2^248: then `specHash` is the
     * digest itself and any agent recovers the spec's CID from the chain ({@link specCidOfHash}).
     */
    nonce: z.number().int().min(0).max(0xffffffff).optional(),
    /** What a provider needs to run it; the matching engine compares these with a provider's hardware. */
    requirements: z
      .object({
        cores: z.number().int().min(1).optional(),
        memoryGiB: z.number().positive().optional(),
        gpu: z
          .object({ count: z.number().int().min(1), model: z.string().min(1).optional(), memoryGiB: z.number().positive().optional() })
          .strict()
          .optional(),
        region: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
/** A task spec (version 1). */
export type TaskSpec = z.infer<typeof TaskSpecV1>;

/** JSON with object keys sorted at every level: one spec, one byte string, one CID. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * A spec's bytes (canonical JSON) after checking it against the schema; store them and use {@link specHashOfCid} of
 * their CID as the task's `specHash`.
 *
 * @example
 * ```ts
 * const bytes = encodeTaskSpec({ version: 1, job: { type: "dense-inference", inputs }, verifierId: 0, resultKey, requirements: {} });
 * const specCid = await store.put(bytes);
 * ```
 */
export function encodeTaskSpec(spec: TaskSpec): Uint8Array {
  return new TextEncoder().encode(canonicalJson(checkSpec(spec)));
}

/** What {@link prepareTaskSpec} returns: the bytes to store, their CID and the task's `specHash`. */
export interface PreparedTaskSpec {
  readonly spec: TaskSpec;
  readonly bytes: Uint8Array;
  readonly cid: CID;
  /** The CID's digest as an integer, below 2^248: `createTask({ specHash })`. */
  readonly specHash: bigint;
}

/**
 * Encodes a spec with the first `nonce` whose CID digest is below 2^248 (one try in 256 succeeds; ~1 ms), so
 * `specHash` equals the digest and {@link specCidOfHash} recovers the CID from the chain — no index needed.
 *
 * @example
 * ```ts
 * const { bytes, specHash } = prepareTaskSpec(spec);
 * await store.put(bytes);
 * await market.createTask({ specHash, reward, collateral, deadline, verifierId: spec.verifierId, minReputationBps: 0 });
 * ```
 */
export function prepareTaskSpec(spec: TaskSpec): PreparedTaskSpec {
  const checked = checkSpec(spec);
  for (let nonce = 0; nonce <= 0xffffffff; nonce++) {
    const candidate = { ...checked, nonce };
    const bytes = new TextEncoder().encode(canonicalJson(candidate));
    const digest = sha256(bytes);
    if (digest[0] === 0) {
      const cid = CID.createV1(RAW_CODEC, Digest.create(SHA2_256_CODE, digest));
      return { spec: candidate, bytes, cid, specHash: BigInt(hex(digest)) };
    }
  }
  /* c8 ignore next */
  throw new CalctraError("DeliveryInvalidSpec", { reason: "no nonce gives a digest below 2^248" });
}

/**
 * The spec CID a task's `specHash` names: the CID whose digest is `specHash` as 32 big-endian bytes. Specs made with
 * {@link prepareTaskSpec} are found this way; any other `specHash` names a CID no store holds (`DeliveryContentNotFound`).
 */
export function specCidOfHash(specHash: bigint): CID {
  if (specHash <= 0n || specHash >= SPEC_HASH_BOUND)
    throw new CalctraError("DeliveryInvalidCid", { reason: "specHash must be in (0, 2^248)" });
  return cidFromDigest(`0x${specHash.toString(16).padStart(64, "0")}`);
}

/** Parses and checks a spec fetched by CID; `DeliveryInvalidSpec` names the first problem. */
export function parseTaskSpec(bytes: Uint8Array): TaskSpec {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new CalctraError("DeliveryInvalidSpec", { reason: "not UTF-8 JSON" });
  }
  return checkSpec(json);
}

function checkSpec(json: unknown): TaskSpec {
  const r = TaskSpecV1.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CalctraError("DeliveryInvalidSpec", { field: issue?.path.join(".") || "(root)", reason: issue?.message ?? "invalid" });
  }
  return r.data;
}

// ── Tensors (the dense-inference inputs and output) ───────────────────────────────────────────

const intString = z.string().regex(/^-?(0|[1-9]\d*)$/);
const TensorV1 = z
  .object({ shape: z.array(z.number().int().min(1)).min(1).max(2), values: z.array(intString) })
  .strict()
  .refine((t) => t.values.length === t.shape.reduce((a, b) => a * b, 1), { message: "values do not match the shape" });

/** Encodes integers (a vector, or a matrix by rows) as a canonical JSON tensor. */
export function encodeTensor(values: readonly bigint[] | readonly (readonly bigint[])[]): Uint8Array {
  const matrix = values.length > 0 && Array.isArray(values[0]);
  const rows = matrix ? (values as readonly (readonly bigint[])[]) : [values as readonly bigint[]];
  const cols = rows[0]?.length ?? 0;
  if (cols === 0 || rows.some((r) => r.length !== cols))
    throw new CalctraError("DeliveryInvalidInput", { reason: "a tensor needs equal, non-empty rows" });
  const shape = matrix ? [rows.length, cols] : [cols];
  return new TextEncoder().encode(canonicalJson({ shape, values: rows.flat().map(String) }));
}

/** Parses a tensor; `shape` (when given) must match. A vector comes back as `bigint[]`, a matrix as `bigint[][]`. */
export function parseTensor(bytes: Uint8Array, shape?: readonly number[]): bigint[] | bigint[][] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new CalctraError("DeliveryInvalidInput", { reason: "not UTF-8 JSON" });
  }
  const r = TensorV1.safeParse(json);
  if (!r.success) throw new CalctraError("DeliveryInvalidInput", { reason: r.error.issues[0]?.message ?? "invalid tensor" });
  const t = r.data;
  if (shape && (shape.length !== t.shape.length || shape.some((d, i) => d !== t.shape[i])))
    throw new CalctraError("DeliveryInvalidInput", { reason: `shape [${t.shape}] where [${shape}] is expected` });
  const values = t.values.map((v) => BigInt(v));
  if (t.shape.length === 1) return values;
  const [m, n] = t.shape as [number, number];
  return Array.from({ length: m }, (_, i) => values.slice(i * n, (i + 1) * n));
}

// ── The result: payload and envelope ──────────────────────────────────────────────────────────

/** What a provider delivers: the output, and the salt of its commitment when the task is proved. */
export interface ResultPayload {
  readonly taskId: bigint;
  readonly output: readonly bigint[];
  /** The salt of `resultCommitment` (proved tasks), so the user can recompute it. */
  readonly salt?: bigint;
}

const PayloadV1 = z
  .object({ version: z.literal(1), taskId: intString, output: z.array(intString).min(1), salt: intString.optional() })
  .strict();

/** The payload's bytes (canonical JSON). */
export function encodeResultPayload(p: ResultPayload): Uint8Array {
  return new TextEncoder().encode(
    canonicalJson({
      version: 1,
      taskId: p.taskId.toString(),
      output: p.output.map(String),
      ...(p.salt === undefined ? {} : { salt: p.salt.toString() }),
    }),
  );
}

/** Parses a decrypted payload. */
export function parseResultPayload(bytes: Uint8Array): ResultPayload {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new CalctraError("DeliveryTampered", { reason: "the payload is not UTF-8 JSON" });
  }
  const r = PayloadV1.safeParse(json);
  if (!r.success) throw new CalctraError("DeliveryTampered", { reason: r.error.issues[0]?.message ?? "invalid payload" });
  return {
    taskId: BigInt(r.data.taskId),
    output: r.data.output.map((v) => BigInt(v)),
    ...(r.data.salt === undefined ? {} : { salt: BigInt(r.data.salt) }),
  };
}

/**
 * A replicated task's `resultHash` for an output: keccak256 of the output tensor's canonical bytes, so every honest
 * replica commits to the same hash.
 */
export function resultHashOf(output: readonly bigint[]): Hex {
  return hex(keccak_256(encodeTensor(output)));
}

/** An X25519 key pair for receiving results (keep `secretKey` secret; put `publicKey` in the spec as `resultKey`). */
export function generateResultKeyPair(): { readonly secretKey: Hex; readonly publicKey: Hex } {
  const secret = x25519.utils.randomPrivateKey();
  return { secretKey: hex(secret), publicKey: hex(x25519.getPublicKey(secret)) };
}

const MAGIC = [0x43, 0x41, 0x4c, 0x52]; // "CALR"
const HEADER = 4 + 1 + 32 + 32 + 24;
const INFO = new TextEncoder().encode("calctra result v1");

/**
 * Seals bytes to a user's X25519 public key: `"CALR" | version 1 | recipient (32) | ephemeral key (32) | nonce (24) |
 * XChaCha20-Poly1305 ciphertext`, the key from HKDF-SHA256 over the X25519 shared secret, the header authenticated.
 *
 * @example
 * ```ts
 * const envelope = sealResult({ plaintext: encodeResultPayload(payload), recipient: spec.resultKey });
 * ```
 */
export function sealResult({ plaintext, recipient }: { readonly plaintext: Uint8Array; readonly recipient: Hex }): Uint8Array {
  const to = unhex("recipient", recipient, 32);
  const ephemeral = x25519.utils.randomPrivateKey();
  const header = new Uint8Array(HEADER);
  header.set(MAGIC, 0);
  header[4] = 1;
  header.set(to, 5);
  header.set(x25519.getPublicKey(ephemeral), 37);
  header.set(randomBytes(24), 69);
  const key = hkdf(sha256, x25519.getSharedSecret(ephemeral, to), header.subarray(5, 69), INFO, 32);
  const sealed = xchacha20poly1305(key, header.subarray(69, 93), header).encrypt(plaintext);
  const out = new Uint8Array(HEADER + sealed.length);
  out.set(header, 0);
  out.set(sealed, HEADER);
  return out;
}

/**
 * Opens an envelope with the user's secret key: `DeliveryWrongKey` when it was sealed to another key,
 * `DeliveryTampered` when any byte changed.
 */
export function openResult({ envelope, secretKey }: { readonly envelope: Uint8Array; readonly secretKey: Hex }): Uint8Array {
  if (envelope.length < HEADER + 16 || MAGIC.some((b, i) => envelope[i] !== b) || envelope[4] !== 1)
    throw new CalctraError("DeliveryTampered", { reason: "not a version-1 result envelope" });
  const secret = unhex("secretKey", secretKey, 32);
  const mine = x25519.getPublicKey(secret);
  const to = envelope.subarray(5, 37);
  if (!mine.every((b, i) => b === to[i])) throw new CalctraError("DeliveryWrongKey", { sealedTo: hex(to) });
  const header = envelope.subarray(0, HEADER);
  const key = hkdf(sha256, x25519.getSharedSecret(secret, envelope.subarray(37, 69)), header.subarray(5, 69), INFO, 32);
  try {
    return xchacha20poly1305(key, header.subarray(69, 93), header).decrypt(envelope.subarray(HEADER));
  } catch {
    throw new CalctraError("DeliveryTampered", { reason: "authentication failed" });
  }
}
