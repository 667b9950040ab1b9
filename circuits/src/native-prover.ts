/**
 * The native Groth16 prover as the circuit tooling uses it: everything from `@calctra/core/zk-native` (where the
 * provider agent loads it too), plus the build step that compiles the addon from circuits/prover-native.
 */
import { execFileSync } from "node:child_process";
import { nativeProverAddonPath } from "@calctra/core/zk-native";

export * from "@calctra/core/zk-native";

/**
 * Builds the addon with circuits/scripts/build-prover.sh (cargo, release; ~1 s warm, a few minutes cold) unless
 * `CALCTRA_PROVER_NATIVE` names a prebuilt one. Cargo decides whether anything changed.
 * @example
 * before(function () { this.timeout(20 * 60_000); buildNativeProver(); });
 */
export function buildNativeProver(): string {
  if (process.env.CALCTRA_PROVER_NATIVE) return nativeProverAddonPath();
  return execFileSync("bash", [new URL("../scripts/build-prover.sh", import.meta.url).pathname], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  }).trim();
}
