#!/usr/bin/env node
// The `calctra` bin: runs the CLI's TypeScript entry (src/index.ts) through tsx. Inside the repository it adds the
// `calctra-source` condition, so the workspace packages resolve to their sources (nothing to build first); installed
// from the packed tarball (`npm i -g`), @calctra/core and @calctra/sdk resolve to their built dist/.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, "..", "src", "index.ts");
const inRepo = existsSync(join(here, "..", "..", "core", "src", "index.ts"));
const conditions =
  process.execArgv.some((a) => a.includes("calctra-source")) || (process.env.NODE_OPTIONS ?? "").includes("calctra-source");
const args = [
  ...(inRepo && !conditions ? ["--conditions=calctra-source"] : []),
  "--import",
  import.meta.resolve("tsx"),
  entry,
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, args, { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
