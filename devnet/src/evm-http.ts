/**
 * An embedded EVM chain (Hardhat's EDR, {@link LocalEvm.provider}) as a JSON-RPC node over HTTP and websocket (same
 * port, `eth_subscribe` included): what `hardhat node` serves, for any EIP-1193 provider. Errors keep the node conventions viem, ethers and wallets rely on: a revert is
 * code 3 with the raw revert data as `data`; any other provider error keeps its code and message.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** The EIP-1193 provider served; with `on` / `removeListener` (Hardhat's), `eth_subscribe` works over the websocket. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
  on?(event: "notification", listener: (payload: { subscription: string; result: unknown }) => void): unknown;
  removeListener?(event: "notification", listener: (payload: { subscription: string; result: unknown }) => void): unknown;
}

/** Parameters of {@link serveEvmRpc}. */
export interface ServeEvmRpcParameters {
  readonly provider: Eip1193Provider;
  /** TCP port (default 0: any free port). */
  readonly port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
}

/** A running JSON-RPC server. */
export interface HttpRpcServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

type JsonRpcId = string | number | null;
interface JsonRpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

const REVERT = 3;
const INTERNAL = -32603;

/** The JSON-RPC error object of a provider error (the shapes of Hardhat's ProviderError and EDR's revert errors). */
function errorObject(e: unknown): JsonRpcError {
  const err = (e ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  const message = typeof err.message === "string" ? err.message : String(e);
  const code = typeof err.code === "number" ? err.code : INTERNAL;
  const raw = err.data;
  const returnData =
    typeof raw === "string"
      ? raw
      : raw !== null && typeof raw === "object" && typeof (raw as { data?: unknown }).data === "string"
        ? (raw as { data: string }).data
        : undefined;
  if (code === REVERT) return { code, message, ...(returnData !== undefined ? { data: returnData } : {}) };
  return { code, message, ...(returnData !== undefined ? { data: { message, data: returnData } } : {}) };
}

/** Reads a request body as JSON (throws a JSON-RPC parse error). */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw Object.assign(new Error(`Parse error: ${(e as Error).message}`), { code: -32700 });
  }
}

/** Sets the CORS headers a browser dApp needs and answers pre-flight requests; true when the request was answered. */
export function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Methods", "OPTIONS, GET, POST");
  res.setHeader("Access-Control-Allow-Headers", "*");
  if (req.method === "OPTIONS") {
    res.writeHead(204).end();
    return true;
  }
  return false;
}

/** Sends a JSON body with status 200. */
export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Listens on `port` at `host` and resolves with the port taken. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes a server, ending idle keep-alive connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * Serves an EIP-1193 provider as an Ethereum JSON-RPC node over HTTP (single and batch requests, CORS for browsers).
 *
 * @example
 * ```ts
 * const evm = await startLocalEvm();
 * const node = await serveEvmRpc({ provider: evm.provider, port: 8545 });
 * const client = createPublicClient({ transport: http(node.url) });
 * console.log(await client.getChainId()); // 31337
 * await node.close();
 * ```
 */
export async function serveEvmRpc(parameters: ServeEvmRpcParameters): Promise<HttpRpcServer> {
  const { provider } = parameters;
  const host = parameters.host ?? "127.0.0.1";
  const one = async (request: unknown): Promise<unknown> => {
    const r = (request ?? {}) as { id?: JsonRpcId; method?: unknown; params?: unknown };
    const id = r.id ?? null;
    if (typeof r.method !== "string") return { jsonrpc: "2.0", id, error: { code: -32600, message: "Invalid request: no method" } };
    try {
      const result = await provider.request({ method: r.method, params: r.params ?? [] });
      return { jsonrpc: "2.0", id, result: result ?? null };
    } catch (e) {
      return { jsonrpc: "2.0", id, error: errorObject(e) };
    }
  };
  const server = createServer((req, res) => {
    if (answerCors(req, res)) return;
    if (req.method !== "POST") {
      sendJson(res, { jsonrpc: "2.0", id: null, error: { code: -32600, message: "POST a JSON-RPC request" } });
      return;
    }
    readJsonBody(req)
      .then(async (body) => sendJson(res, Array.isArray(body) ? await Promise.all(body.map(one)) : await one(body)))
      .catch((e: unknown) => sendJson(res, { jsonrpc: "2.0", id: null, error: errorObject(e) }));
  });
  // the websocket on the same port (as `hardhat node`): requests, and eth_subscribe notifications for that socket
  const ws = new WebSocketServer({ server });
  ws.on("connection", (socket: WebSocket) => {
    const mine = new Set<string>();
    const forward = (payload: { subscription: string; result: unknown }) => {
      if (mine.has(payload.subscription) && socket.readyState === socket.OPEN) {
        socket.send(JSON.stringify({ jsonrpc: "2.0", method: "eth_subscription", params: payload }));
      }
    };
    provider.on?.("notification", forward);
    socket.on("message", (data) => {
      let body: unknown;
      try {
        body = JSON.parse(String(data)) as unknown;
      } catch {
        socket.send(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }));
        return;
      }
      const track = async (request: unknown) => {
        const response = (await one(request)) as { result?: unknown };
        const method = (request as { method?: unknown } | null)?.method;
        if (method === "eth_subscribe" && typeof response.result === "string") mine.add(response.result);
        if (method === "eth_unsubscribe") mine.delete(String(((request as { params?: unknown[] }).params ?? [])[0]));
        return response;
      };
      void (Array.isArray(body) ? Promise.all(body.map(track)) : track(body)).then((response) => socket.send(JSON.stringify(response)));
    });
    socket.on("close", () => {
      provider.removeListener?.("notification", forward);
      for (const id of mine) void provider.request({ method: "eth_unsubscribe", params: [id] }).catch(() => undefined);
    });
  });
  const port = await listen(server, parameters.port ?? 0, host);
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      for (const client of ws.clients) client.terminate();
      ws.close();
      await closeServer(server);
    },
  };
}
