/**
 * `calctra devnet` (`npm run devnet`): the four chains of one governance behind their standard HTTP APIs (EVM JSON-RPC
 * for the home and the spoke, Solana JSON-RPC + PubSub, a toncenter-v2 API for TON), the suite deployed, named
 * development accounts funded on every chain, the deployment files written; runs until SIGINT / SIGTERM.
 */
import type { Command } from "commander";

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new RangeError(`not a port: ${v}`);
  return n;
};

/**
 * Adds the `devnet` command.
 *
 * @example
 * ```ts
 * addDevnetCommand(program, (t) => process.stdout.write(t));
 * ```
 */
export function addDevnetCommand(program: Command, out: (text: string) => void = (t) => process.stdout.write(t)): void {
  program
    .command("devnet")
    .description(
      "run EVM home + spoke, Solana and TON locally behind their standard HTTP APIs, with the suite deployed and dev accounts funded",
    )
    .option("--home-port <port>", "EVM home JSON-RPC port (default: the devnet's, see docs/devnet.md)", port)
    .option("--spoke-port <port>", "EVM spoke JSON-RPC port (default: the devnet's)", port)
    .option("--solana-port <port>", "Solana JSON-RPC port; its websocket listens on the next port (default: the devnet's)", port)
    .option("--ton-port <port>", "TON toncenter-v2 API port (default: the devnet's)", port)
    .option("--host <address>", "interface to listen on", "127.0.0.1")
    .option("--out <dir>", "folder of the deployment and key files", "deployments/devnet")
    .option("--accounts <names>", "comma-separated names of the development accounts", "alice,bob,carol")
    .option("--bridge", "run the validators and the relayer continuously, so bridge messages flow by themselves")
    .option(
      "--services-port <port>",
      "first port of the bridge services the written configs describe (relayer, then 3 validators)",
      port,
      18100,
    )
    .option("--json", "print the endpoints, files and accounts as JSON")
    .action(
      async (o: {
        homePort?: number;
        spokePort?: number;
        solanaPort?: number;
        tonPort?: number;
        host: string;
        out: string;
        accounts: string;
        bridge?: boolean;
        servicesPort: number;
        json?: boolean;
      }) => {
        // Loaded when the command runs: @calctra/devnet is an optional dependency of the published CLI.
        const { DEVNET_PORTS, startDevnet } = await import("@calctra/devnet/devnet");
        const devnet = await startDevnet({
          ports: {
            home: o.homePort ?? DEVNET_PORTS.home,
            spoke: o.spokePort ?? DEVNET_PORTS.spoke,
            solana: o.solanaPort ?? DEVNET_PORTS.solana,
            ton: o.tonPort ?? DEVNET_PORTS.ton,
          },
          hostname: o.host,
          directory: o.out,
          accounts: o.accounts.split(",").filter((n) => n !== ""),
          bridge: o.bridge === true,
          servicesPort: o.servicesPort,
        });
        out(
          o.json
            ? `${JSON.stringify({ endpoints: devnet.endpoints, files: devnet.files, accounts: devnet.accounts }, null, 2)}\n`
            : `${devnet.summary()}\nRunning; Ctrl-C stops it (state lives for this session only).\n`,
        );
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
        await devnet.close();
        out("devnet stopped\n");
      },
    );
}
