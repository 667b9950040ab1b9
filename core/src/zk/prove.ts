/** Groth16 proving and off-chain verification with snarkjs (in process). */
import { loadSnarkjs, type SnarkjsGroth16Proof, type SnarkjsVerificationKey } from "./snarkjs.js";
import type { ProofCurve } from "./poseidon.js";

export type { SnarkjsGroth16Proof, SnarkjsVerificationKey };

/** Parameters of {@link proveGroth16}. */
export interface ProveGroth16Parameters {
  /** witness-calculator wasm (path or bytes), e.g. circuits/build/bn254/result_commitment.wasm */
  wasm: string | Uint8Array;
  /** proving key (path or bytes), e.g. circuits/build/bn254/result_commitment.zkey */
  zkey: string | Uint8Array;
  /** `witnessInput` from an input builder */
  witnessInput: Record<string, unknown>;
}
/** Return type of {@link proveGroth16}. */
export interface ProveGroth16ReturnType {
  proof: SnarkjsGroth16Proof;
  /** public signals as decimal strings, in circuit order */
  publicSignals: string[];
}

/**
 * Proves a statement. Call {@link terminateCurves} once done, or Node keeps running.
 * @example
 * const { proof, publicSignals } = await proveGroth16({ wasm, zkey, witnessInput });
 */
export async function proveGroth16({ wasm, zkey, witnessInput }: ProveGroth16Parameters): Promise<ProveGroth16ReturnType> {
  const { groth16 } = await loadSnarkjs();
  return groth16.fullProve(witnessInput, wasm, zkey);
}

/** Parameters of {@link verifyGroth16}. */
export interface VerifyGroth16Parameters {
  vkey: SnarkjsVerificationKey;
  publicInputs: readonly (bigint | string)[];
  proof: SnarkjsGroth16Proof;
}

/**
 * Off-chain verification (same statement the on-chain verifiers check).
 * @example
 * const ok = await verifyGroth16({ vkey, publicInputs, proof });
 */
export async function verifyGroth16({ vkey, publicInputs, proof }: VerifyGroth16Parameters): Promise<boolean> {
  const { groth16 } = await loadSnarkjs();
  return groth16.verify(vkey, publicInputs.map(String), proof);
}

/** Parameters of {@link terminateCurves}. */
export interface TerminateCurvesParameters {
  curves?: readonly ProofCurve[];
}

/**
 * Stops the worker threads snarkjs' curves keep alive after proving or verifying.
 * @example
 * await terminateCurves();
 */
export async function terminateCurves({ curves = ["bn254", "bls12381"] }: TerminateCurvesParameters = {}): Promise<void> {
  const g = globalThis as unknown as Record<string, { terminate?: () => Promise<void> } | undefined>;
  for (const c of curves) {
    const key = c === "bn254" ? "curve_bn128" : "curve_bls12381";
    const curve = g[key];
    if (curve?.terminate) {
      await curve.terminate();
      g[key] = undefined;
    }
  }
}
