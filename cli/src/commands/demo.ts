/** `calctra demo`: the end-to-end story on embedded local chains, with progress, a summary table and a report. */
import type { Command } from "commander";
import type { DemoStep } from "../demo.js";

/**
 * Adds `demo`.
 *
 * @example
 * ```ts
 * addDemoCommand(program);
 * await program.parseAsync(["node", "calctra", "demo", "--report", "reports/demo.md"]);
 * ```
 */
export function addDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("run the end-to-end story on embedded local chains and write a report")
    .option("--report <path>", "Markdown report path (a .json twin is written beside it)", "reports/demo.md")
    .option("--json", "print the steps as JSON instead of tables")
    .action(async (opts: { report: string; json?: boolean }) => {
      // loaded here, not at start-up: the demo's embedded chains (@calctra/devnet) are not needed by any other command
      const { renderSummary, runDemo } = await import("../demo.js");
      const started = Date.now();
      const tty = process.stderr.isTTY;
      const steps: DemoStep[] = await runDemo({
        reportPath: opts.report,
        onProgress: (m) => {
          // On a terminal the step in progress shows on one line, replaced by the step once done; elsewhere (a log, CI)
          // each step is printed once, when it is done.
          if (!opts.json && tty) process.stderr.write(`\r\x1b[2K… ${m}`);
        },
        onStep: (s, i) => {
          if (opts.json) return;
          if (tty) process.stderr.write("\r\x1b[2K");
          process.stdout.write(
            `${String(i).padStart(2)}. [${s.chain}] ${s.step}\n      → ${s.detail}${s.cost !== undefined ? ` (${s.chain === "solana" ? "CU" : "gas"} ${s.cost})` : ""} [${s.ms} ms]\n`,
          );
        },
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(steps, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
      else
        process.stdout.write(
          `\n${renderSummary(steps)}\nDemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; report: ${opts.report}\n`,
        );
    });
}
