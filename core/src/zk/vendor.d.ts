// Minimal typings for the parts of snarkjs 0.7 the SDK uses (snarkjs ships none).
declare module "snarkjs" {
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
  export const groth16: {
    fullProve(
      input: Record<string, unknown>,
      wasm: string | Uint8Array,
      zkey: string | Uint8Array,
    ): Promise<{ proof: SnarkjsGroth16Proof; publicSignals: string[] }>;
    verify(vk: SnarkjsVerificationKey, publicSignals: readonly string[], proof: SnarkjsGroth16Proof): Promise<boolean>;
  };
  export const wtns: {
    calculate(input: Record<string, unknown>, wasm: string | Uint8Array, out: { type: "mem"; data?: Uint8Array }): Promise<void>;
  };
}

// Minimal typings for circomlibjs' BN254 Poseidon (circomlibjs ships none).
declare module "circomlibjs" {
  export interface CircomlibPoseidon {
    (inputs: bigint[]): Uint8Array;
    F: { toObject(x: Uint8Array): bigint };
  }
  export function buildPoseidon(): Promise<CircomlibPoseidon>;
}
