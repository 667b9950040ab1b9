/**
 * The part of snarkjs 0.7 the zk module uses, typed here (snarkjs ships no types), and its loader. snarkjs is
 * imported lazily, so importing `@calctra/core/zk` costs nothing until a proof is made or checked.
 */
/** A Groth16 proof as snarkjs writes it (projective coordinates, decimal strings). */
export interface SnarkjsGroth16Proof {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
  protocol: string;
  curve: string;
}
/** A Groth16 verification key as `zkey export verificationkey` writes it. */
export interface SnarkjsVerificationKey {
  protocol: string;
  curve: string;
  nPublic: number;
  vk_alpha_1: string[];
  vk_beta_2: string[][];
  vk_gamma_2: string[][];
  vk_delta_2: string[][];
  IC: string[][];
}

/** The part of the snarkjs module used here. */
export interface SnarkjsModule {
  groth16: {
    fullProve(
      input: Record<string, unknown>,
      wasm: string | Uint8Array,
      zkey: string | Uint8Array,
    ): Promise<{ proof: SnarkjsGroth16Proof; publicSignals: string[] }>;
    verify(vk: SnarkjsVerificationKey, publicSignals: readonly string[], proof: SnarkjsGroth16Proof): Promise<boolean>;
  };
  wtns: {
    calculate(input: Record<string, unknown>, wasm: string | Uint8Array, out: { type: "mem"; data?: Uint8Array }): Promise<void>;
  };
}

/** Loads snarkjs (lazily). */
export async function loadSnarkjs(): Promise<SnarkjsModule> {
  // @ts-expect-error snarkjs ships no types: SnarkjsModule above describes the part used here
  return (await import("snarkjs")) as SnarkjsModule;
}
