import { expect } from "chai";
import { readFileSync } from "node:fs";
import { Blockchain, type SandboxContract, type TreasuryContract } from "@ton/sandbox";
import { beginCell, toNano, type Cell } from "@ton/core";
import "@ton/test-utils";
import { encodeG1Ton, encodeProofTon, encodeVerifyingKeyTon } from "@calctra/core/zk";
import type { SnarkjsGroth16Proof, SnarkjsVerificationKey } from "@calctra/core/zk";
import {
  compileGroth16Verifier,
  EXIT_FIELD_ELEMENT_OUT_OF_RANGE,
  EXIT_INVALID_PROOF,
  Groth16Verifier,
  type PublicInputs4,
} from "../../scripts/zk/Groth16Verifier.js";

const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

interface ProofVector {
  publicInputs: string[];
  proof: SnarkjsGroth16Proof;
  vkey: SnarkjsVerificationKey;
}
function vector(circuit: string): ProofVector {
  const url = new URL(`../../../test/vectors/proofs/${circuit}.bls12381.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as ProofVector;
}
const inputsOf = (v: ProofVector): PublicInputs4 => v.publicInputs.map(BigInt) as unknown as PublicInputs4;

for (const circuit of ["result_commitment", "dense_inference"]) {
  describe(`TON Groth16 verifier (${circuit}, BLS12-381)`, () => {
    const v = vector(circuit);
    const inputs = inputsOf(v);
    const proof = encodeProofTon({ proof: v.proof });
    let blockchain: Blockchain;
    let deployer: SandboxContract<TreasuryContract>;
    let verifier: SandboxContract<Groth16Verifier>;

    beforeEach(async () => {
      blockchain = await Blockchain.create();
      deployer = await blockchain.treasury("deployer");
      const code = await compileGroth16Verifier();
      verifier = blockchain.openContract(Groth16Verifier.fromVerifyingKey(code, encodeVerifyingKeyTon({ vkey: v.vkey })));
      await verifier.sendDeploy(deployer.getSender(), toNano("1"));
    });

    it("accepts the real proof of the shared vector (get-method)", async () => {
      expect((await verifier.getVerify(proof, inputs)).ok).to.equal(true);
    });

    it("accepts the real proof in an internal message", async () => {
      const res = await verifier.sendVerify(deployer.getSender(), toNano("0.5"), proof, inputs);
      expect(res.transactions).to.have.transaction({ to: verifier.address, success: true });
    });

    for (const [i, name] of ["taskId", "specHash", "resultCommitment", "provider"].entries()) {
      it(`rejects the proof for another ${name}`, async () => {
        const tampered = inputs.map((x, j) => (j === i ? x + 1n : x)) as unknown as PublicInputs4;
        expect((await verifier.getVerify(proof, tampered)).ok).to.equal(false);
        const res = await verifier.sendVerify(deployer.getSender(), toNano("0.5"), proof, tampered);
        expect(res.transactions).to.have.transaction({ to: verifier.address, success: false, exitCode: EXIT_INVALID_PROOF });
      });

      it(`rejects ${name} + r (public input not below the field modulus)`, async () => {
        const aliased = inputs.map((x, j) => (j === i ? x + R : x)) as unknown as PublicInputs4;
        expect((await verifier.getVerify(proof, aliased)).ok).to.equal(false);
        const res = await verifier.sendVerify(deployer.getSender(), toNano("0.5"), proof, aliased);
        expect(res.transactions).to.have.transaction({
          to: verifier.address,
          success: false,
          exitCode: EXIT_FIELD_ELEMENT_OUT_OF_RANGE,
        });
      });
    }

    it("rejects a proof whose A and C are swapped (valid points, wrong proof)", async () => {
      const root = proof.beginParse();
      const a = root.loadBits(384);
      const c = root.loadBits(384);
      const swapped = beginCell().storeBits(c).storeBits(a).storeRef(root.loadRef()).endCell();
      expect((await verifier.getVerify(swapped, inputs)).ok).to.equal(false);
    });

    it("rejects a proof whose A is negated", async () => {
      const root = proof.beginParse();
      root.loadBits(384);
      const c = root.loadBits(384);
      const negA = encodeG1Ton({ point: v.proof.pi_a, negate: true });
      const tampered = beginCell().storeBuffer(negA).storeBits(c).storeRef(root.loadRef()).endCell();
      expect((await verifier.getVerify(tampered, inputs)).ok).to.equal(false);
    });

    it("rejects a proof with a corrupted byte in A, B or C (point that does not decode)", async () => {
      const flip = (buf: Buffer, at: number): Buffer => {
        const b = Buffer.from(buf);
        b[at] = b[at]! ^ 0x01;
        return b;
      };
      const root = proof.beginParse();
      const a = root.loadBuffer(48);
      const c = root.loadBuffer(48);
      const b = root.loadRef().beginParse().loadBuffer(96);
      const build = (aa: Buffer, bb: Buffer, cc: Buffer): Cell =>
        beginCell().storeBuffer(aa).storeBuffer(cc).storeRef(beginCell().storeBuffer(bb).endCell()).endCell();
      for (const bad of [build(flip(a, 47), b, c), build(a, flip(b, 95), c), build(a, b, flip(c, 47))]) {
        expect((await verifier.getVerify(bad, inputs)).ok).to.equal(false);
      }
    });

    it("rejects a truncated proof cell", async () => {
      const short = beginCell().storeBits(proof.beginParse().loadBits(384)).endCell();
      expect((await verifier.getVerify(short, inputs)).ok).to.equal(false);
    });
  });
}

describe("TON Groth16 verifier (cross-check)", () => {
  it("rejects the result_commitment proof under the dense_inference verifying key", async () => {
    const rc = vector("result_commitment");
    const dense = vector("dense_inference");
    const blockchain = await Blockchain.create();
    const deployer = await blockchain.treasury("deployer");
    const verifier = blockchain.openContract(
      Groth16Verifier.fromVerifyingKey(await compileGroth16Verifier(), encodeVerifyingKeyTon({ vkey: dense.vkey })),
    );
    await verifier.sendDeploy(deployer.getSender(), toNano("1"));
    expect((await verifier.getVerify(encodeProofTon({ proof: rc.proof }), inputsOf(rc))).ok).to.equal(false);
  });
});
