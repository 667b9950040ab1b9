/**
 * `calctra relayer start` / `calctra validator start`: run the services of `@calctra/bridge` from a config file. Each
 * service is one Node process on the built JavaScript (`node bridge/dist/cli.js <service> --config <file>`; build it
 * with `npm run build:packages`), never a chain of npx/tsx processes. The command waits for the service, forwards
 * SIGTERM and SIGINT to it and ends with its exit status.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";

/**
 * The built entry of the bridge services (`@calctra/bridge`'s `dist/cli.js`), also when this CLI itself runs from
 * TypeScript sources (the `calctra-source` condition resolves the package to `src/cli.ts`).
 */
export function bridgeServiceEntry(): string {
  const resolved = fileURLToPath(import.meta.resolve("@calctra/bridge/cli"));
  const entry = resolved.replace(/([\\/])src([\\/])cli\.ts$/, "$1dist$2cli.js");
  if (!existsSync(entry)) throw new Error(`the bridge services are not built (${entry} is missing): run npm run build:packages`);
  return entry;
}

/**
 * The environment of a service process: this one's, without a `--conditions=calctra-source` in NODE_OPTIONS (the built
 * service must load the built packages, not their TypeScript sources).
 */
export function serviceEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const options = (env.NODE_OPTIONS ?? "")
    .split(/\s+/)
    .filter((o) => o.length > 0 && o !== "--conditions=calctra-source" && o !== "-C=calctra-source")
    .join(" ");
  const { NODE_OPTIONS: _, ...rest } = env;
  return options ? { ...rest, NODE_OPTIONS: options } : rest;
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
        const child = spawn(process.execPath, [bridgeServiceEntry(), service, "--config", o.config], {
          stdio: "inherit",
          env: serviceEnvironment(),
        });
        const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
        const onTerm = forward("SIGTERM");
        const onInt = forward("SIGINT");
        process.on("SIGTERM", onTerm).on("SIGINT", onInt);
        const code: number = await new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
        process.off("SIGTERM", onTerm).off("SIGINT", onInt);
        if (code !== 0) throw new Error(`${service} exited with ${code}`);
      });
  }
}
