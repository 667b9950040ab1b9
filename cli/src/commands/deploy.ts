/** `calctra deploy`: the EVM suite with Hardhat Ignition; writes deployments/<network>.json. */
import type { Command } from "commander";

/**
 * Adds `deploy`.
 *
 * @example
 * ```ts
 * addDeployCommand(program);
 * await program.parseAsync(["node", "calctra", "deploy", "--network", "rpc"]);
 * ```
 */
export function addDeployCommand(program: Command): void {
  program
    .command("deploy")
    .description("deploy the EVM suite with Hardhat Ignition to a network of hardhat.config.ts; writes deployments/<network>.json")
    .option("--network <name>", "Hardhat network name", "localhost")
    .option("--spoke", "deploy as a spoke chain (bridge-minted supply)")
    .action(async (opts: { network: string; spoke?: boolean }) => {
      const { spawnSync } = await import("node:child_process");
      process.stderr.write(`deploying to ${opts.network} (${opts.spoke ? "spoke" : "home"})…\n`);
      const r = spawnSync("npx", ["hardhat", "run", "contracts-evm/scripts/deploy.ts", "--network", opts.network], {
        stdio: "inherit",
        env: { ...process.env, CALCTRA_MODE: opts.spoke ? "spoke" : "home" },
      });
      if (r.status !== 0) throw new Error(`deploy failed (exit ${r.status})`);
    });
}
