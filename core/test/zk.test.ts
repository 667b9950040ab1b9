import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { bls12_381 } from "@noble/curves/bls12-381";
import { bn254 } from "@noble/curves/bn254";
import { decodeAbiParameters } from "viem";
import { CalctraError, fieldModulus } from "../src/index.js";
import {
  BN254_Q,
  buildResultCommitmentInputs,
  denseForward,
  denseResultCommitment,
  encodeProofEvm,
  encodeProofSolana,
  encodeProofTon,
  encodeVerifyingKeySolana,
  encodeVerifyingKeyTon,
  poseidonBls12381Constants,
  poseidonHash,
  providerPublicInput,
  proveGroth16,
  taskStatement,
  terminateCurves,
  verifyGroth16,
  type SnarkjsGroth16Proof,
  type SnarkjsVerificationKey,
} from "../src/zk/index.js";

const root = new URL("../../", import.meta.url);
interface ProofVector {
  circuit: string;
  curve: string;
  publicInputs: string[];
  proof: SnarkjsGroth16Proof;
  vkey: SnarkjsVerificationKey;
}
const vector = (name: string): ProofVector =>
  JSON.parse(readFileSync(new URL(`test/vectors/proofs/${name}.json`, root), "utf8")) as ProofVector;

after(async () => {
  await terminateCurves();
});

