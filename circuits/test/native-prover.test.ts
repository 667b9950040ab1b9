import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeProofEvm, encodeProofTon, encodeVerifyingKeyTon, terminateCurves, verifyGroth16 } from "@calctra/core/zk";
import type { ProofCurve, SnarkjsVerificationKey } from "@calctra/core/zk";
import {
  buildNativeProver,
  computeWitness,
  loadZkeyNative,
  NativeProverError,
  proveGroth16Native,
  proveWitnessNative,
} from "../src/native-prover.js";
import { exampleInputs, type CircuitName } from "../scripts/gen-vectors.js";
import { Blockchain } from "@ton/sandbox";
import { toNano } from "@ton/core";
import { compileGroth16Verifier, Groth16Verifier } from "../../contracts-ton/scripts/zk/Groth16Verifier.js";

const build = join(dirname(fileURLToPath(import.meta.url)), "..", "build");
const wasm = (curve: ProofCurve, c: string) => join(build, curve, `${c}.wasm`);
const zkey = (curve: ProofCurve, c: string) => join(build, curve, `${c}.zkey`);
const vkey = (curve: ProofCurve, c: string) =>
  JSON.parse(readFileSync(join(build, curve, `${c}.vkey.json`), "utf8")) as SnarkjsVerificationKey;

async function expectRefused(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, "should have been refused").to.be.instanceOf(NativeProverError);
  expect((err as Error).message).to.match(pattern);
}

