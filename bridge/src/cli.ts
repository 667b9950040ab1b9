#!/usr/bin/env -S npx tsx
/**
 * calctra-bridge: runs a validator or a relayer from a JSON config file.
 *
 *   npx tsx bridge/src/cli.ts validator --config validator.json
 *   npx tsx bridge/src/cli.ts relayer --config relayer.json
 */
import { Command } from "commander";
import { pino, type Logger } from "pino";
import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { Address as TonAddress } from "@ton/core";
import { mnemonicToPrivateKey } from "@ton/crypto";
import { TonClient, WalletContractV4, WalletContractV5R1 } from "@ton/ton";
import {
  loadConfig, relayerConfigSchema, resolveKey, validatorConfigSchema, type DestinationConfig, type SourceConfig,
} from "./config.js";
import { EvmDestination } from "./destination-evm.js";
import { Relayer } from "./relayer.js";
import { EvmSource } from "./source.js";
import { openRelayStore } from "./store.js";
import { TonDestination, TonSource } from "./ton.js";
import { Connection, PublicKey } from "@solana/web3.js";
import { SolanaDestination, SolanaSource, solanaKeypairFromSecret } from "./solana.js";
import type { DestinationChain, SourceChain } from "./types.js";
import { Validator } from "./validator.js";
import type { UniversalAddress } from "./sdk.js";

const client = (url: string) => createPublicClient({ transport: http(url), pollingInterval: 250 }) as PublicClient;

function tonClient(c: { endpoint: string; apiKeyEnv?: string | undefined }): TonClient {
  const apiKey = c.apiKeyEnv !== undefined ? process.env[c.apiKeyEnv] : undefined;
  if (c.apiKeyEnv !== undefined && !apiKey) throw new Error(`environment variable ${c.apiKeyEnv} (TON API key) is not set`);
  return new TonClient({ endpoint: c.endpoint, ...(apiKey ? { apiKey } : {}) });
}

/** The source chain a config entry names. */
function buildSource(s: SourceConfig): { source: SourceChain; startBlock: bigint } {
  switch (s.kind) {
    case "evm":
      return { source: new EvmSource({ client: client(s.rpcUrl), bridge: s.bridge as `0x${string}`, domain: s.domain, confirmations: s.confirmations }), startBlock: s.startBlock };
    case "ton": {
      const c = tonClient(s);
      return { source: new TonSource({ open: c.open.bind(c), bridge: TonAddress.parse(s.bridge), delaySeconds: s.delaySeconds }), startBlock: s.startBlock };
    }
    case "solana":
      return {
        source: new SolanaSource({
          connection: new Connection(s.rpcUrl, s.commitment), commitment: s.commitment, confirmations: s.confirmations, maxPerScan: s.maxPerScan,
          ...(s.programId ? { programId: new PublicKey(s.programId) } : {}),
        }),
        startBlock: s.startBlock,
      };
  }
}

