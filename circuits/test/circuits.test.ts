import { expect } from "chai";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildDenseInferenceInputs, buildResultCommitmentInputs, denseSpecHash, providerPublicInput } from "@calctra/core/zk";
import { poseidonHash, type ProofCurve } from "@calctra/core/zk";
import { loadSnarkjs, proveGroth16, terminateCurves, verifyGroth16, type SnarkjsVerificationKey } from "@calctra/core/zk";
import { CalctraError, fieldModulus, SPEC_HASH_BOUND } from "@calctra/core";
import { r1csConstraints } from "../scripts/r1cs.js";
import { EXAMPLE_DENSE_TASK, EXAMPLE_PROVIDER_ADDRESS, EXAMPLE_RESULT, exampleDense } from "../scripts/fixtures.js";

const build = join(dirname(fileURLToPath(import.meta.url)), "..", "build");
const wasm = (curve: ProofCurve, c: string) => join(build, curve, `${c}.wasm`);
const zkey = (curve: ProofCurve, c: string) => join(build, curve, `${c}.zkey`);
const vkey = (curve: ProofCurve, c: string) =>
  JSON.parse(readFileSync(join(build, curve, `${c}.vkey.json`), "utf8")) as SnarkjsVerificationKey;
const provider = providerPublicInput({ universalAddress: EXAMPLE_PROVIDER_ADDRESS });

/** Resolves when the witness satisfies every constraint, rejects otherwise. */
async function witness(curve: ProofCurve, circuit: string, input: Record<string, unknown>): Promise<void> {
  await (await loadSnarkjs()).wtns.calculate(input, wasm(curve, circuit), { type: "mem" });
}
async function expectUnsatisfiable(curve: ProofCurve, circuit: string, input: Record<string, unknown>): Promise<void> {
  let failed = false;
  // the witness calculator prints the failing template to the console: keep the test output clean
  const saved = { log: console.log, error: console.error };
  console.log = () => undefined;
  console.error = () => undefined;
  try {
    await witness(curve, circuit, input);
  } catch {
    failed = true;
  } finally {
    console.log = saved.log;
    console.error = saved.error;
  }
  expect(failed, "witness generation should fail").to.equal(true);
}

after(async () => {
  await terminateCurves();
});

