/**
 * An @ton/sandbox chain as a toncenter-v2-compatible HTTP API: what `@ton/ton`'s `TonClient` (HttpApi) calls, served
 * from the sandbox's own state with @ton/core (de)serialising — `new TonClient({ endpoint: "http://127.0.0.1:8081/api/v2/jsonRPC" })`
 * then opens contracts, runs get methods, sends wallet messages and reads transactions as on a public network.
 *
 * Served (POST `/api/v2/jsonRPC` with `{ method, params }`, or GET `/api/v2/<method>?…`): runGetMethod, sendBoc,
 * sendBocReturnHash, getAddressInformation, getExtendedAddressInformation, getWalletInformation, getAddressBalance,
 * getAddressState, getTransactions, getMasterchainInfo, estimateFee, tryLocateTx, tryLocateResultTx, tryLocateSourceTx.
 * Answers are `{ ok: true, result }`; refusals are
 * `{ ok: false, error, code }` with the HTTP status toncenter uses (an external message the chain refuses: 500).
 *
 * Blocks do not exist in the sandbox: every block id is made up from the logical time, and `sendBoc` runs the whole
 * chain of transactions the message causes before it answers (so traces are final when the call returns).
 */
import { createServer } from "node:http";
import { Address, Cell, beginCell, external, loadMessage, type Message, type Transaction, type TupleItem } from "@ton/core";
import { Blockchain } from "@ton/sandbox";
import { answerCors, closeServer, listen, readJsonBody, sendJson, type HttpRpcServer } from "./evm-http.js";

/** Parameters of {@link serveTonHttp}. */
export interface ServeTonHttpParameters {
  readonly blockchain: Blockchain;
  /** TCP port (default 0: any free port). */
  readonly port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  readonly hostname?: string;
  /**
   * Before running a sent message, move the sandbox clock up to the wall clock when it is behind (default true): a
   * client that stamps its sends with its own clock then finds its transactions (the SDK's TON tracer does).
   */
  readonly liveClock?: boolean;
}

/** A running toncenter-compatible API; `endpoint` is what `TonClient` takes. */
export interface TonHttpServer extends HttpRpcServer {
  /** `http://host:port/api/v2/jsonRPC` */
  readonly endpoint: string;
}

class TonApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, unknown>;

const b64 = (c: Cell) => c.toBoc().toString("base64");
const friendly = (a: Address) => a.toString({ bounceable: true, testOnly: false });
const hash32 = (n: bigint) => Buffer.from(n.toString(16).padStart(64, "0"), "hex").toString("base64");
const MASTER_SHARD = "-9223372036854775808";

function addressParam(p: Params, name = "address"): Address {
  const v = p[name];
  if (typeof v !== "string") throw new TonApiError(422, `${name} is required`);
  try {
    return Address.parse(v);
  } catch {
    throw new TonApiError(416, `Incorrect address: ${v}`);
  }
}

function cellParam(v: unknown, name: string): Cell {
  if (typeof v !== "string") throw new TonApiError(422, `${name} must be a base64 BoC`);
  try {
    return Cell.fromBase64(v);
  } catch {
    throw new TonApiError(416, `${name} is not a valid BoC`);
  }
}

/** toncenter's stack item (`["num", "0x2a"]`, `["tvm.Cell", boc]`, …) → a TupleItem. */
function readStackItem(item: unknown): TupleItem {
  if (!Array.isArray(item) || typeof item[0] !== "string") throw new TonApiError(422, `bad stack item ${JSON.stringify(item)}`);
  const [type, value] = item as [string, unknown];
  if (type === "num" || type === "int") {
    const text = String(value);
    const negative = text.startsWith("-");
    const n = BigInt(negative ? text.slice(1) : text);
    return { type: "int", value: negative ? -n : n };
  }
  if (type === "tvm.Cell" || type === "cell") return { type: "cell", cell: cellParam(value, "stack cell") };
  if (type === "tvm.Slice" || type === "slice") return { type: "slice", cell: cellParam(value, "stack slice") };
  if (type === "tvm.Builder" || type === "builder") return { type: "builder", cell: cellParam(value, "stack builder") };
  if (type === "null") return { type: "null" };
  throw new TonApiError(422, `unsupported stack item type ${type}`);
}

