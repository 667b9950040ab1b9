import { readFileSync } from "node:fs";
import { z } from "zod";

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `${bytes}-byte 0x hex`);
const domain = z.number().int().min(0).max(0xffffffff);
/** A key given inline (development only) or, better, by the name of an environment variable. */
const key = z.union([z.object({ privateKey: hex(32) }), z.object({ privateKeyEnv: z.string().min(1) })]);

/** A TON address in any form @ton/core parses (raw `0:…` or user-friendly). */
const tonAddress = z
  .string()
  .regex(/^(-?\d+:[0-9a-fA-F]{64}|[A-Za-z0-9_-]{48})$/, "a TON address (raw 0:<64 hex> or 48-char user-friendly)");
/** A TON HTTP API endpoint (toncenter-compatible, e.g. https://toncenter.com/api/v2/jsonRPC) and its optional key. */
const tonEndpoint = { endpoint: z.string().url(), apiKeyEnv: z.string().min(1).optional() };

const evmSource = z.object({
  kind: z.literal("evm"),
  domain,
  rpcUrl: z.string().url(),
  bridge: hex(20),
  /** The block tag that counts as final (DESIGN §8: validators sign only at finality); "latest" only for a dev node. */
  finality: z.enum(["finalized", "safe", "latest"]).default("finalized"),
  /** Extra blocks below the finality tag's block (default 0). */
  confirmations: z.number().int().min(0).max(10_000).default(0),
  /** Independent RPC endpoints of the same chain that must agree with `rpcUrl` before anything is signed. */
  witnessRpcUrls: z.array(z.string().url()).max(8).default([]),
  /** How many of rpcUrl + witnesses must answer (default: all). */
  quorum: z.number().int().min(1).max(9).optional(),
  startBlock: z.coerce.bigint().default(0n),
});
/** TON source: the cursor is the outbound nonce (`startBlock` = first nonce to read). */
const tonSource = z.object({
  kind: z.literal("ton"),
  ...tonEndpoint,
  bridge: tonAddress,
  delaySeconds: z.number().int().min(0).max(3600).default(0),
  startBlock: z.coerce.bigint().default(1n),
});
/** A base58 Solana public key. */
const solanaKey = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, "a base58 Solana public key");
const solanaCommitment = z.enum(["processed", "confirmed", "finalized"]);
/** Solana source: the cursor is the outbound nonce (`startBlock` = first nonce to read). */
const solanaSource = z.object({
  kind: z.literal("solana"),
  rpcUrl: z.string().url(),
  /** The bridge program (default: the id in the bridge IDL). */
  programId: solanaKey.optional(),
  commitment: solanaCommitment.default("finalized"),
  /** Extra slot depth on top of the commitment, counted from the slot a message was first seen at. */
  confirmations: z.number().int().min(0).max(10_000).default(0),
  maxPerScan: z.number().int().min(1).max(1000).default(256),
  startBlock: z.coerce.bigint().default(1n),
});
/**
 * Sources by `kind` ("evm" when omitted, as in configs written before TON). A new chain adds one object
 * with its own `kind` literal to the list.
 */
const source = z.preprocess(
  (v) => (v && typeof v === "object" && !("kind" in v) ? { ...v, kind: "evm" } : v),
  z.discriminatedUnion("kind", [evmSource, tonSource, solanaSource]),
);
export type SourceConfig = z.infer<typeof source>;

