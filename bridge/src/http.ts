import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A route handler: returns [status, JSON body]. */
export type Handler = (params: Record<string, string>, query: URLSearchParams) => Promise<[number, unknown]> | [number, unknown];

/** A tiny JSON GET server (node:http) with `:param` routes. */
export class JsonServer {
  readonly #routes: { pattern: RegExp; keys: string[]; handler: Handler }[] = [];
  #server: Server | null = null;

  get(path: string, handler: Handler): this {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/:([a-zA-Z]+)/g, (_, k: string) => {
        keys.push(k);
        return "([^/]+)";
      })}$`,
    );
    this.#routes.push({ pattern, keys, handler });
    return this;
  }

  /** Listens on `port` (0 = any free port); resolves the bound port. */
  async listen(port: number, host = "127.0.0.1"): Promise<number> {
    const server = createServer((req, res) => void this.#handle(req, res));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    let status = 404;
    let body: unknown = { error: "not found" };
    if (req.method === "GET") {
      for (const r of this.#routes) {
        const m = r.pattern.exec(url.pathname);
        if (!m) continue;
        try {
          [status, body] = await r.handler(Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)])), url.searchParams);
        } catch (e) {
          status = 500;
          body = { error: e instanceof Error ? e.message : String(e) };
        }
        break;
      }
    }
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
  }
}
