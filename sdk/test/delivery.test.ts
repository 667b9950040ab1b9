import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CalctraError, ReplicaState, TaskStatus, type MarketplaceClient } from "@calctra/core";
import { cidDigest, cidOf, encodeResultPayload, generateResultKeyPair, resultHashOf, sealResult } from "@calctra/core/delivery";
import { IpfsHttpStore, waitForResult, type ContentStore } from "@calctra/sdk/delivery";
import { LocalContentStore } from "@calctra/sdk/node";

/** The subset of an IPFS node's HTTP API the SDK speaks (Kubo block/put, block/get; a gateway's raw read), in process. */
async function startIpfs(options: { tamper?: boolean } = {}): Promise<{ url: string; server: Server; blocks: Map<string, Uint8Array> }> {
  const blocks = new Map<string, Uint8Array>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const send = (status: number, data: string | Uint8Array, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(data);
    };
    const read = (cid: string) => {
      const b = blocks.get(cid);
      if (!b) return undefined;
      const out = Uint8Array.from(b);
      if (options.tamper) out[0] = (out[0] as number) ^ 1;
      return out;
    };
    if (req.method === "POST" && url.pathname === "/api/v0/block/put") {
      if (url.searchParams.get("cid-codec") !== "raw" || url.searchParams.get("mhtype") !== "sha2-256")
        return send(400, '{"Message":"unsupported"}');
      const form = await new Response(body, { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData();
      const file = form.get("file");
      if (!(file instanceof Blob)) return send(400, '{"Message":"no file"}');
      const bytes = new Uint8Array(await file.arrayBuffer());
      const cid = cidOf(bytes).toString();
      blocks.set(cid, bytes);
      return send(200, JSON.stringify({ Key: cid, Size: bytes.length }));
    }
    if (req.method === "POST" && url.pathname === "/api/v0/block/get") {
      const b = read(url.searchParams.get("arg") ?? "");
      return b ? send(200, b, "application/octet-stream") : send(500, '{"Message":"block was not found locally (offline)"}');
    }
    const m = /^\/ipfs\/([a-z0-9]+)$/.exec(url.pathname);
    if (req.method === "GET" && m && url.searchParams.get("format") === "raw") {
      const b = read(m[1] as string);
      return b ? send(200, b, "application/vnd.ipld.raw") : send(404, "not found", "text/plain");
    }
    send(404, '{"Message":"unknown"}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, blocks };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(CalctraError);
    return (e as CalctraError).name;
  }
  throw new Error("expected a refusal");
}

describe("delivery: content stores", function () {
  this.timeout(60_000);
  const bytes = new TextEncoder().encode("a sealed result, say");

  it("stores through an IPFS node's API and reads back through the API and through a gateway, by CIDv1 raw", async () => {
    const ipfs = await startIpfs();
    try {
      const cid = await new IpfsHttpStore({ api: ipfs.url }).put(bytes);
      expect(cid.toString()).to.equal(cidOf(bytes).toString());
      expect(await new IpfsHttpStore({ api: ipfs.url }).get(cid)).to.deep.equal(bytes);
      expect(await new IpfsHttpStore({ gateway: ipfs.url }).get(cid.toString())).to.deep.equal(bytes);
      expect(() => new IpfsHttpStore({})).to.throw(RangeError);
    } finally {
      ipfs.server.close();
    }
  });

  it("answers a missing CID with DeliveryContentNotFound, a lying node with DeliveryContentMismatch and a dead one with DeliveryStoreUnreachable", async () => {
    const ipfs = await startIpfs();
    const liar = await startIpfs({ tamper: true });
    try {
      const missing = cidOf(new TextEncoder().encode("never stored"));
      expect(await refusal(new IpfsHttpStore({ api: ipfs.url }).get(missing))).to.equal("DeliveryContentNotFound");
      expect(await refusal(new IpfsHttpStore({ gateway: ipfs.url }).get(missing))).to.equal("DeliveryContentNotFound");
      const cid = await new IpfsHttpStore({ api: liar.url }).put(bytes);
      expect(await refusal(new IpfsHttpStore({ api: liar.url }).get(cid))).to.equal("DeliveryContentMismatch");
    } finally {
      ipfs.server.close();
      liar.server.close();
    }
    const dead = await startIpfs();
    dead.server.close();
    expect(await refusal(new IpfsHttpStore({ api: dead.url }).put(bytes))).to.equal("DeliveryStoreUnreachable");
    expect(await refusal(new IpfsHttpStore({ gateway: dead.url }).get(cidOf(bytes)))).to.equal("DeliveryStoreUnreachable");
  });

  it("keeps content on disk by CID and refuses a file that no longer matches it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "calctra-store-"));
    const store = new LocalContentStore({ directory: dir });
    const cid = await store.put(bytes);
    expect(await store.get(cid)).to.deep.equal(bytes);
    expect(await refusal(store.get(cidOf(new Uint8Array([1]))))).to.equal("DeliveryContentNotFound");
    writeFileSync(join(dir, cid.toString()), "changed");
    expect(await refusal(store.get(cid))).to.equal("DeliveryContentMismatch");
  });
});

describe("delivery: waitForResult", function () {
  this.timeout(60_000);
  const user = generateResultKeyPair();
  const output = [11n, -22n, 33n];
  const provider = `0x${"aa".repeat(32)}` as const;

  /** A marketplace as waitForResult reads it: a replicated task settled on `resultHash`, with the provider's recorded CID. */
  function market(resultCid: `0x${string}`, commitment: bigint, statuses: TaskStatus[]): MarketplaceClient {
    let reads = 0;
    const answers = {
      getTask: async () => ({ status: statuses[Math.min(reads++, statuses.length - 1)], resultCommitment: commitment, provider: null }),
      getOffer: async () => ({ replicas: 1 }),
      getReplicas: async () => [
        {
          provider,
          price: 1n,
          state: ReplicaState.Revealed,
          commit: provider,
          resultHash: `0x${commitment.toString(16).padStart(64, "0")}`,
        },
      ],
      getResultCid: async ({ provider: p }: { provider: string }) => (p === provider ? resultCid : `0x${"00".repeat(32)}`),
    };
    return answers as unknown as MarketplaceClient;
  }
  async function published(store: ContentStore, taskId: bigint, recipient = user.publicKey) {
    const envelope = sealResult({ plaintext: encodeResultPayload({ taskId, output }), recipient });
    return cidDigest(await store.put(envelope));
  }

  it("waits for completion, fetches the sealed result, opens it and checks it against the chain", async () => {
    const store = new LocalContentStore({ directory: mkdtempSync(join(tmpdir(), "calctra-wait-")) });
    const digest = await published(store, 5n);
    const seen: string[] = [];
    const r = await waitForResult({
      market: market(digest, BigInt(resultHashOf(output)), [TaskStatus.Assigned, TaskStatus.Assigned, TaskStatus.Completed]),
      taskId: 5n,
      store,
      secretKey: user.secretKey,
      pollMs: 5,
      onProgress: (s) => seen.push(s),
    });
    expect(r.output).to.deep.equal(output);
    expect(seen).to.have.length(3);
  });

  it("refuses a result that does not match the chain, one sealed to another key, and gives up with DeliveryTimeout", async () => {
    const store = new LocalContentStore({ directory: mkdtempSync(join(tmpdir(), "calctra-wait-")) });
    const digest = await published(store, 5n);
    const base = { taskId: 5n, store, secretKey: user.secretKey, pollMs: 5 };
    expect(await refusal(waitForResult({ ...base, market: market(digest, 12345n, [TaskStatus.Completed]) }))).to.equal(
      "DeliveryCommitmentMismatch",
    );
    const other = await published(store, 5n, generateResultKeyPair().publicKey);
    expect(await refusal(waitForResult({ ...base, market: market(other, BigInt(resultHashOf(output)), [TaskStatus.Completed]) }))).to.equal(
      "DeliveryWrongKey",
    );
    expect(await refusal(waitForResult({ ...base, timeoutMs: 30, market: market(digest, 0n, [TaskStatus.Assigned]) }))).to.equal(
      "DeliveryTimeout",
    );
  });
});
