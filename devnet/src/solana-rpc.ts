/**
 * The native Solana host ({@link SolanaHost}, devnet/src/solana-host.ts) as a Solana JSON-RPC node over HTTP, with the
 * PubSub websocket beside it: what `solana-test-validator` serves, so `new Connection("http://127.0.0.1:8899")`,
 * Anchor, `@solana/spl-token` and wallet adapters work against it from any process or browser.
 *
 * HTTP (JSON-RPC 2.0, single and batch): every method the host answers — getLatestBlockhash, isBlockhashValid,
 * getAccountInfo, getMultipleAccounts, getBalance, getProgramAccounts (memcmp and dataSize filters, dataSlice,
 * withContext), sendTransaction (base58 and base64, preflight or not), simulateTransaction, getSignatureStatuses,
 * getTransaction (json), getSlot, getBlockHeight, getMinimumBalanceForRentExemption, getEpochInfo, getVersion,
 * getGenesisHash, getHealth, getFeeForMessage, requestAirdrop, getTokenAccountBalance, getTokenAccountsByOwner, and here
 * getTokenSupply and getRecentPrioritizationFees (always empty); the `jsonParsed` encoding of SPL Token / Token-2022
 * mints and token accounts in getAccountInfo, getMultipleAccounts, getProgramAccounts and getTokenAccountsByOwner.
 * Websocket (JSON-RPC PubSub, on `port + 1` as the validator does, and on the HTTP port itself): signatureSubscribe,
 * accountSubscribe, slotSubscribe and their unsubscribes. The list of what is missing is in docs/devnet.md.
 */
import { createServer, type Server } from "node:http";
import { PublicKey } from "@solana/web3.js";
import { WebSocketServer, type WebSocket } from "ws";
import { answerCors, closeServer, listen, readJsonBody, sendJson, type HttpRpcServer } from "./evm-http.js";

/** What is served: the host's JSON-RPC answerer ({@link SolanaHost.respond}). */
export interface SolanaRpcResponder {
  respond(request: unknown): unknown;
}

/** Parameters of {@link serveSolanaRpc}. */
export interface ServeSolanaRpcParameters {
  readonly host: SolanaRpcResponder;
  /** HTTP port (default 0: any free port; the websocket then takes any free port too). */
  readonly port?: number;
  /** Websocket port (default `port + 1`, as solana-test-validator and web3.js's `Connection` expect). */
  readonly wsPort?: number;
  /** Interface to listen on (default 127.0.0.1). */
  readonly hostname?: string;
  /** How often subscriptions are checked for changes made outside this server, ms (default 200). */
  readonly pollMs?: number;
}

/** A running Solana JSON-RPC node. */
export interface SolanaRpcServer extends HttpRpcServer {
  /** `ws://host:wsPort` (also accepted on the HTTP port). */
  readonly wsUrl: string;
  readonly wsPort: number;
}

interface Subscription {
  readonly socket: WebSocket;
  readonly kind: "signature" | "account" | "slot";
  readonly key: string;
  readonly config: Record<string, unknown>;
  last?: string;
}

const NOTIFICATION = { signature: "signatureNotification", account: "accountNotification", slot: "slotNotification" } as const;

const TOKEN_PROGRAMS: Record<string, string> = {
  TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA: "spl-token",
  TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb: "spl-token-2022",
};

/** An SPL amount as the RPC spells it. */
function tokenAmountJson(amount: bigint, decimals: number) {
  const scale = 10n ** BigInt(decimals);
  const fraction = (amount % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  const uiAmountString = fraction === "" ? (amount / scale).toString() : `${amount / scale}.${fraction}`;
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString };
}

const optionalKey = (data: Buffer, at: number): string | null =>
  data.readUInt32LE(at) === 1 ? new PublicKey(data.subarray(at + 4, at + 36)).toBase58() : null;

/** The `parsed` object of an SPL Token / Token-2022 mint or token account (base fields), or undefined. */
function parseTokenData(data: Buffer, program: string, decimalsOf: (mint: string) => number | undefined): unknown {
  const kind = data.length === 82 ? "mint" : data.length === 165 ? "account" : data.length > 165 ? ["", "mint", "account"][data[165]!] : "";
  if (kind === "mint" && (data.length === 82 || program === "spl-token-2022")) {
    return {
      type: "mint",
      info: {
        mintAuthority: optionalKey(data, 0),
        supply: data.readBigUInt64LE(36).toString(),
        decimals: data.readUInt8(44),
        isInitialized: data.readUInt8(45) === 1,
        freezeAuthority: optionalKey(data, 46),
      },
    };
  }
  if (kind === "account" && (data.length === 165 || program === "spl-token-2022")) {
    const mint = new PublicKey(data.subarray(0, 32)).toBase58();
    const decimals = decimalsOf(mint);
    if (decimals === undefined) return undefined;
    const delegate = optionalKey(data, 72);
    const closeAuthority = optionalKey(data, 129);
    return {
      type: "account",
      info: {
        mint,
        owner: new PublicKey(data.subarray(32, 64)).toBase58(),
        tokenAmount: tokenAmountJson(data.readBigUInt64LE(64), decimals),
        state: ["uninitialized", "initialized", "frozen"][data.readUInt8(108)] ?? "initialized",
        isNative: data.readUInt32LE(109) === 1,
        ...(delegate ? { delegate, delegatedAmount: tokenAmountJson(data.readBigUInt64LE(121), decimals) } : {}),
        ...(closeAuthority ? { closeAuthority } : {}),
      },
    };
  }
  return undefined;
}