describe("core zk: Poseidon", () => {
  it("matches circomlib's BN254 Poseidon on a known answer", async () => {
    expect(await poseidonHash({ curve: "bn254", inputs: [1n, 2n] })).to.equal(
      7853200120776062878684798364095072458815029376092732009249414926327459813530n,
    );
  });

  it("equals circomlibjs' BN254 Poseidon for every width 1..16 on pseudo-random field elements", async () => {
    // circomlibjs (the reference the circuits' constants come from) is a dev dependency for this check only.
    const { buildPoseidon } = (await import("circomlibjs" as string)) as {
      buildPoseidon: () => Promise<{ (x: bigint[]): Uint8Array; F: { toObject(x: Uint8Array): bigint } }>;
    };
    const reference = await buildPoseidon();
    const r = fieldModulus("bn254");
    let x = 0x1234_5678_9abc_def0n;
    for (let n = 1; n <= 16; n++) {
      const inputs = Array.from({ length: n }, () => (x = (x * 6364136223846793005n + 1442695040888963407n) % r));
      expect(await poseidonHash({ curve: "bn254", inputs }), `width ${n}`).to.equal(reference.F.toObject(reference(inputs)));
    }
  });

  it("derives BLS12-381 round constants in the field and a Cauchy MDS with distinct entries", () => {
    const c = poseidonBls12381Constants({ t: 3 });
    const r = fieldModulus("bls12381");
    expect(c.roundConstants).to.have.length(8 + 57);
    expect(c.roundConstants.flat().every((x) => x >= 0n && x < r)).to.equal(true);
    expect(c.mds).to.have.length(3);
    expect(new Set(c.mds.flat()).size).to.equal(9);
  });

  it("gives different hashes on the two curves and for different inputs", async () => {
    const a = await poseidonHash({ curve: "bls12381", inputs: [1n, 2n] });
    expect(a).to.not.equal(await poseidonHash({ curve: "bn254", inputs: [1n, 2n] }));
    expect(a).to.not.equal(await poseidonHash({ curve: "bls12381", inputs: [2n, 1n] }));
    expect(a < fieldModulus("bls12381")).to.equal(true);
  });

  it("refuses inputs outside the field", async () => {
    let err: unknown;
    try {
      await poseidonHash({ curve: "bls12381", inputs: [fieldModulus("bls12381")] });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(CalctraError);
  });
});

describe("core zk: circuit inputs", () => {
  it("reduces universal addresses mod 2^248 as the shared vectors say", () => {
    const v = JSON.parse(readFileSync(new URL("test/vectors/public-inputs.json", root), "utf8")) as {
      cases: { universalAddress: `0x${string}`; providerField: string }[];
    };
    expect(v.cases.length).to.be.greaterThan(0);
    for (const c of v.cases) expect(providerPublicInput({ universalAddress: c.universalAddress }).toString()).to.equal(c.providerField);
  });

  it("takes a 20-byte EVM address whole", () => {
    expect(providerPublicInput({ universalAddress: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc" })).to.equal(
      0x3c44cdddb6a900fa2b585dd299e03d12fa4293bcn,
    );
  });

  it("puts the public inputs in CONVENTIONS order [taskId, specHash, resultCommitment, provider]", async () => {
    const { publicInputs } = await buildResultCommitmentInputs({
      curve: "bn254",
      taskId: 9n,
      specHash: 8n,
      provider: 7n,
      result: [1n, 2n, 3n, 4n],
      salt: 5n,
    });
    expect(publicInputs[0]).to.equal(9n);
    expect(publicInputs[1]).to.equal(8n);
    expect(publicInputs[2]).to.equal(await poseidonHash({ curve: "bn254", inputs: [1n, 2n, 3n, 4n, 5n] }));
    expect(publicInputs[3]).to.equal(7n);
  });

  it("computes y = W.x + b exactly and refuses outputs it cannot commit", async () => {
    const W = Array.from({ length: 16 }, (_, i) => Array.from({ length: 16 }, (_, j) => BigInt(((i * 16 + j) % 255) - 127)));
    const b = Array.from({ length: 16 }, (_, i) => BigInt(i * 1000 - 8000));
    const x = Array.from({ length: 16 }, (_, j) => BigInt(j * 8 - 64));
    const y = denseForward({ W, b, x });
    expect(y[0]).to.equal(b[0]! + W[0]!.reduce((acc, w, j) => acc + w * x[j]!, 0n));
    let err: unknown;
    try {
      await denseResultCommitment({ curve: "bn254", y: y.map((v, i) => (i === 0 ? 1n << 19n : v)), salt: 1n });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(CalctraError);
    expect((err as CalctraError).args).to.deep.include({ input: "y[0]", value: 1n << 19n, max: (1n << 19n) - 1n });
    expect((err as CalctraError).name).to.equal("FixedPointOutOfRange");
  });
});

describe("core zk: chain encodings", () => {
  const bn = vector("result_commitment.bn254");
  const bls = vector("result_commitment.bls12381");

  it("encodes the EVM proof as abi.encode(a, b, c) with G2 imaginary parts first", () => {
    const [a, b, c] = decodeAbiParameters(
      [{ type: "uint256[2]" }, { type: "uint256[2][2]" }, { type: "uint256[2]" }],
      encodeProofEvm({ proof: bn.proof }),
    );
    expect(a.map(String)).to.deep.equal(bn.proof.pi_a.slice(0, 2));
    expect(b[0]!.map(String)).to.deep.equal([bn.proof.pi_b[0]![1], bn.proof.pi_b[0]![0]]);
    expect(c.map(String)).to.deep.equal(bn.proof.pi_c.slice(0, 2));
  });

  it("encodes the Solana proof as A | B | C with A not negated (the program negates it), and -A alongside", () => {
    const { a, aNeg, b, c, bytes } = encodeProofSolana({ proof: bn.proof });
    expect([a.length, aNeg.length, b.length, c.length, bytes.length]).to.deep.equal([64, 64, 128, 64, 256]);
    const hex = (u: Uint8Array) => Buffer.from(u).toString("hex");
    const be = (v: string) => BigInt(v).toString(16).padStart(64, "0");
    expect(hex(bytes.subarray(0, 64))).to.equal(be(bn.proof.pi_a[0]!) + be(bn.proof.pi_a[1]!));
    expect(hex(bytes.subarray(64, 192))).to.equal(hex(b));
    expect(hex(bytes.subarray(192))).to.equal(be(bn.proof.pi_c[0]!) + be(bn.proof.pi_c[1]!));
    expect(hex(b)).to.equal([bn.proof.pi_b[0]![1]!, bn.proof.pi_b[0]![0]!, bn.proof.pi_b[1]![1]!, bn.proof.pi_b[1]![0]!].map(be).join(""));
    const x = BigInt(`0x${Buffer.from(aNeg.subarray(0, 32)).toString("hex")}`);
    const y = BigInt(`0x${Buffer.from(aNeg.subarray(32)).toString("hex")}`);
    const negA = bn254.G1.ProjectivePoint.fromAffine({ x, y });
    const pa = bn254.G1.ProjectivePoint.fromAffine({ x: BigInt(bn.proof.pi_a[0]!), y: BigInt(bn.proof.pi_a[1]!) });
    expect(negA.add(pa).equals(bn254.G1.ProjectivePoint.ZERO)).to.equal(true);
    expect(y < BN254_Q).to.equal(true);
  });

  it("lays the Solana verifying key out as alpha|beta|gamma|delta|u32 n|IC", () => {
    const vk = encodeVerifyingKeySolana({ vkey: bn.vkey });
    expect(vk.ic).to.have.length(5);
    expect(vk.bytes.length).to.equal(64 + 3 * 128 + 4 + 5 * 64);
    expect(new DataView(vk.bytes.buffer, vk.bytes.byteOffset).getUint32(64 + 384, false)).to.equal(5);
  });

  it("encodes TON points compressed (48 / 96 bytes) that decode to the snarkjs coordinates", () => {
    const cell = encodeProofTon({ proof: bls.proof });
    const s = cell.beginParse();
    const a = bls12_381.G1.ProjectivePoint.fromHex(s.loadBuffer(48)).toAffine();
    expect(a.x.toString()).to.equal(bls.proof.pi_a[0]);
    expect(a.y.toString()).to.equal(bls.proof.pi_a[1]);
    s.loadBuffer(48);
    const b = bls12_381.G2.ProjectivePoint.fromHex(s.loadRef().beginParse().loadBuffer(96)).toAffine();
    expect(b.x.c0.toString()).to.equal(bls.proof.pi_b[0]![0]);
  });

  it("stores the negated G2 points and the IC chain in the TON verifying-key cell", () => {
    const cell = encodeVerifyingKeyTon({ vkey: bls.vkey });
    const s = cell.beginParse();
    s.loadBuffer(48);
    expect(s.loadUint(8)).to.equal(4);
    const negBeta = bls12_381.G2.ProjectivePoint.fromHex(s.loadRef().beginParse().loadBuffer(96));
    const beta = bls.vkey.vk_beta_2;
    const expected = bls12_381.G2.ProjectivePoint.fromAffine({
      x: bls12_381.fields.Fp2.create({ c0: BigInt(beta[0]![0]!), c1: BigInt(beta[0]![1]!) }),
      y: bls12_381.fields.Fp2.create({ c0: BigInt(beta[1]![0]!), c1: BigInt(beta[1]![1]!) }),
    });
    expect(negBeta.equals(expected.negate())).to.equal(true);
    expect(() => encodeVerifyingKeyTon({ vkey: bn.vkey })).to.throw(
      CalctraError,
      "InvalidArgument(input=vkey.curve, value=bn128, expected=bls12381)",
    );
  });
});

describe("core zk: proving", () => {
  const wasm = new URL("circuits/build/bn254/result_commitment.wasm", root);
  const zkey = new URL("circuits/build/bn254/result_commitment.zkey", root);
  it("proves a result commitment that the verifying key accepts", async function () {
    if (!existsSync(zkey)) this.skip(); // built by circuits/scripts/build-all.sh (scripts/test-zk.sh runs it first)
    const { publicInputs, witnessInput } = await buildResultCommitmentInputs({
      curve: "bn254",
      taskId: 3n,
      specHash: 4n,
      provider: 5n,
      result: [6n, 7n, 8n, 9n],
      salt: 10n,
    });
    const { proof, publicSignals } = await proveGroth16({ wasm: wasm.pathname, zkey: zkey.pathname, witnessInput });
    expect(publicSignals).to.deep.equal(publicInputs.map(String));
    expect(await verifyGroth16({ vkey: bn.vkey, publicInputs, proof })).to.equal(true);
  });
  const bn = vector("result_commitment.bn254");
});

describe("core zk: task statement", () => {
  const task = {
    id: 12n,
    specHash: 99n,
    provider: "0xff0000000000000000000000000000000000000000000000000000000000abcd" as const,
  };
  it("derives taskId, specHash and the provider reduced mod 2^248 from a task", () => {
    const st = taskStatement({ task, curve: "bls12381" });
    expect(st).to.deep.equal({ taskId: 12n, specHash: 99n, provider: 0xabcdn });
  });
  it("refuses a task without provider and a specHash of 2^248", () => {
    expect(() => taskStatement({ task: { ...task, provider: null }, curve: "bn254" }))
      .to.throw(CalctraError)
      .with.property("name", "MarketplaceTaskNotAssigned");
    expect(() => taskStatement({ task: { ...task, specHash: 1n << 248n }, curve: "bn254" })).to.throw(CalctraError);
  });
});