/** The destination chain a config entry names, with its paying account. */
async function buildDestination(d: DestinationConfig): Promise<DestinationChain> {
  switch (d.kind) {
    case "evm": {
      const account = privateKeyToAccount(resolveKey(d.submitter));
      const publicClient = client(d.rpcUrl);
      const chainId = await publicClient.getChainId();
      const walletClient = createWalletClient({
        account, transport: http(d.rpcUrl), pollingInterval: 250,
        chain: { id: chainId, name: `domain-${d.domain}`, nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [d.rpcUrl] } } },
      });
      return new EvmDestination({ domain: d.domain, bridge: d.bridge as `0x${string}`, publicClient, walletClient, maxBatch: d.maxBatch });
    }
    case "ton": {
      const words = process.env[d.wallet.mnemonicEnv]?.trim().split(/\s+/);
      if (!words || words.length !== 24) throw new Error(`environment variable ${d.wallet.mnemonicEnv} does not hold a 24-word TON mnemonic`);
      const keys = await mnemonicToPrivateKey(words);
      const c = tonClient(d);
      const wallet = d.wallet.version === "v4"
        ? c.open(WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey }))
        : c.open(WalletContractV5R1.create({ workchain: 0, publicKey: keys.publicKey }));
      return new TonDestination({
        open: c.open.bind(c), bridge: TonAddress.parse(d.bridge), sender: wallet.sender(keys.secretKey),
        value: d.value, maxBatch: d.maxBatch, poll: d.poll,
      });
    }
    case "solana": {
      const secret = process.env[d.payer.secretKeyEnv];
      if (!secret) throw new Error(`environment variable ${d.payer.secretKeyEnv} (Solana payer secret key) is not set`);
      return new SolanaDestination({
        connection: new Connection(d.rpcUrl, d.commitment), payer: solanaKeypairFromSecret(secret), commitment: d.commitment, maxBatch: d.maxBatch,
        ...(d.programId ? { programId: new PublicKey(d.programId) } : {}),
        ...(d.priorityMicroLamports !== undefined ? { priorityMicroLamports: d.priorityMicroLamports } : {}),
      });
    }
  }
}

function onSignals(stop: () => Promise<void>, logger: Logger) {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => void stop().then(
      () => process.exit(0),
      (e: unknown) => { logger.error({ err: e instanceof Error ? e.message : String(e) }, "stop failed"); process.exit(1); },
    ));
  }
}

/** Runs `f`; a startup error is logged as one structured line and exits with status 1. */
async function main(f: () => Promise<void>) {
  try {
    await f();
  } catch (e) {
    pino({ base: { service: "calctra-bridge" } }).fatal({ err: e instanceof Error ? e.message : String(e) }, "startup failed");
    process.exit(1);
  }
}

const program = new Command().name("calctra-bridge").description("Calctra bridge validator and relayer");

program.command("validator").requiredOption("--config <file>", "validator config (JSON)").action((o: { config: string }) => main(async () => {
  const cfg = loadConfig(validatorConfigSchema, o.config);
  const logger = pino({ level: cfg.logLevel, base: { service: "validator" } });
  const validator = new Validator({
    sources: cfg.sources.map(buildSource),
    destinations: new Map(cfg.destinations.map((d) => [d.domain, d.bridge as UniversalAddress])),
    account: privateKeyToAccount(resolveKey(cfg.signer)),
    logger,
  });
  const port = await validator.start({ intervalMs: cfg.pollIntervalMs, port: cfg.http.port, host: cfg.http.host });
  logger.info({ port }, "listening");
  onSignals(() => validator.stop(), logger);
}));

program.command("relayer").requiredOption("--config <file>", "relayer config (JSON)").action((o: { config: string }) => main(async () => {
  const cfg = loadConfig(relayerConfigSchema, o.config);
  const logger = pino({ level: cfg.logLevel, base: { service: "relayer" } });
  const store = await openRelayStore(cfg.store, logger);
  const destinations = new Map<number, DestinationChain>();
  for (const d of cfg.destinations) {
    const dst = await buildDestination(d);
    if (destinations.has(dst.domain)) throw new Error(`two destinations for domain ${dst.domain}`);
    destinations.set(dst.domain, dst);
  }
  const relayer = new Relayer({
    sources: cfg.sources.map(buildSource),
    destinations, validators: cfg.validators, store, logger, httpTimeoutMs: cfg.httpTimeoutMs, retry: cfg.retry, verify: cfg.verify,
    maxPerPoll: cfg.maxPerPoll,
  });
  const port = await relayer.start({ intervalMs: cfg.pollIntervalMs, port: cfg.http.port, host: cfg.http.host });
  logger.info({ port, store: store.kind, instanceId: store.instanceId }, "listening");
  onSignals(async () => { await relayer.stop(); await store.close(); }, logger);
}));

await program.parseAsync(process.argv);