/** Where each method that returns accounts takes its config. */
const ACCOUNT_CONFIG_INDEX: Record<string, number> = {
  getAccountInfo: 1,
  getMultipleAccounts: 1,
  getProgramAccounts: 1,
  getTokenAccountsByOwner: 2,
};

/**
 * Serves a Solana host over HTTP JSON-RPC and websocket PubSub.
 *
 * @example
 * ```ts
 * const host = await startSolanaHost();
 * const node = await serveSolanaRpc({ host, port: 8899 });
 * const connection = new Connection(node.url, "confirmed"); // websocket at ws://127.0.0.1:8900
 * console.log(await connection.getSlot());
 * await node.close();
 * ```
 */
export async function serveSolanaRpc(parameters: ServeSolanaRpcParameters): Promise<SolanaRpcServer> {
  const { host } = parameters;
  const hostname = parameters.hostname ?? "127.0.0.1";
  const call = (method: string, params: unknown[]): unknown => {
    const r = host.respond({ jsonrpc: "2.0", id: 0, method, params }) as { result?: unknown; error?: { message: string } };
    if (r.error) throw new Error(r.error.message);
    return r.result;
  };
  // answered here on top of the host: a mint's supply, no prioritization fees yet, jsonParsed token accounts
  const extra = (request: unknown): unknown => {
    const r = (request ?? {}) as { id?: unknown; method?: unknown; params?: unknown };
    const params = Array.isArray(r.params) ? (r.params as unknown[]) : [];
    const ok = (result: unknown) => ({ jsonrpc: "2.0", id: r.id ?? null, result });
    if (r.method === "getRecentPrioritizationFees") return ok([]);
    if (r.method === "getTokenSupply") {
      const info = host.respond({
        jsonrpc: "2.0",
        id: r.id ?? null,
        method: "getAccountInfo",
        params: [params[0], { encoding: "base64" }],
      }) as {
        result?: { context: unknown; value: { data: [string, string] } | null };
      };
      const data = info.result?.value ? Buffer.from(info.result.value.data[0], "base64") : undefined;
      if (!info.result || !data || data.length < 82) {
        return { jsonrpc: "2.0", id: r.id ?? null, error: { code: -32602, message: "Invalid param: not a Token mint" } };
      }
      return ok({ context: info.result.context, value: tokenAmountJson(data.readBigUInt64LE(36), data.readUInt8(44)) });
    }
    const at = typeof r.method === "string" ? ACCOUNT_CONFIG_INDEX[r.method] : undefined;
    const config = at === undefined ? undefined : (params[at] as Record<string, unknown> | undefined);
    if (at !== undefined && config?.encoding === "jsonParsed" && config.dataSlice === undefined) {
      // jsonParsed: SPL Token / Token-2022 mints and token accounts parsed, any other account in base64 (as a validator)
      const rewritten = [...params];
      rewritten[at] = { ...config, encoding: "base64" };
      const response = host.respond({ ...r, params: rewritten }) as { result?: unknown };
      if (response.result === undefined) return response;
      const decimals = new Map<string, number | undefined>();
      const decimalsOf = (mint: string) => {
        if (!decimals.has(mint)) {
          const m = call("getAccountInfo", [mint, { encoding: "base64" }]) as { value: { data: [string, string] } | null };
          const d = m.value ? Buffer.from(m.value.data[0], "base64") : undefined;
          decimals.set(mint, d && d.length >= 82 ? d.readUInt8(44) : undefined);
        }
        return decimals.get(mint);
      };
      const parse = (account: unknown): unknown => {
        const a = account as { owner: string; data: [string, string]; space?: number } | null;
        const program = a ? TOKEN_PROGRAMS[a.owner] : undefined;
        if (!a || !program) return account;
        const data = Buffer.from(a.data[0], "base64");
        const parsed = parseTokenData(data, program, decimalsOf);
        return parsed === undefined ? account : { ...a, data: { program, parsed, space: data.length } };
      };
      const keyed = (list: unknown) => (list as { pubkey: string; account: unknown }[]).map((k) => ({ ...k, account: parse(k.account) }));
      const result = response.result as { context?: unknown; value?: unknown };
      if (r.method === "getAccountInfo") return ok({ ...result, value: parse(result.value) });
      if (r.method === "getMultipleAccounts") return ok({ ...result, value: (result.value as unknown[]).map(parse) });
      if (Array.isArray(response.result)) return ok(keyed(response.result));
      return ok({ ...result, value: keyed(result.value) });
    }
    return host.respond(request);
  };
  const answer = (body: unknown) => (Array.isArray(body) ? body.map(extra) : extra(body));
  const subscriptions = new Map<number, Subscription>();
  let nextId = 1;
  const notify = (id: number, s: Subscription, result: unknown) => {
    if (s.socket.readyState !== s.socket.OPEN) {
      subscriptions.delete(id);
      return;
    }
    s.socket.send(JSON.stringify({ jsonrpc: "2.0", method: NOTIFICATION[s.kind], params: { result, subscription: id } }));
  };
  const check = () => {
    for (const [id, s] of subscriptions) {
      try {
        if (s.kind === "signature") {
          const { context, value } = call("getSignatureStatuses", [[s.key]]) as { context: unknown; value: [{ err: unknown } | null] };
          if (value[0] !== null) {
            notify(id, s, { context, value: { err: value[0].err } });
            subscriptions.delete(id); // a signature subscription ends with its notification
          }
        } else if (s.kind === "account") {
          const r = call("getAccountInfo", [s.key, { encoding: s.config.encoding ?? "base64" }]) as { value: unknown };
          const seen = JSON.stringify(r.value);
          if (s.last !== undefined && seen !== s.last) notify(id, s, r);
          s.last = seen;
        } else {
          const slot = call("getSlot", []) as number;
          const seen = String(slot);
          if (s.last !== undefined && seen !== s.last) notify(id, s, { parent: Math.max(slot - 1, 0), root: slot, slot });
          s.last = seen;
        }
      } catch {
        subscriptions.delete(id);
      }
    }
  };
  const pubsub = (socket: WebSocket) => {
    socket.on("message", (data) => {
      let request: { id?: unknown; method?: unknown; params?: unknown };
      try {
        request = JSON.parse(String(data)) as typeof request;
      } catch {
        socket.send(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }));
        return;
      }
      const { id = null, method } = request;
      if (id === null || id === undefined) return; // notifications (web3.js's "ping") need no answer
      const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
      const reply = (body: Record<string, unknown>) => socket.send(JSON.stringify({ jsonrpc: "2.0", id, ...body }));
      const kind =
        method === "signatureSubscribe"
          ? "signature"
          : method === "accountSubscribe"
            ? "account"
            : method === "slotSubscribe"
              ? "slot"
              : undefined;
      if (kind !== undefined) {
        const key = kind === "slot" ? "" : params[0];
        if (typeof key !== "string") {
          reply({ error: { code: -32602, message: "Invalid params: expected a string" } });
          return;
        }
        const config = (params[1] ?? {}) as Record<string, unknown>;
        const sid = nextId++;
        const s: Subscription = { socket, kind, key, config };
        subscriptions.set(sid, s);
        reply({ result: sid });
        check(); // a signature already final, the account's current state, the current slot
        return;
      }
      if (typeof method === "string" && /^(signature|account|slot)Unsubscribe$/.test(method)) {
        reply({ result: subscriptions.delete(Number(params[0])) });
        return;
      }
      reply({
        error: { code: -32601, message: `Method not found: ${String(method)} is not supported by the Calctra devnet's Solana PubSub` },
      });
    });
    socket.on("close", () => {
      for (const [id, s] of subscriptions) if (s.socket === socket) subscriptions.delete(id);
    });
  };

  const server = createServer((req, res) => {
    if (answerCors(req, res)) return;
    if (req.method === "GET" && req.url === "/health") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    readJsonBody(req)
      .then((body) => {
        sendJson(res, answer(body));
        check();
      })
      .catch((e: unknown) => sendJson(res, { jsonrpc: "2.0", id: null, error: { code: -32700, message: (e as Error).message } }));
  });
  const sameWs = new WebSocketServer({ server });
  sameWs.on("connection", pubsub);
  const wsServer: Server = createServer((_req, res) => res.writeHead(426).end("websocket only"));
  const ws = new WebSocketServer({ server: wsServer });
  ws.on("connection", pubsub);
  // web3.js derives the websocket from the HTTP URL as port + 1: on a free port, look for a pair that is free
  let port = 0;
  let wsPort = 0;
  for (let attempt = 0; ; attempt++) {
    port = await listen(server, parameters.port ?? 0, hostname);
    try {
      wsPort = await listen(wsServer, parameters.wsPort ?? port + 1, hostname);
      break;
    } catch (e) {
      await closeServer(server);
      if ((parameters.port ?? 0) !== 0 || parameters.wsPort !== undefined || attempt >= 20) throw e;
    }
  }
  const timer = setInterval(check, parameters.pollMs ?? 200);
  timer.unref();
  return {
    url: `http://${hostname}:${port}`,
    port,
    wsUrl: `ws://${hostname}:${wsPort}`,
    wsPort,
    async close() {
      clearInterval(timer);
      for (const client of [...sameWs.clients, ...ws.clients]) client.terminate();
      sameWs.close();
      ws.close();
      await Promise.all([closeServer(server), closeServer(wsServer)]);
    },
  };
}
