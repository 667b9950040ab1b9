/**
 * `calctra power …`: proof of computational power (DESIGN §11) — `declare` a hash rate, `challenge` a provider as a
 * compute validator, `respond` to one's own challenge (solved natively on every core), `expire` an unanswered one,
 * `status` of a provider's record (what the matching engine ranks by), `bench` this machine's keccak-256 rate (the
 * value to declare), and `validator start --config …`, the compute-validator service (distinct from the bridge's
 * `validator`): round-robin challenges, expiries and fees, with `/health`, `/metrics` and a clean SIGTERM.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { SolanaPowerClient } from "@calctra/sdk/solana";
import { TonPowerClient } from "@calctra/sdk/ton";
import { destination, pino } from "pino";
import { CalctraError, formatCal, parseCal, type PowerClient } from "@calctra/core";
import { EvmPowerClient } from "@calctra/sdk/evm";
import type { ValidatorChain } from "@calctra/agent";
import type { ChainOptions as Opts, CommandKit } from "../context.js";

/**
 * The power client of the chain `--chain` names: EVM the deployment's `PowerRegistry`, Solana and TON the power
 * instructions / messages of their staking program / contract.
 *
 * @example
 * ```ts
 * const power = await powerClientOf(kit, { chain: "evm", rpc, deployment });
 * ```
 */
export async function powerClientOf(kit: CommandKit, o: Opts): Promise<PowerClient & { claimants?(): Promise<readonly string[]> }> {
  if (o.chain === "evm") return new EvmPowerClient(await kit.evmContext(o));
  if (o.chain === "solana") {
    if (!kit.factories.solana) throw new Error("Solana is not configured in this CLI");
    return new SolanaPowerClient(await kit.factories.solana(kit.conn(o, "solana")));
  }
  if (o.chain === "ton") return new TonPowerClient(await kit.tonParams(o));
  throw new Error(`unknown chain ${o.chain}: evm, solana or ton`);
}

const when = (s: bigint) => (s === 0n ? "never" : new Date(Number(s) * 1000).toISOString());

/**
 * Adds the `power` command group.
 *
 * @example
 * ```ts
 * addPowerCommands(program, commandKit({ evm: rpcContextFactory }, (t) => process.stdout.write(t)));
 * ```
 */
