// Programmatic Tolk compilation (tolk-js, WASM). Used by tests, scripts and the *.compile.ts files.
import { runTolkCompiler } from "@ton/tolk-js";
import { Cell } from "@ton/core";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

// wrappers/ is a CommonJS folder (wrappers/package.json) so that blueprint can require() the *.compile.ts files
export const CONTRACTS_DIR = resolve(__dirname, "..", "contracts");

const cache = new Map<string, Cell>();

/** Compiles `contracts/<entry>` (e.g. "jetton/minter.tolk") and returns the code cell. */
export async function compileTolk(entry: string): Promise<Cell> {
  const hit = cache.get(entry);
  if (hit) return hit;
  const res = await runTolkCompiler({
    entrypointFileName: entry,
    fsReadCallback: (path: string) => readFileSync(join(CONTRACTS_DIR, path), "utf-8"),
    optimizationLevel: 2,
  });
  if (res.status === "error") throw new Error(`Tolk compilation of ${entry} failed:\n${res.message}`);
  const cell = Cell.fromBase64(res.codeBoc64);
  cache.set(entry, cell);
  return cell;
}
