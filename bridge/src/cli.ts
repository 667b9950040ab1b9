#!/usr/bin/env -S npx tsx
/**
 * calctra-bridge: runs a validator or a relayer from a JSON config file.
 *
 *   npx tsx bridge/src/cli.ts validator --config validator.json
 *   npx tsx bridge/src/cli.ts relayer --config relayer.json
 */
import { Command } from "commander";
import { pino } from "pino";
import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { loadConfig, relayerConfigSchema, resolveKey, validatorConfigSchema } from "./config.js";
import { EvmDestination } from "./destination-evm.js";
import { Relayer } from "./relayer.js";
import { EvmSource } from "./source.js";
import { SqliteRelayStore } from "./store.js";
import type { DestinationChain } from "./types.js";
import { Validator } from "./validator.js";
import type { UniversalAddress } from "./sdk.js";

const client = (url: string) => createPublicClient({ transport: http(url), pollingInterval: 250 }) as PublicClient;

function onSignals(stop: () => Promise<void>) {
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => void stop().then(() => process.exit(0)));
}

const program = new Command().name("calctra-bridge").description("Calctra bridge validator and relayer");

program.command("validator").requiredOption("--config <file>", "validator config (JSON)").action(async (o: { config: string }) => {
  const cfg = loadConfig(validatorConfigSchema, o.config);
  const logger = pino({ level: cfg.logLevel, base: { service: "validator" } });
  const validator = new Validator({
    sources: cfg.sources.map((s) => ({
      source: new EvmSource({ client: client(s.rpcUrl), bridge: s.bridge as `0x${string}`, domain: s.domain, confirmations: s.confirmations }),
      startBlock: s.startBlock,
    })),
    destinations: new Map(cfg.destinations.map((d) => [d.domain, d.bridge as UniversalAddress])),
    account: privateKeyToAccount(resolveKey(cfg.signer)),
    logger,
  });
  const port = await validator.start({ intervalMs: cfg.pollIntervalMs, port: cfg.http.port, host: cfg.http.host });
  logger.info({ port }, "listening");
  onSignals(() => validator.stop());
});

program.command("relayer").requiredOption("--config <file>", "relayer config (JSON)").action(async (o: { config: string }) => {
  const cfg = loadConfig(relayerConfigSchema, o.config);
  const logger = pino({ level: cfg.logLevel, base: { service: "relayer" } });
  const store = new SqliteRelayStore(cfg.store.path);
  const destinations = new Map<number, DestinationChain>();
  for (const d of cfg.destinations) {
    const account = privateKeyToAccount(resolveKey(d.submitter));
    const publicClient = client(d.rpcUrl);
    const chainId = await publicClient.getChainId();
    const walletClient = createWalletClient({
      account, transport: http(d.rpcUrl), pollingInterval: 250,
      chain: { id: chainId, name: `domain-${d.domain}`, nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [d.rpcUrl] } } },
    });
    destinations.set(d.domain, new EvmDestination({ domain: d.domain, bridge: d.bridge as `0x${string}`, publicClient, walletClient, maxBatch: d.maxBatch }));
  }
  const relayer = new Relayer({
    sources: cfg.sources.map((s) => ({
      source: new EvmSource({ client: client(s.rpcUrl), bridge: s.bridge as `0x${string}`, domain: s.domain, confirmations: s.confirmations }),
      startBlock: s.startBlock,
    })),
    destinations, validators: cfg.validators, store, logger, httpTimeoutMs: cfg.httpTimeoutMs, retry: cfg.retry, verify: cfg.verify,
  });
  const port = await relayer.start({ intervalMs: cfg.pollIntervalMs, port: cfg.http.port, host: cfg.http.host });
  logger.info({ port }, "listening");
  onSignals(async () => { await relayer.stop(); store.close(); });
});

await program.parseAsync(process.argv);
