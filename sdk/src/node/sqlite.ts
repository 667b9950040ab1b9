import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * `node:sqlite` (Node's built-in SQLite: no native build step), loaded without its one-time "SQLite is an experimental
 * feature" warning, which would otherwise open every command's output. The filter is in place only while the module
 * loads and drops that one warning; every other warning still shows. The services and the provider agent keep their
 * state with it.
 *
 * @example
 * ```ts
 * const db = new DatabaseSync(".calctra/agent.db");
 * ```
 */
function loadSqlite(): typeof import("node:sqlite") {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    return (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return require("node:sqlite") as typeof import("node:sqlite");
  } finally {
    process.emitWarning = emit;
  }
}

export const { DatabaseSync } = loadSqlite();
/** An open SQLite database. */
export type DatabaseSync = InstanceType<typeof DatabaseSync>;
