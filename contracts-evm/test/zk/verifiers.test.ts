import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { network } from "hardhat";
import type { Hex } from "viem";
import { encodeProofEvm } from "@calctra/core/zk";
import type { SnarkjsGroth16Proof } from "@calctra/core/zk";

const { viem } = await network.create();
const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

interface ProofVector {
  circuit: string;
  curve: string;
  publicInputs: string[];
  proof: SnarkjsGroth16Proof;
}
function proofVector(circuit: string): ProofVector {
  const url = new URL(`../../../test/vectors/proofs/${circuit}.bn254.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as ProofVector;
}
type Inputs = readonly [bigint, bigint, bigint, bigint];
const inputsOf = (v: ProofVector): Inputs => {
  const [a, b, c, d] = v.publicInputs.map(BigInt);
  if (a === undefined || b === undefined || c === undefined || d === undefined) throw new Error("vector needs 4 inputs");
  return [a, b, c, d];
};
/** Replaces 32-byte word `i` of an ABI-encoded proof. */
function withWord(proof: Hex, i: number, f: (w: bigint) => bigint): Hex {
  const words = proof.slice(2).match(/.{64}/g) ?? [];
  words[i] = f(BigInt(`0x${words[i]}`))
    .toString(16)
    .padStart(64, "0");
  return `0x${words.join("")}`;
}

const CASES = [
  { circuit: "result_commitment", contract: "ResultCommitmentVerifier" },
  { circuit: "dense_inference", contract: "DenseInferenceVerifier" },
] as const;

for (const { circuit, contract } of CASES) {
  describe(`${contract} (${circuit}, BN254)`, () => {
    const v = proofVector(circuit);
    const inputs = inputsOf(v);
    const proof = encodeProofEvm({ proof: v.proof });
    async function deploy() {
      return viem.deployContract(contract);
    }

    it("accepts the real proof of the shared vector", async () => {
      const verifier = await deploy();
      assert.equal(await verifier.read.verifyProof([proof, inputs]), true);
    });

    for (const [i, name] of ["taskId", "specHash", "resultCommitment", "provider"].entries()) {
      it(`rejects the proof for another ${name}`, async () => {
        const verifier = await deploy();
        const tampered = inputs.map((x, j) => (j === i ? x + 1n : x)) as unknown as Inputs;
        assert.equal(await verifier.read.verifyProof([proof, tampered]), false);
      });
      it(`rejects ${name} + r (public input not below the field modulus)`, async () => {
        const verifier = await deploy();
        const aliased = inputs.map((x, j) => (j === i ? x + BN254_R : x)) as unknown as Inputs;
        assert.equal(await verifier.read.verifyProof([proof, aliased]), false);
      });
    }

    it("rejects a proof with a tampered A, B or C coordinate", async () => {
      const verifier = await deploy();
      for (const word of [0, 2, 5, 7]) {
        assert.equal(await verifier.read.verifyProof([withWord(proof, word, (w) => w + 1n), inputs]), false, `word ${word}`);
      }
    });

    it("rejects a valid curve point substituted for A (negated A)", async () => {
      const verifier = await deploy();
      const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
      assert.equal(await verifier.read.verifyProof([withWord(proof, 1, (y) => q - y), inputs]), false);
    });

    it("rejects proof bytes that are not exactly 256 bytes", async () => {
      const verifier = await deploy();
      assert.equal(await verifier.read.verifyProof([`${proof}00`, inputs]), false);
      assert.equal(await verifier.read.verifyProof([proof.slice(0, 2 + 2 * 255) as Hex, inputs]), false);
      assert.equal(await verifier.read.verifyProof(["0x", inputs]), false);
    });
  });
}

describe("verifier cross-check", () => {
  it("rejects the result_commitment proof under the dense_inference verifying key", async () => {
    const rc = proofVector("result_commitment");
    const verifier = await viem.deployContract("DenseInferenceVerifier");
    assert.equal(await verifier.read.verifyProof([encodeProofEvm({ proof: rc.proof }), inputsOf(rc)]), false);
  });
});
