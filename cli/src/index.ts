#!/usr/bin/env node
/**
 * `calctra` — the command line over the SDK, its commands organised by concept (cli/src/commands/): task, provider,
 * token, gov, bridge, the relayer and validator services, deploy and demo. Run from the repository root
 * (`npm run calctra -- …`).
 */
import { Command } from "commander";
import { rpcContextFactory, rpcSolanaContextFactory, rpcTonContextFactory } from "./context.js";
import { addBridgeCommands, rpcBridgeClientFactory, rpcTonBridgeClientFactory } from "./commands/bridge.js";
import { addDemoCommand } from "./commands/demo.js";
import { addDeployCommand } from "./commands/deploy.js";
import { addDevnetCommand } from "./commands/devnet.js";
import { addChainCommands } from "./commands/index.js";
import { addServiceCommands } from "./commands/services.js";
import { errorLines } from "./format.js";

const program = new Command();
program.name("calctra").description("Calctra compute marketplace: EVM, Solana and TON from one CLI").version("0.1.0");

addDemoCommand(program);
addDeployCommand(program);
addDevnetCommand(program);
addChainCommands(program, { evm: rpcContextFactory, solana: rpcSolanaContextFactory, ton: rpcTonContextFactory }, (t) =>
  process.stdout.write(t),
);
addBridgeCommands(program, rpcBridgeClientFactory, (t) => process.stdout.write(t), { ton: rpcTonBridgeClientFactory });
addServiceCommands(program);

try {
  await program.parseAsync(process.argv);
  process.exit(0);
} catch (e) {
  // The decoded refusal (name, arguments in CAL and dates) and its hint; the cause stays available with --verbose.
  process.stderr.write(`\n${errorLines(e)}`);
  if (process.argv.includes("--verbose")) process.stderr.write(`${String((e as Error).stack)}\n`);
  process.exit(1);
}