for (const curve of ["bn254", "bls12381"] as const) {
  describe(`result_commitment circuit (${curve})`, () => {
    const base = () => buildResultCommitmentInputs({ curve, provider, ...EXAMPLE_RESULT });

    it("fits the 2^12 development ceremony", () => {
      // domain = constraints + public inputs + 1 must fit 2^12
      expect(r1csConstraints(join(build, curve, "result_commitment.r1cs"))).to.be.within(300, 4096 - 5);
    });

    it("accepts the committed result and salt", async () => {
      await witness(curve, "result_commitment", (await base()).witnessInput);
    });

    it("rejects a wrong result element", async () => {
      const w = (await base()).witnessInput;
      await expectUnsatisfiable(curve, "result_commitment", { ...w, result: ["12", "22", "33", "44"] });
    });

    it("rejects a wrong salt", async () => {
      const w = (await base()).witnessInput;
      await expectUnsatisfiable(curve, "result_commitment", { ...w, salt: "1" });
    });

    it("commits with the curve's Poseidon exactly as the SDK computes it", async () => {
      const { publicInputs } = await base();
      expect(publicInputs[2]).to.equal(await poseidonHash({ curve, inputs: [...EXAMPLE_RESULT.result, EXAMPLE_RESULT.salt] }));
    });

    it("produces a proof that does not verify for another task id, provider, spec or commitment", async () => {
      const { witnessInput, publicInputs } = await base();
      const { proof, publicSignals } = await proveGroth16({
        wasm: wasm(curve, "result_commitment"),
        zkey: zkey(curve, "result_commitment"),
        witnessInput,
      });
      expect(publicSignals).to.deep.equal(publicInputs.map(String));
      const vk = vkey(curve, "result_commitment");
      expect(await verifyGroth16({ vkey: vk, publicInputs, proof })).to.equal(true);
      for (let i = 0; i < 4; i++) {
        const other = publicInputs.map((x, j) => (j === i ? x + 1n : x));
        expect(await verifyGroth16({ vkey: vk, publicInputs: other, proof }), `input ${i}`).to.equal(false);
      }
    });

    it("refuses out-of-field inputs before proving (MarketplaceFieldElementOutOfRange)", async () => {
      const r = fieldModulus(curve);
      const cases = [
        { taskId: r },
        { result: [r, 0n, 0n, 0n] },
        { salt: r + 5n },
        { specHash: SPEC_HASH_BOUND },
        { provider: SPEC_HASH_BOUND },
      ];
      for (const c of cases) {
        let err: unknown;
        try {
          await buildResultCommitmentInputs({ curve, provider, ...EXAMPLE_RESULT, ...c });
        } catch (e) {
          err = e;
        }
        expect(err).to.be.instanceOf(CalctraError);
        expect((err as CalctraError).name).to.equal("MarketplaceFieldElementOutOfRange");
      }
    });
  });

  describe(`dense_inference circuit (${curve})`, () => {
    const spec = exampleDense();
    const base = () => buildDenseInferenceInputs({ curve, provider, ...EXAMPLE_DENSE_TASK, ...spec });
    type W = Record<string, unknown> & { W: string[][]; b: string[]; x: string[] };

    it("fits the 2^12 development ceremony", () => {
      expect(r1csConstraints(join(build, curve, "dense_inference.r1cs"))).to.be.within(3000, 4096 - 5);
    });

    it("accepts the honest inference y = W.x + b", async () => {
      await witness(curve, "dense_inference", (await base()).witnessInput);
    });

    it("keeps specHash below 2^248", async () => {
      const { publicInputs } = await base();
      expect(publicInputs[1] < SPEC_HASH_BOUND).to.equal(true);
    });

    it("rejects a result commitment to another output", async () => {
      const { witnessInput, publicInputs } = await base();
      await expectUnsatisfiable(curve, "dense_inference", { ...witnessInput, resultCommitment: String(publicInputs[2] + 1n) });
    });

    it("rejects another model under the same specHash and commitment", async () => {
      const w = (await base()).witnessInput as W;
      const other = spec.W[0]![0]! === 5n ? 6n : 5n;
      const W2 = w.W.map((row, i) => row.map((v, j) => (i === 0 && j === 0 ? String(other) : v)));
      await expectUnsatisfiable(curve, "dense_inference", { ...w, W: W2 });
    });

    it("rejects the untruncated Poseidon output as specHash", async () => {
      const w = (await base()).witnessInput;
      const truncated = await denseSpecHash({ curve, ...spec });
      // the full hash differs from its low 248 bits unless the top bits are zero (then the test is vacuous: it is not)
      const r = fieldModulus(curve);
      let full = truncated;
      for (let hi = 1n; hi < 128n; hi++) {
        const cand = truncated + (hi << 248n);
        if (cand < r) {
          full = cand;
          break;
        }
      }
      expect(full).to.not.equal(truncated);
      await expectUnsatisfiable(curve, "dense_inference", { ...w, specHash: String(full) });
    });

    const r = fieldModulus(curve);
    const fieldStr = (v: bigint) => String(((v % r) + r) % r);
    for (const [what, patch] of [
      [
        "a weight of 128 (int8 overflow)",
        (w: W) => ({ ...w, W: w.W.map((row, i) => row.map((v, j) => (i === 3 && j === 5 ? "128" : v))) }),
      ],
      ["a weight of -129", (w: W) => ({ ...w, W: w.W.map((row, i) => row.map((v, j) => (i === 0 && j === 1 ? fieldStr(-129n) : v))) })],
      ["an input of 200", (w: W) => ({ ...w, x: w.x.map((v, j) => (j === 2 ? "200" : v)) })],
      ["a bias of 2^15", (w: W) => ({ ...w, b: w.b.map((v, i) => (i === 7 ? "32768" : v)) })],
      ["a field element of r - 200 as input", (w: W) => ({ ...w, x: w.x.map((v, j) => (j === 0 ? String(r - 200n) : v)) })],
    ] as const) {
      it(`rejects ${what} (range check)`, async () => {
        const w = (await base()).witnessInput as W;
        await expectUnsatisfiable(curve, "dense_inference", patch(w));
      });
    }

    it("refuses out-of-range fixed-point values before proving (FixedPointOutOfRange)", async () => {
      const badW = spec.W.map((row, i) => row.map((v, j) => (i === 0 && j === 0 ? 128n : v)));
      let err: unknown;
      try {
        await buildDenseInferenceInputs({ curve, provider, ...EXAMPLE_DENSE_TASK, ...spec, W: badW });
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(CalctraError);
      expect((err as CalctraError).name).to.equal("FixedPointOutOfRange");
    });
  });
}
