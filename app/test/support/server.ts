/** A small static HTTP server (node:http) for test fixtures: fixed routes, loopback only, any free port. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One route's answer: its content type and body (or a function giving them, called per request). */
export interface StaticRoute {
  readonly type: string;
  readonly body: string | Uint8Array | (() => string | Uint8Array | Promise<string | Uint8Array>);
}

/** A running {@link serveStatic} server. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `routes` (path → answer; `GET` and `HEAD`, anything else 404) on 127.0.0.1 at any free port. */
export async function serveStatic(routes: Readonly<Record<string, StaticRoute>>): Promise<StaticServer> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const route = routes[path];
    if (!route || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    try {
      const body = typeof route.body === "function" ? await route.body() : route.body;
      response
        .writeHead(200, { "content-type": route.type, "cache-control": "no-store" })
        .end(request.method === "HEAD" ? undefined : body);
    } catch (e) {
      response.writeHead(500, { "content-type": "text/plain" }).end(e instanceof Error ? e.message : String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
