import { expect } from "chai";
import { createServer, type AddressInfo } from "node:net";
import { Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction, type PublicKey } from "@solana/web3.js";
import { utils } from "@coral-xyz/anchor";
import { beginCell, external, internal, storeMessage, toNano } from "@ton/core";
import { mnemonicNew, mnemonicToPrivateKey } from "@ton/crypto";
import { Blockchain } from "@ton/sandbox";
import { TonClient, WalletContractV4 } from "@ton/ton";
import { startDevnet } from "@calctra/devnet/devnet";
import { serveEvmRpc, type HttpRpcServer } from "@calctra/devnet/evm-http";
import { startSolanaHost, type SolanaHost } from "@calctra/devnet/solana-host";
import { serveSolanaRpc } from "@calctra/devnet/solana-rpc";
import { serveTonHttp } from "@calctra/devnet/ton-http";

type RpcReply = { id?: unknown; result?: unknown; error?: { code: number; message: string } };
const post = async (url: string, body: unknown): Promise<RpcReply & RpcReply[]> =>
  (await (
    await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  ).json()) as RpcReply & RpcReply[];
const call = (method: string, params: unknown, id: number | string = 1) => ({ jsonrpc: "2.0", id, method, params });

describe("devnet HTTP servers on their own", function () {
  this.timeout(300_000);

  it("refuses to start a devnet on a port in use before deploying anything", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const refused = await startDevnet({ ports: { home: 0, spoke: port, solana: 0, ton: 0 } }).catch((e: unknown) => e);
      expect(String(refused)).to.equal(`Error: port ${port} for the spoke endpoint is in use: choose another one`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  describe("serveEvmRpc (any EIP-1193 provider)", () => {
    let node: HttpRpcServer;
    before(async () => {
      const provider = {
        async request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
          if (method === "eth_chainId") return "0x7a69";
          if (method === "eth_call") throw Object.assign(new Error("reverted with custom error"), { code: 3, data: "0xe450d38c" });
          if (method === "eth_sendRawTransaction") {
            throw Object.assign(new Error("nonce too low"), { code: -32000, data: { message: "nonce too low", data: "0x" } });
          }
          throw Object.assign(new Error(`Method ${method} is not supported`), { code: -32601, params });
        },
      };
      node = await serveEvmRpc({ provider });
    });
    after(() => node.close());

    it("answers single and batch requests in order, keeping their ids", async () => {
      expect(await post(node.url, call("eth_chainId", [], "a"))).to.deep.equal({ jsonrpc: "2.0", id: "a", result: "0x7a69" });
      const batch = await post(node.url, [call("eth_chainId", [], 1), call("eth_nope", [], 2)]);
      expect(batch.map((r) => r.id)).to.deep.equal([1, 2]);
      expect(batch[1]!.error).to.deep.include({ code: -32601 });
    });

    it("sends a revert as nodes do (code 3, raw data) and other errors with their code", async () => {
      expect((await post(node.url, call("eth_call", [{}, "latest"]))).error).to.deep.equal({
        code: 3,
        message: "reverted with custom error",
        data: "0xe450d38c",
      });
      expect((await post(node.url, call("eth_sendRawTransaction", ["0x00"]))).error).to.deep.include({
        code: -32000,
        message: "nonce too low",
      });
      expect((await post(node.url, "not json")).error).to.deep.include({ code: -32600 });
    });
  });

  describe("serveSolanaRpc (the native host)", () => {
    let host: SolanaHost;
    let node: Awaited<ReturnType<typeof serveSolanaRpc>>;
    const transfer = async (from: Keypair, to: PublicKey, lamports: number) => {
      const { result } = (await post(node.url, call("getLatestBlockhash", [{}]))) as { result: { value: { blockhash: string } } };
      const tx = new Transaction({ feePayer: from.publicKey, recentBlockhash: result.value.blockhash }).add(
        SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports }),
      );
      tx.sign(from);
      return tx.serialize();
    };
    before(async () => {
      host = await startSolanaHost();
      node = await serveSolanaRpc({ host });
    });
    after(async () => {
      await node.close();
      host.close();
    });

    it("listens for the websocket on the HTTP port + 1, where web3.js looks for it", () => {
      expect(node.wsPort).to.equal(node.port + 1);
    });

    it("sends a base58 transaction, reports its status and returns it with its fee", async () => {
      const to = Keypair.generate().publicKey;
      const wire = await transfer(host.payer, to, LAMPORTS_PER_SOL);
      const { result: signature } = await post(node.url, call("sendTransaction", [utils.bytes.bs58.encode(wire)]));
      const statuses = (await post(node.url, call("getSignatureStatuses", [[signature]]))) as {
        result: { value: [{ err: unknown; confirmationStatus: string }] };
      };
      expect(statuses.result.value[0]).to.deep.include({ err: null, confirmationStatus: "finalized" });
      const tx = (await post(node.url, call("getTransaction", [signature, { encoding: "json" }]))) as {
        result: { meta: { fee: number; err: unknown } };
      };
      expect(tx.result.meta.err).to.equal(null);
      expect(tx.result.meta.fee).to.be.greaterThan(0);
      const balance = (await post(node.url, call("getBalance", [to.toBase58()]))) as { result: { value: number } };
      expect(balance.result.value).to.equal(LAMPORTS_PER_SOL);
    });

    it("simulates without landing and refuses a failing transaction at preflight with its logs", async () => {
      const poor = Keypair.generate();
      await host.airdrop(poor.publicKey, BigInt(LAMPORTS_PER_SOL));
      const wire = (await transfer(poor, Keypair.generate().publicKey, 5 * LAMPORTS_PER_SOL)).toString("base64");
      const simulated = (await post(node.url, call("simulateTransaction", [wire, { encoding: "base64" }]))) as {
        result: { value: { err: unknown; logs: string[] } };
      };
      expect(simulated.result.value.err).to.not.equal(null);
      expect(simulated.result.value.logs.join("\n")).to.match(/insufficient lamports/);
      const sent = (await post(node.url, call("sendTransaction", [wire, { encoding: "base64" }]))) as {
        error: { code: number; message: string };
      };
      expect(sent.error.code).to.equal(-32002);
      expect(sent.error.message).to.match(/^Transaction simulation failed/);
    });
  });

  describe("serveTonHttp (@ton/sandbox behind a toncenter v2 API)", () => {
    let blockchain: Blockchain;
    let api: Awaited<ReturnType<typeof serveTonHttp>>;
    let client: TonClient;
    let keys: Awaited<ReturnType<typeof mnemonicToPrivateKey>>;
    let wallet: WalletContractV4;
    before(async () => {
      blockchain = await Blockchain.create();
      api = await serveTonHttp({ blockchain });
      client = new TonClient({ endpoint: api.endpoint });
      keys = await mnemonicToPrivateKey(await mnemonicNew(24));
      wallet = WalletContractV4.create({ workchain: 0, publicKey: keys.publicKey });
      const faucet = await blockchain.treasury("faucet");
      await faucet.send({ to: wallet.address, value: toNano("10"), bounce: false });
    });
    after(() => api.close());

    it("deploys a wallet on its first external message and reports it as a v4 wallet with its seqno", async () => {
      const opened = client.open(wallet);
      expect(await client.isContractDeployed(wallet.address)).to.equal(false);
      const to = (await blockchain.treasury("receiver")).address;
      await opened.sendTransfer({ seqno: 0, secretKey: keys.secretKey, messages: [internal({ to, value: toNano("1") })] });
      expect(await opened.getSeqno()).to.equal(1);
      const info = (await post(api.endpoint, { method: "getWalletInformation", params: { address: wallet.address.toString() } })) as {
        result: { wallet: boolean; seqno: number; account_state: string };
      };
      expect(info.result).to.deep.include({ wallet: true, seqno: 1, account_state: "active" });
    });

    it("pages transactions newest first by lt and hash, as TonClient asks for them, and locates a message's two ends", async () => {
      const opened = client.open(wallet);
      const to = (await blockchain.treasury("receiver")).address;
      await opened.sendTransfer({ seqno: 1, secretKey: keys.secretKey, messages: [internal({ to, value: toNano("1") })] });
      const all = await client.getTransactions(wallet.address, { limit: 10 });
      expect(all).to.have.length(3); // the faucet's transfer, then two external messages
      expect(all[0]!.lt > all[1]!.lt && all[1]!.lt > all[2]!.lt).to.equal(true);
      const [first] = await client.getTransactions(wallet.address, { limit: 1 });
      const rest = await client.getTransactions(wallet.address, {
        limit: 5,
        lt: first!.lt.toString(),
        hash: first!.hash().toString("base64"),
      });
      expect(rest.map((t) => t.lt)).to.deep.equal([all[1]!.lt, all[2]!.lt]);
      const sent = first!.outMessages.values()[0]!.info;
      if (sent.type !== "internal") throw new Error("the wallet sent no internal message");
      const received = await client.tryLocateResultTx(wallet.address, to, sent.createdLt.toString());
      expect(received.inMessage?.info.type === "internal" && received.inMessage.info.createdLt).to.equal(sent.createdLt);
      expect((await client.tryLocateSourceTx(wallet.address, to, sent.createdLt.toString())).lt).to.equal(first!.lt);
    });

    it("estimates an external message's fee without changing the chain", async () => {
      const body = wallet.createTransfer({ seqno: 2, secretKey: keys.secretKey, messages: [internal({ to: wallet.address, value: 1n })] });
      const before = await client.getBalance(wallet.address);
      const fee = await client.estimateExternalMessageFee(wallet.address, { body, initCode: null, initData: null, ignoreSignature: false });
      expect(fee.source_fees.gas_fee).to.be.greaterThan(0);
      expect(await client.getBalance(wallet.address)).to.equal(before);
      expect(await client.open(wallet).getSeqno()).to.equal(2);
    });

    it("refuses a replayed external message with toncenter's error and status", async () => {
      const body = wallet.createTransfer({ seqno: 0, secretKey: keys.secretKey, messages: [internal({ to: wallet.address, value: 1n })] });
      const boc = beginCell()
        .store(storeMessage(external({ to: wallet.address, body })))
        .endCell()
        .toBoc()
        .toString("base64");
      const response = await fetch(api.endpoint, { method: "POST", body: JSON.stringify({ method: "sendBoc", params: { boc } }) });
      expect(response.status).to.equal(500);
      expect(((await response.json()) as { ok: boolean }).ok).to.equal(false);
    });
  });
});
