/** `calctra deploy`: the EVM suite (and with `--role`, the chain's bridge) with Hardhat Ignition; writes deployments/<network>.json. */
import type { Command } from "commander";
import { json, type Output } from "../context.js";
import { deployEvm } from "../deploy/run.js";
import { resolveTarget, type TargetOptions } from "../deploy/target.js";

/**
 * Adds `deploy`. The node is named by `--rpc`, by `--network` in a `--networks` file, or by `CALCTRA_RPC_URL`; the
 * signing key is `CALCTRA_PRIVATE_KEY` (or a dev node's unlocked account); the chain id is the node's. A deployment
 * file or Ignition journal of another chain (or of a restarted node) is refused unless `--reset`.
 *
 * @example
 * ```ts
 * addDeployCommand(program, (t) => process.stdout.write(t));
 * await program.parseAsync(["node", "calctra", "deploy", "--rpc", "http://127.0.0.1:8545", "--role", "home", "--validators", "0x…,0x…,0x…"]);
 * ```
 */
export function addDeployCommand(program: Command, out: Output = (t) => process.stdout.write(t)): void {
  program
    .command("deploy")
    .description("deploy the EVM suite with Hardhat Ignition (with --role, also the chain's bridge); writes deployments/<network>.json")
    .option("--network <name>", "network name: names the deployment file, and the entry of --networks", "localhost")
    .option("--networks <file>", "networks file (JSON: { networks: { <name>: { rpc, chainId?, role?, deployment?, validators?, … } } })")
    .option("--rpc <url>", "JSON-RPC endpoint (default: the --networks entry, CALCTRA_RPC_URL, http://127.0.0.1:8545)")
    .option("--deployment <file>", "deployment file to write (default deployments/<network>.json)")
    .option("--role <role>", "home (suite + BridgeVault) or spoke (spoke suite + BridgeMinter); omitted: the home suite alone")
    .option("--validators <addresses>", "bridge validators, comma-separated EVM addresses in ascending order")
    .option("--threshold <n>", "bridge signature threshold (default 2)")
    .option("--home-deployment <file>", "spoke: the home chain's deployment file (its chain id and BridgeVault)")
    .option("--parameters <file>", "Ignition parameters file (modules Calctra, BridgeHome, BridgeSpoke)")
    .option("--deployment-id <id>", "Ignition deployment id (default chain-<chainId>)")
    .option("--reset", "the node is a new chain (e.g. restarted): clear Ignition's journal and deploy again")
    .option("--json", "machine-readable output")
    .action(async (o: TargetOptions & { parameters?: string; deploymentId?: string; reset?: boolean; json?: boolean }) => {
      const target = resolveTarget(o, process.env);
      const { file, deployment } = await deployEvm(target, {
        reset: o.reset === true,
        ...(o.parameters ? { parameters: o.parameters } : {}),
        ...(o.deploymentId ? { deploymentId: o.deploymentId } : {}),
        log: (line) => process.stderr.write(`${line}\n`),
      });
      out(o.json ? `${json({ file, ...deployment })}\n` : `wrote ${file}\n${json(deployment)}\n`);
    });
}
