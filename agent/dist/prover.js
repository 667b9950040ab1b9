/**
 * How the agent proves: the native Groth16 prover (arkworks addon, both curves, `@calctra/core/zk-native`) by
 * default, snarkjs as the fallback. Both read the circuit builds (`<dir>/<curve>/<circuit>.wasm` and `.zkey`) and give
 * snarkjs-shaped proofs, which the chain encoders take.
 */
import { join } from "node:path";
import { proveGroth16 } from "@calctra/core/zk";
const files = (dir, { circuit, curve }) => ({
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
export function nativeProver({ circuits }) {
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
export function snarkjsProver({ circuits }) {
    return {
        name: "snarkjs",
        prove: (p) => proveGroth16({ ...files(circuits, p), witnessInput: p.witnessInput }),
    };
}
//# sourceMappingURL=prover.js.map