#!/usr/bin/env node
/**
 * calctra-bridge: runs a validator or a relayer from a JSON config file, as one Node process on the built JavaScript:
 *
 *   node bridge/dist/cli.js validator --config validator.json
 *   node bridge/dist/cli.js relayer --config relayer.json
 *
 * Start-up: the HTTP port is bound first (log line "listening"), then every EVM endpoint is checked (chain id of its
 * domain, a bridge of that domain at the configured address; an unreachable RPC is retried with one log line per
 * attempt while `/health` answers `ok: false`); a failed check exits with status 1 and one "startup failed" line
 * naming what was found. SIGTERM or SIGINT stops polling, closes the HTTP server and the store, and exits 0.
 */
import { Command } from "commander";
import { pino, type Logger } from "pino";
import { privateKeyToAccount } from "viem/accounts";
import { CalctraError, type UniversalAddress } from "@calctra/core";
import type { DestinationChain } from "@calctra/sdk/bridge";
import { buildDestination, buildSource } from "./chains.js";
import { loadConfig, relayerConfigSchema, resolveKey, validatorConfigSchema } from "./config.js";
import { Relayer } from "./relayer.js";
import { checkServiceEndpoints } from "./startup.js";
import { openRelayStore, type RelayStore } from "./store.js";
import { Validator } from "./validator.js";

/**
 * One service's life: `stop` (set once the service exists) runs on the first SIGTERM/SIGINT, which also aborts the
 * start-up checks; the process exits 0 once stopped, 1 if stopping failed.
 */
class Lifecycle {
  readonly abort = new AbortController();
  #stop: (() => Promise<void>) | null = null;
  #stopping: Promise<void> | null = null;

  constructor(readonly logger: Logger) {
    // `on`, not `once`: a second signal (Ctrl-C reaches both `calctra validator start` and the service it forwards to) is ignored.
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => void this.shutdown(sig));
  }

  set stop(f: () => Promise<void>) {
    this.#stop = f;
  }

  get stopping(): boolean {
    return this.#stopping !== null;
  }

  shutdown(signal: string): Promise<void> {
    this.#stopping ??= (async () => {
      this.logger.info({ signal }, "stopping");
      this.abort.abort();
      try {
        await this.#stop?.();
        this.logger.info("stopped");
        process.exit(0);
      } catch (e) {
        this.logger.error({ err: e instanceof Error ? e.message : String(e) }, "stop failed");
        process.exit(1);
      }
    })();
    return this.#stopping;
  }
}

/**
 * Loads the config, then runs a service's start. A config that does not load or a start-up check that fails is
 * logged as one "startup failed" line (a typed error with its name and arguments) and exits with status 1.
 */
async function main<T extends { logLevel: string }>(service: string, load: () => T, run: (cfg: T, life: Lifecycle) => Promise<void>) {
  let life: Lifecycle | null = null;
  try {
    const cfg = load();
    life = new Lifecycle(pino({ level: cfg.logLevel, base: { service } }));
    await run(cfg, life);
  } catch (e) {
    if (life?.stopping) return; // a signal arrived during start-up: the shutdown exits
    const fields =
      e instanceof CalctraError ? { error: e.name, ...e.args, err: e.message } : { err: e instanceof Error ? e.message : String(e) };
    (life?.logger ?? pino({ base: { service } })).fatal(fields, "startup failed");
    process.exit(1);
  }
}

/** The start-up checks' options from a config's `startup` entry. */
function startupOptions(
  cfg: { startup: { retryMs: number; attempts?: number | undefined } },
  life: Lifecycle,
  waiting: (r: string | null) => void,
) {
  const { retryMs, attempts } = cfg.startup;
  return {
    logger: life.logger,
    retry: { delayMs: retryMs, ...(attempts !== undefined ? { attempts } : {}) },
    signal: life.abort.signal,
    onWaiting: waiting,
  };
}

const program = new Command().name("calctra-bridge").description("Calctra bridge validator and relayer");

program
  .command("validator")
  .requiredOption("--config <file>", "validator config (JSON)")
  .action((o: { config: string }) =>
    main(
      "validator",
      () => loadConfig(validatorConfigSchema, o.config),
      async (cfg, life) => {
        const { logger } = life;
        const validator = new Validator({
          sources: cfg.sources.map(buildSource),
          destinations: new Map(cfg.destinations.map((d) => [d.domain, d.bridge as UniversalAddress])),
          account: privateKeyToAccount(resolveKey(cfg.signer)),
          logger,
        });
        life.stop = () => validator.stop();
        await validator.start({
          intervalMs: cfg.pollIntervalMs,
          port: cfg.http.port,
          host: cfg.http.host,
          preflight: (waiting) =>
            checkServiceEndpoints({ sources: cfg.sources, digestBridges: cfg.destinations }, startupOptions(cfg, life, waiting)),
        });
      },
    ),
  );

program
  .command("relayer")
  .requiredOption("--config <file>", "relayer config (JSON)")
  .action((o: { config: string }) =>
    main(
      "relayer",
      () => loadConfig(relayerConfigSchema, o.config),
      async (cfg, life) => {
        const { logger } = life;
        let store: RelayStore | null = null;
        let relayer: Relayer | null = null;
        life.stop = async () => {
          await relayer?.stop();
          await store?.close();
        };
        store = await openRelayStore(cfg.store, logger);
        const destinations = new Map<number, DestinationChain>();
        for (const d of cfg.destinations) {
          const dst = await buildDestination(d);
          if (destinations.has(dst.domain)) throw new Error(`two destinations for domain ${dst.domain}`);
          destinations.set(dst.domain, dst);
        }
        relayer = new Relayer({
          sources: cfg.sources.map(buildSource),
          destinations,
          validators: cfg.validators,
          store,
          logger,
          httpTimeoutMs: cfg.httpTimeoutMs,
          retry: cfg.retry,
          verify: cfg.verify,
          maxPerPoll: cfg.maxPerPoll,
          stuckAfterMs: cfg.stuckAfterSeconds * 1000,
        });
        logger.info({ store: store.kind, instanceId: store.instanceId }, "store open");
        await relayer.start({
          intervalMs: cfg.pollIntervalMs,
          port: cfg.http.port,
          host: cfg.http.host,
          preflight: (waiting) =>
            checkServiceEndpoints({ sources: cfg.sources, destinations: cfg.destinations }, startupOptions(cfg, life, waiting)),
        });
      },
    ),
  );

await program.parseAsync(process.argv);
