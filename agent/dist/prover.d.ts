import { type ProofCurve, type SnarkjsGroth16Proof } from "@calctra/core/zk";
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
    prove(parameters: ProveParameters): Promise<{
        proof: SnarkjsGroth16Proof;
        publicSignals: string[];
    }>;
}
/**
 * The native prover (fails with `NativeProverError` when the addon is not built: `bash scripts/build.sh prover`).
 *
 * @example
 * ```ts
 * const prover = nativeProver({ circuits: "circuits/build" });
 * ```
 */
export declare function nativeProver({ circuits }: {
    readonly circuits: string;
}): Prover;
/**
 * snarkjs in process (slower; no addon needed).
 *
 * @example
 * ```ts
 * const prover = snarkjsProver({ circuits: "circuits/build" });
 * ```
 */
export declare function snarkjsProver({ circuits }: {
    readonly circuits: string;
}): Prover;
//# sourceMappingURL=prover.d.ts.map