describe("native Groth16 prover (circuits/prover-native)", () => {
  before(function () {
    this.timeout(30 * 60_000); // a cold cargo build of the addon on 2 busy cores
    buildNativeProver();
  });
  after(async () => {
    await terminateCurves();
  });

  for (const curve of ["bn254", "bls12381"] as const) {
    for (const circuit of ["result_commitment", "dense_inference"] as CircuitName[]) {
      it(`proves ${circuit} on ${curve} with the expected public signals, and snarkjs verifies the proof`, async () => {
        const { witnessInput, publicInputs } = await exampleInputs(circuit, curve);
        const { proof, publicSignals } = await proveGroth16Native({ wasm: wasm(curve, circuit), zkey: zkey(curve, circuit), witnessInput });
        expect(proof.protocol).to.equal("groth16");
        expect(proof.curve).to.equal(curve === "bn254" ? "bn128" : "bls12381");
        expect(proof.pi_a).to.have.length(3);
        expect(proof.pi_b.map((x) => x.length)).to.deep.equal([2, 2, 2]);
        expect(publicSignals).to.deep.equal(publicInputs.map(String));
        const vk = vkey(curve, circuit);
        expect(await verifyGroth16({ vkey: vk, publicInputs: publicSignals, proof })).to.equal(true);
        const tampered = publicSignals.map((x, i) => (i === 0 ? String(BigInt(x) + 1n) : x));
        expect(await verifyGroth16({ vkey: vk, publicInputs: tampered, proof })).to.equal(false);
      });
    }
  }

  it("gives a fresh (randomised) proof each time, both valid", async () => {
    const { witnessInput } = await exampleInputs("result_commitment", "bn254");
    const p = { wasm: wasm("bn254", "result_commitment"), zkey: zkey("bn254", "result_commitment"), witnessInput };
    const [x, y] = [await proveGroth16Native(p), await proveGroth16Native(p)];
    expect(x.proof.pi_a).to.not.deep.equal(y.proof.pi_a);
    expect(await verifyGroth16({ vkey: vkey("bn254", "result_commitment"), publicInputs: y.publicSignals, proof: y.proof })).to.equal(true);
  });

  it("makes BN254 proofs the EVM verifier contracts accept through encodeProofEvm", async function () {
    this.timeout(120_000);
    const hre = (await import("hardhat")).default;
    const { viem } = await hre.network.create();
    for (const [circuit, contract] of [
      ["result_commitment", "ResultCommitmentVerifier"],
      ["dense_inference", "DenseInferenceVerifier"],
    ] as const) {
      const { witnessInput } = await exampleInputs(circuit, "bn254");
      const { proof, publicSignals } = await proveGroth16Native({
        wasm: wasm("bn254", circuit),
        zkey: zkey("bn254", circuit),
        witnessInput,
      });
      const verifier = await viem.deployContract(contract);
      const inputs = publicSignals.map(BigInt) as unknown as readonly [bigint, bigint, bigint, bigint];
      expect(await verifier.read.verifyProof([encodeProofEvm({ proof }), inputs]), circuit).to.equal(true);
      const other = inputs.map((x, i) => (i === 3 ? x + 1n : x)) as unknown as readonly [bigint, bigint, bigint, bigint];
      expect(await verifier.read.verifyProof([encodeProofEvm({ proof }), other]), circuit).to.equal(false);
    }
  });

  it("makes BLS12-381 proofs the TON verifier accepts through encodeProofTon", async function () {
    this.timeout(120_000);
    const code = await compileGroth16Verifier();
    for (const circuit of ["result_commitment", "dense_inference"] as const) {
      const { witnessInput } = await exampleInputs(circuit, "bls12381");
      const { proof, publicSignals } = await proveGroth16Native({
        wasm: wasm("bls12381", circuit),
        zkey: zkey("bls12381", circuit),
        witnessInput,
      });
      const bc = await Blockchain.create();
      const deployer = await bc.treasury("native");
      const verifier = bc.openContract(Groth16Verifier.fromVerifyingKey(code, encodeVerifyingKeyTon({ vkey: vkey("bls12381", circuit) })));
      await verifier.sendDeploy(deployer.getSender(), toNano("1"));
      const inputs = publicSignals.map(BigInt) as unknown as readonly [bigint, bigint, bigint, bigint];
      expect((await verifier.getVerify(encodeProofTon({ proof }), inputs)).ok, circuit).to.equal(true);
    }
  });

  it("refuses a wrong input with a clear error (the witness does not satisfy the circuit)", async () => {
    const { witnessInput } = await exampleInputs("result_commitment", "bn254");
    await expectRefused(
      proveGroth16Native({
        wasm: wasm("bn254", "result_commitment"),
        zkey: zkey("bn254", "result_commitment"),
        witnessInput: { ...witnessInput, salt: "1" },
      }),
      /witness generation failed — the input does not satisfy the circuit/,
    );
  });

  it("refuses a witness computed for the other curve or for another circuit", async () => {
    const bn = await computeWitness({
      wasm: wasm("bn254", "result_commitment"),
      witnessInput: (await exampleInputs("result_commitment", "bn254")).witnessInput,
    });
    await expectRefused(
      proveWitnessNative({ zkey: zkey("bls12381", "result_commitment"), wtns: bn }),
      /computed over another field than this bls12381 proving key/,
    );
    await expectRefused(proveWitnessNative({ zkey: zkey("bn254", "dense_inference"), wtns: bn }), /signals, the proving key expects/);
  });

  it("refuses a witness that was altered after generation (the pairing self-check)", async () => {
    const wtns = await computeWitness({
      wasm: wasm("bn254", "result_commitment"),
      witnessInput: (await exampleInputs("result_commitment", "bn254")).witnessInput,
    });
    const altered = Uint8Array.from(wtns);
    // the last signal of section 2 (the witness values) is the last 32 bytes of the file
    altered[altered.length - 32] = altered[altered.length - 32]! ^ 1;
    await expectRefused(
      proveWitnessNative({ zkey: zkey("bn254", "result_commitment"), wtns: altered }),
      /witness does not satisfy the circuit/,
    );
  });

  it("reads both curves' keys and refuses a file that is not a proving key", () => {
    expect(loadZkeyNative({ zkey: zkey("bn254", "dense_inference") })).to.include({ curve: "bn254", nPublic: 4, domainSize: 4096 });
    expect(loadZkeyNative({ zkey: zkey("bls12381", "dense_inference") })).to.include({ curve: "bls12381", nPublic: 4, domainSize: 4096 });
    const junk = join(tmpdir(), `calctra-not-a-zkey-${process.pid}.zkey`);
    writeFileSync(junk, "not a zkey at all");
    expect(() => loadZkeyNative({ zkey: junk })).to.throw(NativeProverError, /not a snarkjs zkey file/);
    expect(() => loadZkeyNative({ zkey: wasm("bn254", "result_commitment") })).to.throw(NativeProverError, /not a snarkjs zkey file/);
  });
});
