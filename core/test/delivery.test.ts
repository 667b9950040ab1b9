import { expect } from "chai";
import { CalctraError } from "../src/index.js";
import {
  cidDigest,
  cidFromDigest,
  cidOf,
  encodeResultPayload,
  encodeTaskSpec,
  encodeTensor,
  generateResultKeyPair,
  matchesCid,
  openResult,
  parseCid,
  parseResultPayload,
  parseTaskSpec,
  parseTensor,
  resultHashOf,
  sealResult,
  specHashOfCid,
  prepareTaskSpec,
  specCidOfHash,
  type TaskSpec,
} from "../src/delivery.js";
import { outputCommitment, outputResult, poseidonHash } from "../src/zk/index.js";

const text = (s: string) => new TextEncoder().encode(s);
const fails = (f: () => unknown, name: string) => {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(CalctraError);
    expect((e as CalctraError).name).to.equal(name);
    return e as CalctraError;
  }
  throw new Error(`expected ${name}`);
};

describe("delivery: content addresses", () => {
  it("files bytes under CIDv1 raw sha2-256, the same CID any IPFS node gives (checked by hand from sha256)", () => {
    const cid = cidOf(text("hello"));
    expect(cid.toString()).to.equal("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
    expect(cidDigest(cid)).to.equal("0x2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(cidFromDigest(cidDigest(cid)).equals(cid)).to.equal(true);
    expect(matchesCid(cid, text("hello"))).to.equal(true);
    expect(matchesCid(cid, text("hellO"))).to.equal(false);
  });

  it("reduces a spec CID's digest to a field element below 2^248, as §6 says", () => {
    const cid = cidOf(text("spec"));
    expect(specHashOfCid(cid)).to.equal(BigInt(cidDigest(cid)) % (1n << 248n));
    expect(specHashOfCid(cid) < 1n << 248n).to.equal(true);
  });

  it("refuses CIDs that are not v1 raw sha2-256, garbage and a zero digest with DeliveryInvalidCid", () => {
    fails(() => parseCid("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"), "DeliveryInvalidCid");
    fails(() => parseCid("not a cid"), "DeliveryInvalidCid");
    fails(() => cidFromDigest(`0x${"00".repeat(32)}`), "DeliveryInvalidCid");
  });
});

describe("delivery: the task spec", () => {
  const inputs = { W: cidOf(text("W")).toString(), b: cidOf(text("b")).toString(), x: cidOf(text("x")).toString() };
  const spec: TaskSpec = {
    version: 1,
    job: { type: "dense-inference", inputs },
    verifierId: 2,
    resultKey: generateResultKeyPair().publicKey,
    requirements: { cores: 4, memoryGiB: 8, gpu: { count: 1, model: "A100" }, region: "eu" },
  };

  it("encodes canonically (one spec, one CID whatever the key order) and parses back", () => {
    const a = encodeTaskSpec(spec);
    const reordered = { requirements: spec.requirements, resultKey: spec.resultKey, verifierId: 2, job: spec.job, version: 1 } as TaskSpec;
    expect(cidOf(encodeTaskSpec(reordered)).equals(cidOf(a))).to.equal(true);
    expect(parseTaskSpec(a)).to.deep.equal(spec);
  });

  it("refuses a malformed spec with DeliveryInvalidSpec naming the field", () => {
    const bad = (v: unknown) => fails(() => parseTaskSpec(text(JSON.stringify(v))), "DeliveryInvalidSpec");
    expect(bad({ ...spec, version: 2 }).args.field).to.equal("version");
    expect(bad({ ...spec, job: { type: "dense-inference", inputs: { ...inputs, W: "nope" } } }).args.field).to.equal("job.inputs.W");
    expect(bad({ ...spec, resultKey: "0x12" }).args.field).to.equal("resultKey");
    expect(bad({ ...spec, job: { type: "fine-tune", inputs } }).args.field).to.equal("job.type");
    expect(bad({ ...spec, extra: 1 }).args.field).to.equal("(root)");
    fails(() => parseTaskSpec(Uint8Array.from([0xff, 0xfe])), "DeliveryInvalidSpec");
  });
});

describe("delivery: tensors", () => {
  it("round-trips a matrix and a vector of integers and checks the expected shape", () => {
    const W = [
      [1n, -2n],
      [3n, 4n],
    ];
    expect(parseTensor(encodeTensor(W), [2, 2])).to.deep.equal(W);
    expect(parseTensor(encodeTensor([5n, -6n]), [2])).to.deep.equal([5n, -6n]);
    fails(() => parseTensor(encodeTensor([5n, -6n]), [3]), "DeliveryInvalidInput");
    fails(() => parseTensor(text('{"shape":[3],"values":["1","2"]}')), "DeliveryInvalidInput");
    fails(() => parseTensor(text('{"shape":[1],"values":["1.5"]}')), "DeliveryInvalidInput");
  });

  it("gives every honest replica the same resultHash for the same output", () => {
    expect(resultHashOf([1n, 2n, 3n])).to.equal(resultHashOf([1n, 2n, 3n]));
    expect(resultHashOf([1n, 2n, 3n])).to.not.equal(resultHashOf([1n, 2n, 4n]));
  });
});

describe("delivery: the sealed result", () => {
  const user = generateResultKeyPair();
  const payload = { taskId: 7n, output: [10n, -20n, 30n], salt: 12345n };

  it("opens with the user's key to the exact payload", () => {
    const envelope = sealResult({ plaintext: encodeResultPayload(payload), recipient: user.publicKey });
    expect(parseResultPayload(openResult({ envelope, secretKey: user.secretKey }))).to.deep.equal(payload);
  });

  it("refuses another key with DeliveryWrongKey", () => {
    const envelope = sealResult({ plaintext: encodeResultPayload(payload), recipient: user.publicKey });
    fails(() => openResult({ envelope, secretKey: generateResultKeyPair().secretKey }), "DeliveryWrongKey");
  });

  it("refuses any changed byte (header, ephemeral key, nonce, ciphertext, tag) with DeliveryTampered", () => {
    const envelope = sealResult({ plaintext: encodeResultPayload(payload), recipient: user.publicKey });
    for (const at of [4, 40, 80, 100, envelope.length - 1]) {
      const t = Uint8Array.from(envelope);
      t[at] = (t[at] as number) ^ 1;
      fails(() => openResult({ envelope: t, secretKey: user.secretKey }), "DeliveryTampered");
    }
    fails(() => openResult({ envelope: envelope.subarray(0, 50), secretKey: user.secretKey }), "DeliveryTampered");
  });
});

describe("addresses: the EVM account inside a universal address", () => {
  it("takes the last 20 bytes back out and refuses a universal address that is not an EVM account's", async () => {
    const { evmFromUniversal, universalFromEvm } = await import("../src/index.js");
    const a = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    expect(evmFromUniversal(universalFromEvm(a))).to.equal(a);
    expect(() => evmFromUniversal(`0x${"11".repeat(32)}`))
      .to.throw(CalctraError)
      .with.property("name", "InvalidAddress");
  });
});

describe("delivery: a spec an agent finds from the chain alone", () => {
  const spec = (): TaskSpec => ({
    version: 1,
    job: {
      type: "dense-inference",
      inputs: { W: cidOf(text("W")).toString(), b: cidOf(text("b")).toString(), x: cidOf(text("x")).toString() },
    },
    verifierId: 1,
    resultKey: `0x${"11".repeat(32)}`,
    requirements: {},
  });

  it("grinds the spec's nonce until the digest is below 2^248, so specHash is the digest and names the CID back", () => {
    const p = prepareTaskSpec(spec());
    expect(p.cid.equals(cidOf(p.bytes))).to.equal(true);
    expect(p.specHash < 1n << 248n).to.equal(true);
    expect(p.specHash).to.equal(specHashOfCid(p.cid));
    expect(BigInt(cidDigest(p.cid))).to.equal(p.specHash);
    expect(specCidOfHash(p.specHash).equals(p.cid)).to.equal(true);
    expect(parseTaskSpec(p.bytes)).to.deep.equal(p.spec);
    expect(p.spec.nonce).to.be.a("number");
    // Deterministic: the same spec, the same nonce and CID.
    expect(prepareTaskSpec(spec()).cid.equals(p.cid)).to.equal(true);
  });

  it("refuses a specHash that names no CID (zero, or not below 2^248)", () => {
    fails(() => specCidOfHash(0n), "DeliveryInvalidCid");
    fails(() => specCidOfHash(1n << 248n), "DeliveryInvalidCid");
  });

  it("commits a classic task's output as Poseidon(resultHash mod 2^248, 0, 0, 0, salt) on each curve", async () => {
    const resultHash = resultHashOf([1n, -2n, 3n]);
    expect(outputResult(resultHash)).to.deep.equal([BigInt(resultHash) % (1n << 248n), 0n, 0n, 0n]);
    for (const curve of ["bn254", "bls12381"] as const) {
      const c = await outputCommitment({ curve, resultHash, salt: 7n });
      expect(c).to.equal(await poseidonHash({ curve, inputs: [...outputResult(resultHash), 7n] }));
      expect(c).to.not.equal(await outputCommitment({ curve, resultHash, salt: 8n }));
    }
    expect(await outputCommitment({ curve: "bn254", resultHash, salt: 7n })).to.not.equal(
      await outputCommitment({ curve: "bls12381", resultHash, salt: 7n }),
    );
  });
});
