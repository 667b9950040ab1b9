/**
 * `calctra relayer start` / `calctra validator start`: run the services of `@calctra/bridge` from a config file,
 * one process per service (its built JavaScript when installed; its TypeScript source inside this repository).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";

/** The bridge service CLI entry and the Node arguments that run it. */
function bridgeServiceCommand(): string[] {
  const entry = fileURLToPath(import.meta.resolve("@calctra/bridge/cli"));
  return entry.endsWith(".ts") ? ["--import", "tsx", entry] : [entry];
}

/**
 * Adds `relayer start` and `validator start`.
 *
 * @example
 * ```ts
 * addServiceCommands(program);
 * await program.parseAsync(["node", "calctra", "relayer", "start", "--config", "bridge/examples/relayer.json"]);
 * ```
 */
export function addServiceCommands(program: Command): void {
  for (const service of ["relayer", "validator"] as const) {
    program
      .command(service)
      .description(`the bridge ${service} service`)
      .command("start")
      .description(`start a ${service} from a config file (JSON, validated); logs JSON lines; GET /health`)
      .requiredOption("--config <file>", `${service} config`)
      .action(async (o: { config: string }) => {
        const child = spawn(process.execPath, [...bridgeServiceCommand(), service, "--config", o.config], { stdio: "inherit" });
        const code: number = await new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
        if (code !== 0) throw new Error(`${service} exited with ${code}`);
      });
  }
}
