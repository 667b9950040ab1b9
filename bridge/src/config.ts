import { readFileSync } from "node:fs";
import { z } from "zod";

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `${bytes}-byte 0x hex`);
const domain = z.number().int().min(0).max(0xffffffff);
/** A key given inline (development only) or, better, by the name of an environment variable. */
const key = z.union([z.object({ privateKey: hex(32) }), z.object({ privateKeyEnv: z.string().min(1) })]);

const source = z.object({
  domain,
  rpcUrl: z.string().url(),
  bridge: hex(20),
  confirmations: z.number().int().min(0).max(10_000).default(2),
  startBlock: z.coerce.bigint().default(0n),
});

export const validatorConfigSchema = z.object({
  sources: z.array(source).min(1),
  /** Destination bridges by domain: what the digest binds. */
  destinations: z.array(z.object({ domain, bridge: hex(32) })).min(1),
  signer: key,
  http: z.object({ host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65535) }),
  pollIntervalMs: z.number().int().min(50).default(1000),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type ValidatorConfig = z.infer<typeof validatorConfigSchema>;

export const relayerConfigSchema = z.object({
  sources: z.array(source).min(1),
  destinations: z.array(z.object({
    kind: z.literal("evm"),
    domain,
    rpcUrl: z.string().url(),
    bridge: hex(20),
    maxBatch: z.number().int().min(1).max(64).default(32),
    submitter: key,
  })).min(1),
  validators: z.array(z.string().url()).min(1),
  store: z.object({ kind: z.literal("sqlite"), path: z.string().min(1) }),
  http: z.object({ host: z.string().default("127.0.0.1"), port: z.number().int().min(0).max(65535) }),
  pollIntervalMs: z.number().int().min(50).default(1000),
  httpTimeoutMs: z.number().int().min(10).default(2000),
  verify: z.enum(["always", "on-failure"]).default("on-failure"),
  retry: z.object({ baseMs: z.number().int().min(1), maxMs: z.number().int().min(1) }).default({ baseMs: 500, maxMs: 60_000 }),
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