export function addPowerCommands(program: Command, kit: CommandKit): void {
  const { withConn, clients, print, tx } = kit;
  const power = program.command("power").description("proof of computational power: declare, challenge, respond, status, bench, validator");

  withConn(
    power.command("declare <rate>").description("declare your keccak-256 rate (hashes per second; `power bench` measures it)"),
  ).action(async (rate: string, o: Opts) =>
    tx(o, `declare ${rate} H/s`, await (await powerClientOf(kit, o)).declareRate({ claimedRate: BigInt(rate) })),
  );

  withConn(power.command("challenge <provider>").description("challenge a provider's claimed rate (compute validators)")).action(
    async (provider: string, o: Opts) => {
      const r = await (await powerClientOf(kit, o)).challenge({ provider });
      print(o, `challenge ${r.challengeId} opened: tx ${r.id} (${kit.unit(o)} ${r.cost ?? "?"})`, { ok: true, ...r });
    },
  );

  withConn(
    power
      .command("respond <challengeId>")
      .description("answer your open challenge: solved with the native keccak-256 solver on every core, then sent"),
  ).action(async (id: string, o: Opts) => {
    const c = await clients(o);
    const client = await powerClientOf(kit, o);
    const open = await client.getChallenge({ provider: c.self });
    if (!open || open.challengeId !== BigInt(id)) throw new CalctraError("PowerUnknownChallenge", { challengeId: BigInt(id) });
    const { solvePowerNative } = await import("@calctra/core/zk-native");
    const { nonces, hashes, ms } = await solvePowerNative({
      seed: open.seed,
      provider: open.provider,
      target: open.target,
      m: open.nonces,
    });
    if (nonces.length < open.nonces) throw new Error(`found ${nonces.length} of ${open.nonces} solutions in ${hashes} hashes`);
    const r = await client.respond({ challengeId: open.challengeId, nonces });
    print(o, `challenge ${id} answered (${hashes} hashes in ${Math.round(ms)} ms): tx ${r.id} (${kit.unit(o)} ${r.cost ?? "?"})`, {
      ok: true,
      challengeId: open.challengeId,
      nonces,
      hashes,
      ms,
      tx: r.id,
      cost: r.cost,
    });
  });

  withConn(power.command("expire <provider>").description("close a provider's unanswered challenge after its window (anyone)")).action(
    async (provider: string, o: Opts) =>
      tx(o, `expire challenge of ${provider}`, await (await powerClientOf(kit, o)).expireChallenge({ provider })),
  );

  withConn(power.command("claim-fees").description("withdraw your accrued compute-validator fees")).action(async (o: Opts) =>
    tx(o, "claim fees", await (await powerClientOf(kit, o)).claimFees()),
  );

  withConn(
    power.command("status [provider]").description("a provider's power record (default: your own), as the matching engine ranks it"),
  ).action(async (provider: string | undefined, o: Opts) => {
    const c = await clients(o);
    const client = await powerClientOf(kit, o);
    const who = provider ?? c.self;
    const rec = await client.getPowerRecord({ provider: who });
    const open = await client.getChallenge({ provider: who });
    const validator = await client.getValidator({ validator: who });
    const lines = [
      `provider        ${rec.provider}`,
      `claimed rate    ${rec.claimedRate === 0n ? "none (unverified)" : `${rec.claimedRate} H/s`}`,
      `verified power  ${rec.verifiedPower} H/s (claim × passed / (passed + failures in a row + 1))`,
      `passed          ${rec.powerPassed}`,
      `failed          ${rec.powerFailed} (in a row: ${rec.failuresInRow})`,
      `last challenge  ${when(rec.lastChallengeAt)}`,
      open
        ? `open challenge  ${open.challengeId}: ${open.nonces} nonces below 0x${open.target.toString(16)} by ${when(open.deadline)}`
        : "open challenge  none",
      ...(validator.registered ? [`validator       ${validator.completed} completed, ${formatCal(validator.feesOwed)} CAL owed`] : []),
    ];
    print(o, lines.join("\n"), { record: rec, challenge: open, validator });
  });

  power
    .command("bench")
    .description("measure this machine's keccak-256 rate on every core: the value to declare")
    .option("--ms <n>", "how long to measure", "2000")
    .option("--json", "machine-readable output")
    .action(async (o: { ms: string; json?: boolean }) => {
      const { measureHashRateNative } = await import("@calctra/core/zk-native");
      const r = measureHashRateNative({ ms: Number(o.ms) });
      const rate = Math.floor(r.rate);
      print(
        { chain: "evm", ...(o.json ? { json: true } : {}) },
        `${rate} H/s (keccak-256, ${r.threads} threads, ${r.hashes} hashes in ${r.seconds.toFixed(2)} s) — declare it with \`calctra power declare ${rate}\``,
        { rate, threads: r.threads, hashes: r.hashes, seconds: r.seconds },
      );
    });

  const validator = power.command("validator").description("the compute-validator service");
  withConn(validator.command("register").description("register as a compute validator (stake at least minStake first)")).action(
    async (o: Opts) => tx(o, "register validator", await (await powerClientOf(kit, o)).registerValidator()),
  );
  validator
    .command("start")
    .description("challenge providers in round robin, expire unanswered challenges, claim fees; /health and /metrics")
    .requiredOption("--config <file>", "validator configuration (JSON): chains, database, stake, passes, endpoint")
    .option("--passes <n>", "stop after n passes (default: run until SIGTERM)")
    .option("--log-level <level>", "pino log level on stderr", process.env.CALCTRA_LOG_LEVEL ?? "info")
    .action(async (o: { config: string; passes?: string; logLevel: string }) => {
      // Loaded when the command runs: @calctra/agent is an optional dependency of the published CLI.
      const { ComputeValidator, ValidatorStore, loadValidatorConfig, serveAgentHttp } = await import("@calctra/agent");
      const config = loadValidatorConfig(o.config);
      const logger = pino({ name: "calctra-power-validator", level: o.logLevel }, destination(2));
      mkdirSync(dirname(config.store.sqlite), { recursive: true });
      const store = new ValidatorStore({ path: config.store.sqlite });
      const chains: ValidatorChain[] = [];
      for (const c of config.chains) {
        const opts: Opts = { chain: c.chain, ...(c.rpc ? { rpc: c.rpc } : {}), ...(c.deployment ? { deployment: c.deployment } : {}) };
        const cl = await clients(opts);
        const client = await powerClientOf(kit, opts);
        const listed = c.providers;
        chains.push({
          name: c.name ?? c.chain,
          power: client,
          staking: cl.staking,
          self: cl.self,
          now: cl.now,
          candidates: async () => listed ?? (client.claimants ? await client.claimants() : []),
        });
      }
      const service = new ComputeValidator({
        chains,
        store,
        challengesPerPass: config.challengesPerPass,
        claimFeesAbove: parseCal(config.claimFeesAbove),
        logger,
      });
      await service.setUp({ stake: parseCal(config.stake) });
      const http = config.http
        ? await serveAgentHttp({ host: config.http.host, port: config.http.port, metrics: service.metrics, health: () => service.health() })
        : undefined;
      logger.info({ chains: chains.map((c) => c.name), http: http?.url }, "compute validator started");
      const shutdown = async () => {
        await service.stop();
        await http?.close();
        await store.close();
        logger.info("compute validator stopped");
      };
      if (o.passes !== undefined) {
        const n = Number(o.passes);
        if (!Number.isInteger(n) || n < 1)
          throw new CalctraError("AgentInvalidConfig", { option: "--passes", reason: "a positive integer" });
        const totals = { opened: 0, expired: 0, closed: 0, claimed: 0n };
        for (let i = 0; i < n; i++) {
          const r = await service.runOnce();
          totals.opened += r.opened;
          totals.expired += r.expired;
          totals.closed += r.closed;
          totals.claimed += r.claimed;
        }
        print(
          { chain: config.chains[0]?.chain ?? "evm" },
          `ran ${n} pass(es); opened ${totals.opened}, expired ${totals.expired}, closed ${totals.closed}, claimed ${formatCal(totals.claimed)} CAL`,
          totals,
        );
        await shutdown();
        return;
      }
      service.start({ pollMs: config.pollSeconds * 1000 });
      await new Promise<void>((resolve) => {
        const stop = () => void shutdown().then(resolve);
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
    });
}