const evmDestination = z.object({
  kind: z.literal("evm"),
  domain,
  rpcUrl: z.string().url(),
  bridge: hex(20),
  maxBatch: z.number().int().min(1).max(64).default(32),
  submitter: key,
  /** First block searched for the delivery event of a message found already delivered (to record its transaction). */
  deliverySearchFromBlock: z.coerce.bigint().default(0n),
});
/** TON destination: one BridgeDeliver per message, paid from a wallet given by its mnemonic. */
const tonDestination = z.object({
  kind: z.literal("ton"),
  ...tonEndpoint,
  bridge: tonAddress,
  /** nanoton attached to each delivery (default 0.2 TON). */
  value: z.coerce.bigint().positive().default(200_000_000n),
  maxBatch: z.number().int().min(1).max(16).default(1),
  wallet: z.object({ mnemonicEnv: z.string().min(1), version: z.enum(["v4", "v5r1"]).default("v4") }),
  poll: z
    .object({ intervalMs: z.number().int().min(100), timeoutMs: z.number().int().min(1000) })
    .default({ intervalMs: 1500, timeoutMs: 90_000 }),
});
/** Solana destination: `receive_message` instructions packed per transaction, paid by the relayer's keypair. */
const solanaDestination = z.object({
  kind: z.literal("solana"),
  rpcUrl: z.string().url(),
  programId: solanaKey.optional(),
  commitment: solanaCommitment.default("confirmed"),
  maxBatch: z.number().int().min(1).max(16).default(4),
  priorityMicroLamports: z.number().int().min(0).optional(),
  /** Environment variable holding the payer's secret key (solana-keygen JSON array or base58). */
  payer: z.object({ secretKeyEnv: z.string().min(1) }),
});
/** Destinations by `kind`. */
const destination = z.discriminatedUnion("kind", [evmDestination, tonDestination, solanaDestination]);
export type DestinationConfig = z.infer<typeof destination>;

/**
 * Relayer state: SQLite for one instance (the default), PostgreSQL when several instances share the work
 * (each claims messages under a lease of `leaseSeconds`, renewed while it works).
 */
const store = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("sqlite"), path: z.string().min(1) }),
  z.object({
    kind: z.literal("postgres"),
    url: z.string().regex(/^postgres(ql)?:\/\/\S+$/, "a postgres:// or postgresql:// connection URL"),
    leaseSeconds: z.number().min(1).max(3600).default(30),
    instanceId: z.string().min(1).max(200).optional(),
    poolSize: z.number().int().min(1).max(64).default(4),
  }),
]);
export type StoreConfig = z.infer<typeof store>;

/** Start-up checks: wait between attempts while an RPC is unreachable, and attempts before giving up (default: never). */
const startup = z
  .object({ retryMs: z.number().int().min(50).max(600_000).default(2000), attempts: z.number().int().min(1).optional() })
  .default({ retryMs: 2000 });

export const validatorConfigSchema = z.object({
  sources: z.array(source).min(1),
  /** Destination bridges by domain: what the digest binds. */
  destinations: z.array(z.object({ domain, bridge: hex(32) })).min(1),
  signer: key,
  http: z.object({ host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65535) }),
  pollIntervalMs: z.number().int().min(50).default(1000),
  startup,
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type ValidatorConfig = z.infer<typeof validatorConfigSchema>;

export const relayerConfigSchema = z.object({
  sources: z.array(source).min(1),
  destinations: z.array(destination).min(1),
  validators: z.array(z.string().url()).min(1),
  store,
  /** Messages one instance claims per poll (its share of the work with a shared store). */
  maxPerPoll: z.number().int().min(1).max(10_000).default(1000),
  http: z.object({ host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65535) }),
  pollIntervalMs: z.number().int().min(50).default(1000),
  httpTimeoutMs: z.number().int().min(10).default(2000),
  verify: z.enum(["always", "on-failure"]).default("on-failure"),
  retry: z.object({ baseMs: z.number().int().min(1), maxMs: z.number().int().min(1) }).default({ baseMs: 500, maxMs: 60_000 }),
  /** A message not delivered this long after the relayer first saw it makes `/health` answer `ok: false`. */
  stuckAfterSeconds: z.number().min(1).default(600),
  startup,
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type RelayerConfig = z.infer<typeof relayerConfigSchema>;

/** Reads and validates a JSON config file; throws with every issue listed. */
export function loadConfig<S extends z.ZodTypeAny>(schema: S, path: string): z.infer<S> {
  const raw: unknown = JSON.parse(readFileSync(path, "utf8"));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid config ${path}:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  return parsed.data;
}

/** The private key of a `key` entry. */
export function resolveKey(k: z.infer<typeof key>): `0x${string}` {
  if ("privateKey" in k) return k.privateKey as `0x${string}`;
  const v = process.env[k.privateKeyEnv];
  if (!v || !/^0x[0-9a-fA-F]{64}$/.test(v)) throw new Error(`environment variable ${k.privateKeyEnv} does not hold a 32-byte 0x key`);
  return v as `0x${string}`;
}
