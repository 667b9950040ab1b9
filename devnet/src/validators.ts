/**
 * The development fixtures of test/vectors shared by every local deployment and world: the bridge's development
 * validators and the verifying key registered as verifier 1.
 */
import { readFileSync } from "node:fs";
import type { Address, Hex } from "viem";
import type { SnarkjsVerificationKey } from "@calctra/core/zk";

/** A development validator (never use these keys outside a local chain). */
export interface DevelopmentValidator {
  readonly privateKey: Hex;
  readonly address: Address;
}

/**
 * The development validators of test/vectors/bridge.json, ascending by address (never use these keys outside a
 * local chain).
 *
 * @example
 * ```ts
 * const addresses = developmentValidators().map((v) => v.address); // ascending
 * ```
 */
export function developmentValidators(): DevelopmentValidator[] {
  const file = new URL("../../test/vectors/bridge.json", import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { validators: DevelopmentValidator[] }).validators;
}

/**
 * The `result_commitment` verifying key of test/vectors/proofs on `curve` (BN254 for EVM and Solana, BLS12-381 for
 * TON): what the local deployments register as verifier 1.
 *
 * @example
 * ```ts
 * const vkey = resultCommitmentVerifyingKey("bls12381");
 * ```
 */
export function resultCommitmentVerifyingKey(curve: "bn254" | "bls12381"): SnarkjsVerificationKey {
  const file = new URL(`../../test/vectors/proofs/result_commitment.${curve}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { vkey: SnarkjsVerificationKey }).vkey;
}
