/**
 * How the agent proves: the native Groth16 prover (arkworks addon, both curves, `@calctra/core/zk-native`) by
 * default, snarkjs as the fallback. Both read the circuit builds (`<dir>/<curve>/<circuit>.wasm` and `.zkey`) and give
 * snarkjs-shaped proofs, which the chain encoders take.
 */
import { join } from "node:path";
import { proveGroth16, type ProofCurve, type SnarkjsGroth16Proof } from "@calctra/core/zk";

/** The circuits a task's verifier can be proved with. */
export type AgentCircuit = "result_commitment";

/** What proving needs. */
export interface ProveParameters {
  readonly circuit: AgentCircuit;
  readonly curve: ProofCurve;
  readonly witnessInput: Record<string, unknown>;
}

/** A Groth16 prover. */
export interface Prover {
  readonly name: string;
  prove(parameters: ProveParameters): Promise<{ proof: SnarkjsGroth16Proof; publicSignals: string[] }>;
}

const files = (dir: string, { circuit, curve }: ProveParameters) => ({
  wasm: join(dir, curve, `${circuit}.wasm`),
  zkey: join(dir, curve, `${circuit}.zkey`),
});

/**
 * The native prover (fails with `NativeProverError` when the addon is not built: `bash scripts/build.sh prover`).
 *
 * @example
 * ```ts
 * const prover = nativeProver({ circuits: "circuits/build" });
 * ```
 */
export function nativeProver({ circuits }: { readonly circuits: string }): Prover {
  return {
    name: "native",
    async prove(p) {
      const { proveGroth16Native } = await import("@calctra/core/zk-native");
      const { proof, publicSignals } = await proveGroth16Native({ ...files(circuits, p), witnessInput: p.witnessInput });
      return { proof, publicSignals };
    },
  };
}

/**
 * snarkjs in process (slower; no addon needed).
 *
 * @example
 * ```ts
 * const prover = snarkjsProver({ circuits: "circuits/build" });
 * ```
 */
export function snarkjsProver({ circuits }: { readonly circuits: string }): Prover {
  return {
    name: "snarkjs",
    prove: (p) => proveGroth16({ ...files(circuits, p), witnessInput: p.witnessInput }),
  };
}
