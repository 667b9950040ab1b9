/**
 * Writes a generated source file, or with `--check` on the command line verifies that the committed file
 * equals what the generator produces now (exit 1 and the file name when it is stale). The generated sources
 * are committed so that `npm install` alone leaves the SDK and the CLI working; CI runs every generator with
 * `--check`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";

export function emitGenerated(file: string, content: string, summary: string): void {
  const name = relative(process.cwd(), file);
  if (process.argv.includes("--check")) {
    const current = existsSync(file) ? readFileSync(file, "utf8") : null;
    if (current !== content) {
      process.stderr.write(`${name} is stale: run the generator without --check and commit the result\n`);
      process.exit(1);
    }
    process.stdout.write(`${name} is current (${summary})\n`);
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  process.stdout.write(`wrote ${name} (${summary})\n`);
}
