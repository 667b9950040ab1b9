/** The chain-neutral command groups of `calctra`, organised by concept. */
import type { Command } from "commander";
import { commandKit, type ChainContextFactories, type EvmContextFactory, type Output } from "../context.js";
import { addAgentCommands } from "./agent.js";
import { addDevCommands } from "./dev.js";
import { addGovCommands } from "./gov.js";
import { addPowerCommands } from "./power.js";
import { addProviderCommands } from "./provider.js";
import { addTaskCommands } from "./task.js";
import { addTokenCommands } from "./token.js";

export { buildProposal, encodedActions, govProposal, parseDomain, type ProposalBuilderOptions } from "./gov.js";
export { addDevCommands, DevChainRequiredError } from "./dev.js";

/**
 * Adds `task`, `provider`, `token`, `gov` and `dev` command groups to a commander program. Tasks, providers, balances,
 * votes and proposal status run on any chain with a factory (`--chain evm|solana|ton`) through the SDK's
 * chain-neutral clients; `gov` runs one governance across chains through the SDK's `CrossChainGovernanceClient`
 * (proposals on the EVM home with actions for any domain, votes on any chain, deposits, tallies and execution on spokes). Costs are printed as gas (EVM), compute units (Solana) or TON gas.
 *
 * @example
 * ```ts
 * const program = new Command();
 * addChainCommands(program, { evm: rpcContextFactory, solana: rpcSolanaContextFactory, ton: rpcTonContextFactory }, (t) => process.stdout.write(t));
 * await program.parseAsync(["node", "calctra", "task", "show", "1", "--chain", "solana", "--deployment", "deployments/solana-local.json"]);
 * ```
 */
export function addChainCommands(program: Command, factories: ChainContextFactories, out: Output): void {
  const kit = commandKit(factories, out);
  addTaskCommands(program, kit);
  addProviderCommands(program, kit);
  addAgentCommands(program, kit);
  addTokenCommands(program, kit);
  addGovCommands(program, kit);
  addDevCommands(program, kit);
  addPowerCommands(program, kit);
}

/**
 * Adds the `task`, `provider`, `token` and `gov` command groups for EVM only (see {@link addChainCommands}).
 *
 * @example
 * ```ts
 * const program = new Command();
 * addEvmCommands(program, rpcContextFactory, (t) => process.stdout.write(t));
 * await program.parseAsync(["node", "calctra", "task", "show", "1", "--rpc", url, "--deployment", "deployments/localhost.json"]);
 * ```
 */
export function addEvmCommands(program: Command, contextFactory: EvmContextFactory, out: Output): void {
  addChainCommands(program, { evm: contextFactory }, out);
}
