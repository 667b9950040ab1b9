import { expect } from "chai";
import { connect } from "node:net";
import { JsonServer, MESSAGE_ID_RULE } from "../src/http.js";

/** Sends raw bytes and resolves the status code of the first response line (0 when the connection closed without one). */
function raw(port: number, request: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    const done = () => {
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      resolve(m ? Number(m[1]) : 0);
    };
    socket.setTimeout(10_000, done);
    socket.on("data", (d) => {
      data += d.toString("latin1");
      if (data.includes("\r\n\r\n")) done();
    });
    socket.on("error", done);
    socket.on("close", done);
    socket.write(request);
  });
}
const get = (target: string, method = "GET", extra = "") => `${method} ${target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n${extra}\r\n`;

describe("bridge services' HTTP server: no request can crash it", function () {
  this.timeout(120_000);
  let server: JsonServer;
  let port: number;
  const id = `0x${"ab".repeat(32)}`;

  before(async () => {
    server = new JsonServer()
      .get("/health", () => [200, { ok: true }])
      .get("/messages/:messageId", ({ messageId }) => [messageId === id ? 200 : 404, { messageId }], { messageId: MESSAGE_ID_RULE })
      .get("/boom", () => {
        throw new Error("handler failed");
      });
    port = await server.listen(0);
  });
  after(() => server.close());

  it("answers `//` (the request that used to kill a validator or the relayer) with 404 and keeps serving", async () => {
    expect(await raw(port, get("//"))).to.equal(404);
    expect(await raw(port, get("//"))).to.equal(404);
    expect(await raw(port, get("/health"))).to.equal(200);
  });

  it("answers bad percent-encoding and ids that are not message ids with 400, wrong methods with 405", async () => {
    expect(await raw(port, get("/messages/%E0%A4%A"))).to.equal(400);
    expect(await raw(port, get("/messages/%zz"))).to.equal(400);
    expect(await raw(port, get("/messages/0x1234"))).to.equal(400);
    expect(await raw(port, get(`/messages/${id}`))).to.equal(200);
    expect(await raw(port, `${get(`/messages/${id}`, "POST", "content-length: 5\r\n")}hello`)).to.equal(405);
    expect(await raw(port, get("/health", "DELETE"))).to.equal(405);
    expect(await raw(port, get("/boom"))).to.equal(500);
    expect(await raw(port, get(`/${"a".repeat(9000)}`))).to.equal(414);
  });

  it("survives a few thousand malformed requests, many in flight, and still answers correctly", async () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const junk = () => {
      const alphabet = "%/?#&=:.\\\0\x7f\u00ff\u2028 abcAZ09%%zz%E0%A4";
      let s = "";
      for (let i = 0, n = 1 + rnd(40); i < n; i++) s += alphabet[rnd(alphabet.length)];
      return s;
    };
    const methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "GETT", "G\0T"];
    const makers: Array<() => string | Buffer> = [
      () => get(`/${junk()}`, methods[rnd(methods.length)]),
      () => get(`/messages/${junk()}`),
      () => get(`//${junk()}`),
      () => get(`/signatures?ids=${junk()}`),
      () => `${junk()}\r\n\r\n`,
      () => get("/health", "POST", `content-length: ${1 << 20}\r\n`) + "x".repeat(1 << 20),
      () => get("/health", "GET", `x-junk: ${"y".repeat(20_000)}\r\n`),
      () => Buffer.from(Array.from({ length: 1 + rnd(200) }, () => rnd(256))),
      () => get(`/messages/${id}?${junk()}`),
    ];
    const statuses = new Map<number, number>();
    for (let round = 0; round < 60; round++) {
      const batch = await Promise.all(Array.from({ length: 50 }, () => raw(port, (makers[rnd(makers.length)] as () => string | Buffer)())));
      for (const s of batch) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).to.equal(3000);
    expect(statuses.has(500), "no malformed request reached a handler's failure").to.equal(false);
    expect(await raw(port, get("/health"))).to.equal(200);
    expect(await raw(port, get(`/messages/${id}`))).to.equal(200);
  });
});
