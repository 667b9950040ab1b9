#!/usr/bin/env -S npx tsx
/**
 * calctra-bridge: runs a validator or a relayer from a JSON config file.
 *
 *   npx tsx bridge/src/cli.ts validator --config validator.json
 *   npx tsx bridge/src/cli.ts relayer --config relayer.json
 */
import { Command } from "commander";
import { pino, type Logger } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { buildDestination, buildSource } from "./chains.js";
import { loadConfig, relayerConfigSchema, resolveKey, validatorConfigSchema } from "./config.js";
import { Relayer } from "./relayer.js";
import { openRelayStore } from "./store.js";
import type { DestinationChain } from "@calctra/sdk/bridge";
import { Validator } from "./validator.js";
import type { UniversalAddress } from "@calctra/core";

function onSignals(stop: () => Promise<void>, logger: Logger) {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(
      sig,
      () =>
        void stop().then(
          () => process.exit(0),
          (e: unknown) => {
            logger.error({ err: e instanceof Error ? e.message : String(e) }, "stop failed");
            process.exit(1);
          },
        ),
    );
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

program
  .command("validator")
  .requiredOption("--config <file>", "validator config (JSON)")
  .action((o: { config: string }) =>
    main(async () => {
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
    }),
  );

program
  .command("relayer")
  .requiredOption("--config <file>", "relayer config (JSON)")
  .action((o: { config: string }) =>
    main(async () => {
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
        destinations,
        validators: cfg.validators,
        store,
        logger,
        httpTimeoutMs: cfg.httpTimeoutMs,
        retry: cfg.retry,
        verify: cfg.verify,
        maxPerPoll: cfg.maxPerPoll,
      });
      const port = await relayer.start({ intervalMs: cfg.pollIntervalMs, port: cfg.http.port, host: cfg.http.host });
      logger.info({ port, store: store.kind, instanceId: store.instanceId }, "listening");
      onSignals(async () => {
        await relayer.stop();
        await store.close();
      }, logger);
    }),
  );

await program.parseAsync(process.argv);
