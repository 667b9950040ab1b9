import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A route handler: returns [status, JSON body]. */
export type Handler = (params: Record<string, string>, query: URLSearchParams) => Promise<[number, unknown]> | [number, unknown];

/** What a route's `:param` must look like, with the reason given (status 400) when it does not. */
export interface ParamRule {
  readonly pattern: RegExp;
  readonly reason: string;
}

/** A bridge message id: 0x and 64 hex digits. */
export const MESSAGE_ID_RULE: ParamRule = { pattern: /^0x[0-9a-fA-F]{64}$/, reason: "must be 0x followed by 64 hex digits" };

/** The longest request target the services answer (a route plus a batch of ids fits well within). */
const MAX_TARGET = 8192;

/**
 * A tiny JSON GET server (node:http) with `:param` routes. No request can crash it: the target is parsed by hand (a
 * path such as `//` is just a path), bad percent-encoding and params that fail their rule answer 400 with a reason
 * (the raw value is never echoed), other methods on a known path answer 405, bodies are discarded, and any failure
 * while answering ends in a 500 for that request alone.
 */
export class JsonServer {
  readonly #routes: { pattern: RegExp; keys: string[]; rules: Record<string, ParamRule>; handler: Handler }[] = [];
  #server: Server | null = null;

  /** Adds a GET route; `rules` checks its `:params` before the handler runs. */
  get(path: string, handler: Handler, rules: Record<string, ParamRule> = {}): this {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/:([a-zA-Z]+)/g, (_, k: string) => {
        keys.push(k);
        return "([^/]+)";
      })}$`,
    );
    this.#routes.push({ pattern, keys, rules, handler });
    return this;
  }

  /** Listens on `port` (0 = any free port); resolves the bound port. */
  async listen(port: number, host = "127.0.0.1"): Promise<number> {
    const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => this.#serve(req, res));
    // A client that sends garbage or goes away must not take the process with it.
    server.on("clientError", (_err, socket) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      else socket.destroy();
    });
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

  #serve(req: IncomingMessage, res: ServerResponse): void {
    req.on("error", () => {});
    res.on("error", () => {});
    req.resume(); // GET only: any body is read and dropped
    this.#answer(req).then(
      ([status, body, headers]) => send(res, status, body, headers),
      () => send(res, 500, { error: "internal error" }),
    );
  }

  async #answer(req: IncomingMessage): Promise<[number, unknown, Record<string, string>?]> {
    const target = req.url ?? "/";
    if (target.length > MAX_TARGET) return [414, { error: `request target longer than ${MAX_TARGET} characters` }];
    if (!target.startsWith("/")) return [400, { error: "the request target must be a path" }];
    const q = target.indexOf("?");
    const path = q < 0 ? target : target.slice(0, q);
    let query: URLSearchParams;
    try {
      query = new URLSearchParams(q < 0 ? "" : target.slice(q + 1));
    } catch {
      return [400, { error: "malformed query string" }];
    }
    for (const r of this.#routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      if (req.method !== "GET" && req.method !== "HEAD") return [405, { error: "only GET is allowed here" }, { allow: "GET, HEAD" }];
      const params: Record<string, string> = {};
      for (const [i, k] of r.keys.entries()) {
        let v: string;
        try {
          v = decodeURIComponent(m[i + 1] as string);
        } catch {
          return [400, { error: `${k} is not valid percent-encoding` }];
        }
        const rule = r.rules[k];
        if (rule && !rule.pattern.test(v)) return [400, { error: `${k} ${rule.reason}` }];
        params[k] = v;
      }
      try {
        return await r.handler(params, query);
      } catch (e) {
        return [500, { error: e instanceof Error ? e.message : String(e) }];
      }
    }
    return [404, { error: "not found" }];
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  let text: string;
  try {
    text = JSON.stringify(body, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  } catch {
    status = 500;
    text = '{"error":"unserializable answer"}';
  }
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}
