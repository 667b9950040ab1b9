/**
 * Writes test/vectors/proofs/<circuit>.<curve>.json from the built circuits (circuits/build) and
 * the fixtures. A vector is kept when it already verifies against the current verifying key
 * (Groth16 proofs are randomised, so regenerating would churn the files); `--force` rewrites.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildDenseInferenceInputs,
  buildResultCommitmentInputs,
  providerPublicInput,
  type CircuitInputsReturnType,
} from "@calctra/core/zk";
import type { ProofCurve } from "@calctra/core/zk";
import { proveGroth16, terminateCurves, verifyGroth16, type SnarkjsVerificationKey } from "@calctra/core/zk";
import { EXAMPLE_DENSE_TASK, EXAMPLE_PROVIDER_ADDRESS, EXAMPLE_RESULT, exampleDense } from "./fixtures.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const outDir = join(root, "test", "vectors", "proofs");
export const CIRCUITS = ["result_commitment", "dense_inference"] as const;
export type CircuitName = (typeof CIRCUITS)[number];

export async function exampleInputs(circuit: CircuitName, curve: ProofCurve): Promise<CircuitInputsReturnType> {
  const provider = providerPublicInput({ universalAddress: EXAMPLE_PROVIDER_ADDRESS });
  if (circuit === "result_commitment") return buildResultCommitmentInputs({ curve, provider, ...EXAMPLE_RESULT });
  return buildDenseInferenceInputs({ curve, provider, ...EXAMPLE_DENSE_TASK, ...exampleDense() });
}

async function main(): Promise<void> {
  const force = process.argv.includes("--force");
  mkdirSync(outDir, { recursive: true });
  for (const curve of ["bn254", "bls12381"] as const) {
    for (const circuit of CIRCUITS) {
      const build = join(root, "circuits", "build", curve);
      const zkey = join(build, `${circuit}.zkey`);
      if (!existsSync(zkey)) continue;
      const vkey = JSON.parse(readFileSync(join(build, `${circuit}.vkey.json`), "utf8")) as SnarkjsVerificationKey;
      const file = join(outDir, `${circuit}.${curve}.json`);
      const { publicInputs, witnessInput } = await exampleInputs(circuit, curve);
      const expected = publicInputs.map(String);
      if (!force && existsSync(file)) {
        const old = JSON.parse(readFileSync(file, "utf8")) as { publicInputs: string[]; proof: never; vkey: unknown };
        const same =
          JSON.stringify(old.vkey) === JSON.stringify(vkey) &&
          JSON.stringify(old.publicInputs) === JSON.stringify(expected) &&
          (await verifyGroth16({ vkey, publicInputs: old.publicInputs, proof: old.proof }));
        if (same) continue;
      }
      const { proof, publicSignals } = await proveGroth16({ wasm: join(build, `${circuit}.wasm`), zkey, witnessInput });
      if (JSON.stringify(publicSignals) !== JSON.stringify(expected)) throw new Error(`${circuit}.${curve}: public signals differ`);
      if (!(await verifyGroth16({ vkey, publicInputs: publicSignals, proof })))
        throw new Error(`${circuit}.${curve}: proof does not verify`);
      writeFileSync(file, `${JSON.stringify({ circuit, curve, publicInputs: expected, proof, vkey }, null, 2)}\n`);
      console.error(`[gen-vectors] wrote ${file}`);
    }
  }
  await terminateCurves();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
