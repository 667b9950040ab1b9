#!/usr/bin/env node
/**
 * `calctra` — the command line over the SDK. Run from the repository root on Node 22
 * (`npx calctra …` or `npm run demo`).
 */
import { Command } from "commander";
import { renderSummary, runDemo, type DemoStep } from "./demo.js";
import { addChainCommands, rpcContextFactory, rpcSolanaContextFactory, rpcTonContextFactory } from "./evm-commands.js";
import { addBridgeCommands, rpcBridgeClientFactory, rpcTonBridgeClientFactory } from "./bridge-commands.js";

const program = new Command();
program.name("calctra").description("Calctra compute marketplace: EVM, Solana and TON from one CLI").version("0.1.0");

program
  .command("demo")
  .description("run the end-to-end story on embedded local chains and write a report")
  .option("--report <path>", "Markdown report path (a .json twin is written beside it)", "reports/demo.md")
  .option("--json", "print the steps as JSON instead of tables")
  .action(async (opts: { report: string; json?: boolean }) => {
    const started = Date.now();
    const tty = process.stderr.isTTY;
    const steps: DemoStep[] = await runDemo({
      reportPath: opts.report,
      onProgress: (m) => { if (!opts.json) process.stderr.write(tty ? `\r\x1b[2K… ${m}` : `… ${m}\n`); },
      onStep: (s, i) => {
        if (opts.json) return;
        if (tty) process.stderr.write("\r\x1b[2K");
        process.stdout.write(`${String(i).padStart(2)}. [${s.chain}] ${s.step}\n      → ${s.detail}${s.cost !== undefined ? ` (${s.chain === "solana" ? "CU" : "gas"} ${s.cost})` : ""} [${s.ms} ms]\n`);
      },
    });
    if (opts.json) process.stdout.write(`${JSON.stringify(steps, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
    else process.stdout.write(`\n${renderSummary(steps)}\nDemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; report: ${opts.report}\n`);
  });

program
  .command("deploy")
  .description("deploy the EVM suite with Hardhat Ignition to a network of hardhat.config.ts; writes deployments/<network>.json")
  .option("--network <name>", "Hardhat network name", "localhost")
  .option("--spoke", "deploy as a spoke chain (bridge-minted supply)")
  .action(async (opts: { network: string; spoke?: boolean }) => {
    const { spawnSync } = await import("node:child_process");
    process.stderr.write(`deploying to ${opts.network} (${opts.spoke ? "spoke" : "home"})…\n`);
    const r = spawnSync("npx", ["hardhat", "run", "contracts-evm/scripts/deploy.ts", "--network", opts.network], {
      stdio: "inherit", env: { ...process.env, CALCTRA_MODE: opts.spoke ? "spoke" : "home" },
    });
    if (r.status !== 0) throw new Error(`deploy failed (exit ${r.status})`);
  });

addChainCommands(program, { evm: rpcContextFactory, solana: rpcSolanaContextFactory, ton: rpcTonContextFactory }, (t) => process.stdout.write(t));
addBridgeCommands(program, rpcBridgeClientFactory, (t) => process.stdout.write(t), { ton: rpcTonBridgeClientFactory });

try {
  await program.parseAsync(process.argv);
  process.exit(0);
} catch (e) {
  // One readable line: CalctraError carries the on-chain name and arguments; the cause stays available with --verbose.
  const err = e as Error & { chain?: string };
  process.stderr.write(`\nerror${err.chain ? ` (${err.chain})` : ""}: ${err.message}\n`);
  if (process.argv.includes("--verbose")) process.stderr.write(`${String((e as Error).stack)}\n`);
  process.exit(1);
}
