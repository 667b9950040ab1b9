/**
 * `calctra provider run --config agent.json`: the provider agent as a long-running service — hardware detected and
 * registered by CID, stake topped up, every configured chain watched; tasks found, run, proved, sealed, published and
 * submitted; `/health` and `/metrics` served; structured logs (pino) on stderr; SIGTERM / SIGINT stop it cleanly.
 */
import type { Command } from "commander";
import { destination, pino, type Logger } from "pino";
import { CalctraError, parseCal } from "@calctra/core";
import { IpfsHttpStore } from "@calctra/sdk/delivery";
import { LocalContentStore } from "@calctra/sdk/node";
import type { AgentChain, AgentStore } from "@calctra/agent";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { CommandKit } from "../context.js";
import { powerClientOf } from "./power.js";

/** Options of `provider run`. */
interface RunOptions {
  readonly config: string;
  /** Stop after this many passes (default: run until SIGTERM). */
  readonly passes?: string;
  readonly logLevel: string;
}

/**
 * Adds `provider run` to the `provider` command group (created by `addProviderCommands`).
 *
 * @example
 * ```ts
 * addAgentCommands(program, commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t)));
 * ```
 */
export function addAgentCommands(program: Command, kit: CommandKit): void {
  const provider = program.commands.find((c) => c.name() === "provider") ?? program.command("provider");
  provider
    .command("run")
    .description("run the provider agent: find, run, prove and submit tasks on the configured chains")
    .requiredOption("--config <file>", "agent configuration (JSON): chains, content store, database, floor price, stake, limits")
    .option("--passes <n>", "stop after n passes (default: run until SIGTERM)")
    .option(
      "--log-level <level>",
      "pino log level on stderr: trace, debug, info, warn, error, silent",
      process.env.CALCTRA_LOG_LEVEL ?? "info",
    )
    .action(async (o: RunOptions) => {
      // Loaded when the command runs: @calctra/agent is an optional dependency of the published CLI.
      const { ProviderAgent, detectHardware, loadAgentConfig, nativeProver, serveAgentHttp, snarkjsProver } = await import(
        "@calctra/agent"
      );
      const config = loadAgentConfig(o.config);
      const logger = pino({ name: "calctra-agent", level: o.logLevel }, destination(2));
      const store = await openStore(config.store, logger);
      const content =
        "ipfsApi" in config.content
          ? new IpfsHttpStore({ api: config.content.ipfsApi })
          : new LocalContentStore({ directory: config.content.dir });
      const chains: AgentChain[] = [];
      for (const c of config.chains) {
        const clients = await kit.clients({
          chain: c.chain,
          ...(c.rpc ? { rpc: c.rpc } : {}),
          ...(c.deployment ? { deployment: c.deployment } : {}),
        });
        chains.push({
          name: c.name ?? c.chain,
          kind: c.chain,
          market: clients.marketplace,
          staking: clients.staking,
          self: clients.self,
          universal: clients.selfUniversal,
          now: clients.now,
          // Proof of computational power (DESIGN §11): challenges are answered on every chain (EVM: the deployment's
          // PowerRegistry; Solana and TON: their staking program / contract).
          ...(config.power
            ? {
                power: await powerClientOf(kit, {
                  chain: c.chain,
                  ...(c.rpc ? { rpc: c.rpc } : {}),
                  ...(c.deployment ? { deployment: c.deployment } : {}),
                }),
              }
            : {}),
        });
      }
      const hardware = await detectHardware(config.region ? { region: config.region } : {});
      logger.info({ hardware }, "hardware detected");
      const agent = new ProviderAgent({
        chains,
        store,
        content,
        prover: config.prover === "native" ? nativeProver({ circuits: config.circuits }) : snarkjsProver({ circuits: config.circuits }),
        hardware,
        floorPricePerUnit: parseCal(config.floorPricePerUnit),
        concurrency: config.concurrency,
        taskTimeoutMs: config.taskTimeoutSeconds * 1000,
        verifiers: Object.fromEntries(Object.entries(config.verifiers).map(([k, v]) => [Number(k), v])),
        logger,
        ...(config.power
          ? {
              power: {
                ...(config.power.claimedRate !== undefined ? { claimedRate: BigInt(config.power.claimedRate) } : {}),
                measureMs: config.power.measureMs,
                ...(config.power.hashRate ? { hashRate: config.power.hashRate } : {}),
              },
            }
          : {}),
      });
      const { metadataHash } = await agent.setUp({ stake: parseCal(config.stake) });
      const http = config.http
        ? await serveAgentHttp({ host: config.http.host, port: config.http.port, metrics: agent.metrics, health: () => agent.health() })
        : undefined;
      logger.info({ metadataHash, chains: chains.map((c) => c.name), http: http?.url }, "agent started");
      const shutdown = async () => {
        await agent.stop();
        await http?.close();
        await store.close();
        logger.info("agent stopped");
      };
      if (o.passes !== undefined) {
        const n = Number(o.passes);
        if (!Number.isInteger(n) || n < 1)
          throw new CalctraError("AgentInvalidConfig", { option: "--passes", reason: "a positive integer" });
        for (let i = 0; i < n; i++) await agent.runOnce();
        kit.print(
          { chain: chains[0]?.kind ?? "evm" },
          `ran ${n} pass(es); ${JSON.stringify((await agent.health()).tasks)}`,
          await agent.health(),
        );
        await shutdown();
        return;
      }
      agent.start({ pollMs: config.pollSeconds * 1000 });
      await new Promise<void>((resolve) => {
        const stop = () => void shutdown().then(resolve);
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
    });
}

async function openStore(config: { readonly sqlite: string } | { readonly postgres: string }, logger: Logger): Promise<AgentStore> {
  const { PgAgentStore, SqliteAgentStore } = await import("@calctra/agent");
  if ("postgres" in config) return PgAgentStore.open({ connectionString: config.postgres, logger });
  mkdirSync(dirname(config.sqlite), { recursive: true });
  return new SqliteAgentStore({ path: config.sqlite });
}