const hexNum = (n: bigint) => (n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`);

/** A TupleItem as toncenter's top-level stack entry. */
function writeStackItem(item: TupleItem): unknown {
  switch (item.type) {
    case "int":
      return ["num", hexNum(item.value)];
    case "nan":
      return ["num", "NaN"];
    case "null":
      return ["null", null];
    case "cell":
      return ["cell", { bytes: b64(item.cell), object: {} }];
    case "slice":
      return ["slice", { bytes: b64(item.cell), object: {} }];
    case "builder":
      return ["builder", { bytes: b64(item.cell), object: {} }];
    case "tuple":
      return ["tuple", { "@type": "tvm.tuple", elements: item.items.map(writeStackEntry) }];
  }
}

/** A TupleItem inside a tuple (toncenter's typed `tvm.stackEntry…` form). */
function writeStackEntry(item: TupleItem): unknown {
  switch (item.type) {
    case "int":
      return { "@type": "tvm.stackEntryNumber", number: { "@type": "tvm.numberDecimal", number: item.value.toString() } };
    case "cell":
      return { "@type": "tvm.stackEntryCell", cell: { "@type": "tvm.cell", bytes: b64(item.cell) } };
    case "slice":
      return { "@type": "tvm.stackEntrySlice", slice: { "@type": "tvm.slice", bytes: b64(item.cell) } };
    case "builder":
      return { "@type": "tvm.stackEntryCell", cell: { "@type": "tvm.cell", bytes: b64(item.cell) } };
    case "tuple":
      return { "@type": "tvm.stackEntryTuple", tuple: { "@type": "tvm.tuple", elements: item.items.map(writeStackEntry) } };
    default:
      return { "@type": "tvm.stackEntryUnsupported" };
  }
}

/** A message as toncenter's `raw.message`. */
function messageJson(m: Message | undefined | null): unknown {
  if (!m) return undefined;
  const info = m.info;
  const body = m.body;
  return {
    "@type": "raw.message",
    source: info.type === "external-in" ? "" : friendly(info.src as Address),
    destination: info.type === "external-out" ? "" : friendly(info.dest as Address),
    value: info.type === "internal" ? info.value.coins.toString() : "0",
    fwd_fee: info.type === "internal" ? info.forwardFee.toString() : "0",
    ihr_fee: info.type === "internal" ? info.ihrFee.toString() : "0",
    created_lt: info.type === "external-in" ? "0" : info.createdLt.toString(),
    body_hash: body.hash().toString("base64"),
    msg_data: { "@type": "msg.dataRaw", body: b64(body), init_state: "" },
    message: b64(body),
  };
}

function feesOf(tx: Transaction): { storage: bigint; gas: bigint; fwd: bigint } {
  const d = tx.description;
  if (d.type !== "generic") return { storage: 0n, gas: 0n, fwd: 0n };
  return {
    storage: d.storagePhase?.storageFeesCollected ?? 0n,
    gas: d.computePhase.type === "vm" ? d.computePhase.gasFees : 0n,
    fwd: d.actionPhase?.totalFwdFees ?? 0n,
  };
}

function transactionJson(tx: Transaction): unknown {
  const { storage } = feesOf(tx);
  const inMsg = messageJson(tx.inMessage);
  return {
    "@type": "raw.transaction",
    address: { account_address: friendly(new Address(0, Buffer.from(tx.address.toString(16).padStart(64, "0"), "hex"))) },
    utime: tx.now,
    data: b64(tx.raw),
    transaction_id: { "@type": "internal.transactionId", lt: tx.lt.toString(), hash: tx.hash().toString("base64") },
    fee: tx.totalFees.coins.toString(),
    storage_fee: storage.toString(),
    other_fee: (tx.totalFees.coins - storage).toString(),
    ...(inMsg !== undefined ? { in_msg: inMsg } : {}),
    out_msgs: tx.outMessages.values().map(messageJson),
  };
}

/**
 * Serves a sandbox chain as a toncenter-v2-compatible HTTP API.
 *
 * @example
 * ```ts
 * const ton = await startLocalTon();
 * const api = await serveTonHttp({ blockchain: ton.blockchain, port: 8081 });
 * const client = new TonClient({ endpoint: api.endpoint });
 * console.log(await client.getBalance(ton.actors.user.address));
 * await api.close();
 * ```
 */
export async function serveTonHttp(parameters: ServeTonHttpParameters): Promise<TonHttpServer> {
  const { blockchain } = parameters;
  const hostname = parameters.hostname ?? "127.0.0.1";
  const liveClock = parameters.liveClock ?? true;
  // every transaction the sandbox ran (also those sent in process); restored with snapshots
  const history = () => [...(blockchain as unknown as { transactions: Transaction[] }).transactions];
  const seqno = () => Number(blockchain.lt / 1_000_000n);
  const blockId = (workchain: number, shard: string, n: number) => ({
    "@type": "ton.blockIdExt",
    workchain,
    shard,
    seqno: n,
    root_hash: hash32(BigInt(n)),
    file_hash: hash32(BigInt(n)),
  });
  const syncUtime = () => blockchain.now ?? Math.floor(Date.now() / 1000);
  const tick = () => {
    const wall = Math.floor(Date.now() / 1000);
    if (liveClock && (blockchain.now === undefined || blockchain.now < wall)) blockchain.now = wall;
  };

  const addressInformation = async (address: Address) => {
    const contract = await blockchain.getContract(address);
    const state = contract.accountState;
    const active = state?.type === "active" ? state.state : undefined;
    const lt = contract.lastTransactionLt;
    return {
      "@type": "raw.fullAccountState",
      balance: contract.balance.toString(),
      extra_currencies: [],
      code: active?.code ? b64(active.code) : "",
      data: active?.data ? b64(active.data) : "",
      last_transaction_id: {
        "@type": "internal.transactionId",
        lt: lt.toString(),
        hash: lt === 0n ? hash32(0n) : hash32(contract.lastTransactionHash),
      },
      frozen_hash: state?.type === "frozen" ? hash32(state.stateHash) : "",
      state: state?.type === "active" ? "active" : state?.type === "frozen" ? "frozen" : "uninitialized",
      block_id: blockId(0, MASTER_SHARD, seqno()),
      sync_utime: syncUtime(),
    };
  };

  const runGet = async (address: Address, method: string | number, stack: TupleItem[]) => {
    try {
      const r = await blockchain.runGetMethod(address, method, stack);
      return { exitCode: r.exitCode, gasUsed: r.gasUsed, stack: r.stack };
    } catch (e) {
      const err = e as { exitCode?: number; gasUsed?: bigint };
      if (typeof err.exitCode === "number") return { exitCode: err.exitCode, gasUsed: err.gasUsed ?? 0n, stack: [] as TupleItem[] };
      throw e;
    }
  };

  const methods: Record<string, (p: Params) => Promise<unknown>> = {
    async getAddressInformation(p) {
      return addressInformation(addressParam(p));
    },
    async getAddressBalance(p) {
      return (await blockchain.getContract(addressParam(p))).balance.toString();
    },
    async getAddressState(p) {
      return (await addressInformation(addressParam(p))).state;
    },
    async getExtendedAddressInformation(p) {
      const address = addressParam(p);
      const info = await addressInformation(address);
      return {
        "@type": "fullAccountState",
        address: { "@type": "accountAddress", account_address: friendly(address) },
        balance: info.balance,
        extra_currencies: [],
        last_transaction_id: info.last_transaction_id,
        block_id: info.block_id,
        sync_utime: info.sync_utime,
        account_state:
          info.state === "active"
            ? { "@type": "raw.accountState", code: info.code, data: info.data, frozen_hash: "" }
            : { "@type": "uninited.accountState", frozen_hash: info.frozen_hash },
        revision: 0,
      };
    },
    async getWalletInformation(p) {
      const address = addressParam(p);
      const info = await addressInformation(address);
      const seqnoRun = info.state === "active" ? await runGet(address, "seqno", []) : undefined;
      const isWallet = seqnoRun?.exitCode === 0 && seqnoRun.stack[0]?.type === "int";
      const subwallet = isWallet ? await runGet(address, "get_subwallet_id", []) : undefined;
      return {
        wallet: isWallet,
        balance: info.balance,
        account_state: info.state,
        ...(isWallet
          ? {
              wallet_type: "wallet v4 r2",
              seqno: Number((seqnoRun!.stack[0] as { value: bigint }).value),
              ...(subwallet?.exitCode === 0 && subwallet.stack[0]?.type === "int"
                ? { wallet_id: Number((subwallet.stack[0] as { value: bigint }).value) }
                : {}),
            }
          : {}),
        last_transaction_id: info.last_transaction_id,
      };
    },
    async runGetMethod(p) {
      const address = addressParam(p);
      const method = p.method;
      if (typeof method !== "string" && typeof method !== "number") throw new TonApiError(422, "method is required");
      const stack = Array.isArray(p.stack) ? p.stack.map(readStackItem) : [];
      const r = await runGet(address, method, stack);
      return {
        "@type": "smc.runResult",
        gas_used: Number(r.gasUsed),
        stack: r.stack.map(writeStackItem),
        exit_code: r.exitCode,
        block_id: blockId(0, MASTER_SHARD, seqno()),
        last_transaction_id: (await addressInformation(address)).last_transaction_id,
      };
    },
    async sendBoc(p) {
      await send(cellParam(p.boc, "boc"));
      return { "@type": "ok" };
    },
    async sendBocReturnHash(p) {
      const cell = cellParam(p.boc, "boc");
      await send(cell);
      return { "@type": "raw.extMessageInfo", hash: cell.hash().toString("base64"), hash_norm: cell.hash().toString("base64") };
    },
    async getTransactions(p) {
      const address = addressParam(p);
      const limit = Math.min(Number(p.limit ?? 10), 256);
      const lt = p.lt !== undefined && p.lt !== null && p.lt !== "" ? BigInt(String(p.lt)) : undefined;
      const hashText = typeof p.hash === "string" && p.hash !== "" ? p.hash : undefined;
      const hash = hashText ? Buffer.from(hashText, /^[0-9a-fA-F]{64}$/.test(hashText) ? "hex" : "base64") : undefined;
      const toLt = p.to_lt !== undefined && p.to_lt !== null && p.to_lt !== "" ? BigInt(String(p.to_lt)) : 0n;
      let txs = history()
        .filter((tx) => {
          const info = tx.inMessage?.info;
          return info !== undefined && info.type !== "external-out" && (info.dest as Address).equals(address);
        })
        .sort((a, b) => (a.lt === b.lt ? 0 : a.lt > b.lt ? -1 : 1));
      if (lt !== undefined) {
        const start = txs.findIndex((tx) => tx.lt === lt && (hash === undefined || tx.hash().equals(hash)));
        if (start < 0) throw new TonApiError(500, `LITE_SERVER_UNKNOWN: cannot find transaction ${lt} of ${friendly(address)}`);
        txs = txs.slice(start);
      }
      return txs
        .filter((tx) => tx.lt > toLt)
        .slice(0, limit)
        .map(transactionJson);
    },
    async getMasterchainInfo() {
      const n = seqno();
      return {
        "@type": "blocks.masterchainInfo",
        last: blockId(-1, MASTER_SHARD, n),
        state_root_hash: hash32(BigInt(n)),
        init: blockId(-1, MASTER_SHARD, 0),
      };
    },
    async estimateFee(p) {
      const to = addressParam(p);
      const body = p.body ? cellParam(p.body, "body") : beginCell().endCell();
      const code = p.init_code ? cellParam(p.init_code, "init_code") : undefined;
      const data = p.init_data ? cellParam(p.init_data, "init_data") : undefined;
      // emulated on a copy of the chain, so that nothing sent meanwhile (a relayer's delivery) can be rolled back
      const copy = await Blockchain.create({ config: blockchain.config });
      await copy.loadFrom(blockchain.snapshot());
      const wall = Math.floor(Date.now() / 1000);
      if (liveClock && (copy.now === undefined || copy.now < wall)) copy.now = wall;
      try {
        const r = await copy.sendMessage(external({ to, body, ...(code && data ? { init: { code, data } } : {}) }));
        const first = r.transactions[0];
        const fees = first ? feesOf(first) : { storage: 0n, gas: 0n, fwd: 0n };
        return {
          "@type": "query.fees",
          source_fees: {
            "@type": "fees",
            in_fwd_fee: 0,
            storage_fee: Number(fees.storage),
            gas_fee: Number(fees.gas),
            fwd_fee: Number(fees.fwd),
          },
          destination_fees: [],
        };
      } catch (e) {
        throw new TonApiError(500, `cannot estimate the fee: ${(e as Error).message}`);
      }
    },
    async tryLocateTx(p) {
      return methods.tryLocateResultTx!(p);
    },
    async tryLocateResultTx(p) {
      const source = addressParam(p, "source");
      const destination = addressParam(p, "destination");
      const createdLt = BigInt(String(p.created_lt ?? ""));
      const found = history().find((tx) => {
        const info = tx.inMessage?.info;
        return info?.type === "internal" && info.createdLt === createdLt && info.src.equals(source) && info.dest.equals(destination);
      });
      if (!found) throw new TonApiError(404, "LITE_SERVER_UNKNOWN: cannot locate the transaction");
      return transactionJson(found);
    },
    async tryLocateSourceTx(p) {
      const source = addressParam(p, "source");
      const destination = addressParam(p, "destination");
      const createdLt = BigInt(String(p.created_lt ?? ""));
      const found = history().find(
        (tx) =>
          tx.inMessage?.info.type !== "external-out" &&
          (tx.inMessage?.info.dest as Address | undefined)?.equals(source) === true &&
          tx.outMessages
            .values()
            .some((m) => m.info.type === "internal" && m.info.createdLt === createdLt && m.info.dest.equals(destination)),
      );
      if (!found) throw new TonApiError(404, "LITE_SERVER_UNKNOWN: cannot locate the transaction");
      return transactionJson(found);
    },
  };

  async function send(cell: Cell): Promise<void> {
    let message: Message;
    try {
      message = loadMessage(cell.beginParse());
    } catch {
      throw new TonApiError(416, "boc is not a message");
    }
    if (message.info.type !== "external-in") throw new TonApiError(422, "only external messages can be sent");
    tick();
    try {
      await blockchain.sendMessage(message);
    } catch (e) {
      throw new TonApiError(500, `LITE_SERVER_UNKNOWN: cannot apply external message to current state : ${(e as Error).message}`);
    }
  }

  const answer = async (method: string, params: Params) => {
    const handler = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (!handler) throw new TonApiError(404, `method ${method} is not served by the Calctra devnet's TON API`);
    return handler(params);
  };

  const server = createServer((req, res) => {
    if (answerCors(req, res)) return;
    const url = new URL(req.url ?? "/", "http://localhost");
    const reply = (id: unknown, run: () => Promise<unknown>) =>
      run()
        .then((result) => sendJson(res, { ok: true, result, ...(id !== undefined ? { id, jsonrpc: "2.0" } : {}) }))
        .catch((e: unknown) => {
          const code = e instanceof TonApiError ? e.code : 500;
          sendJson(res, { ok: false, error: (e as Error).message, code, ...(id !== undefined ? { id, jsonrpc: "2.0" } : {}) }, code);
        });
    if (req.method === "GET") {
      const method = url.pathname.replace(/^\/api\/v2\//, "").replace(/^\//, "");
      const params: Params = Object.fromEntries(url.searchParams.entries());
      if (typeof params.stack === "string") params.stack = JSON.parse(params.stack) as unknown;
      void reply(undefined, () => answer(method, params));
      return;
    }
    void reply(undefined, async () => {
      const body = (await readJsonBody(req)) as { id?: unknown; method?: unknown; params?: unknown };
      if (typeof body.method !== "string") throw new TonApiError(422, "method is required");
      return answer(body.method, (body.params ?? {}) as Params);
    });
  });
  const port = await listen(server, parameters.port ?? 0, hostname);
  const url = `http://${hostname}:${port}`;
  return { url, port, endpoint: `${url}/api/v2/jsonRPC`, close: () => closeServer(server) };
}
