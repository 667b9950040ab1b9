/**
 * Shared by the package tests: `npm pack` of the published packages (built to dist/ by scripts/build.sh packages),
 * the environment of a process that plays a consumer outside this repo, and a free port.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repo = resolve(import.meta.dirname, "../..");

/** The published packages, in dependency order. */
export const PUBLISHED = ["core", "sdk"] as const;

export interface PackedPackage {
  readonly name: string;
  readonly tarball: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly string[];
}

/** Runs `npm pack --json` for a workspace into `destination`. */
export function pack(workspace: (typeof PUBLISHED)[number], destination: string): PackedPackage {
  const out = execFileSync("npm", ["pack", "--json", "--workspace", workspace, "--pack-destination", destination], {
    cwd: repo,
    encoding: "utf8",
    env: consumerEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [info] = JSON.parse(out) as { name: string; filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack ${workspace} printed nothing`);
  return {
    name: info.name,
    tarball: join(destination, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    files: info.files.map((f) => f.path),
  };
}

/** The environment of a consumer: no NODE_OPTIONS (so no `calctra-source` condition) and no npm workspace config. */
export function consumerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  for (const k of Object.keys(env)) if (k.startsWith("npm_")) delete env[k];
  return env;
}

/** A new empty folder outside the repo. */
export function outsideTheRepo(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (a && typeof a === "object" ? ok(a.port) : fail(new Error("no port"))));
    });
  });
}

/** The version of a dependency as the repo's root package.json pins it. */
export function rootVersion(dep: string): string {
  const root = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const v = root.devDependencies[dep];
  if (!v) throw new Error(`${dep} is not a dev dependency of the repo`);
  return v;
}
