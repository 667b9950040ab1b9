import { CalctraError } from "./errors.js";
import { bigintInput, curveInput, invalidInput, objectInput } from "./input.js";
import type { UniversalAddress } from "./types.js";

/** BN254 scalar field modulus r (EVM and Solana proofs). */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** BLS12-381 scalar field modulus r (TON proofs). */
export const BLS12_381_R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
/** specHash must be below 2^248 on every chain. */
export const SPEC_HASH_BOUND = 1n << 248n;

/** A proof curve. */
export type Curve = "bn254" | "bls12381";

/** The scalar field modulus of a curve. */
export function fieldModulus(curve: Curve): bigint {
  return curve === "bn254" ? BN254_R : BLS12_381_R;
}

/**
 * The `provider` public input of a proof (DESIGN §6): the 32-byte universal address read
 * big-endian, reduced mod 2^248.
 *
 * @example
 * ```ts
 * providerField("0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
 * ```
 */
export function providerField(address: UniversalAddress): bigint {
  if (typeof address !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(address))
    throw invalidInput("InvalidAddress", "address", address, { expected: "universal address (32 bytes of 0x-hex)" });
  return BigInt(address) % SPEC_HASH_BOUND;
}

/** Throws `MarketplaceFieldElementOutOfRange` unless `0 <= value < bound`. */
export function assertBelow(value: bigint, bound: bigint): void {
  bigintInput("value", value);
  bigintInput("bound", bound);
  if (value < 0n || value >= bound) throw new CalctraError("MarketplaceFieldElementOutOfRange", { value });
}

/** The public inputs of a proof of result, in DESIGN §6 order. */
export function publicInputs(parameters: PublicInputsParameters): readonly [bigint, bigint, bigint, bigint] {
  objectInput("parameters", parameters);
  const r = fieldModulus(curveInput("curve", parameters.curve));
  assertBelow(parameters.specHash, SPEC_HASH_BOUND);
  assertBelow(parameters.resultCommitment, r);
  assertBelow(parameters.taskId, r);
  return [parameters.taskId, parameters.specHash, parameters.resultCommitment, providerField(parameters.provider)];
}
/** Parameters of {@link publicInputs}. */
export interface PublicInputsParameters {
  readonly curve: Curve;
  readonly taskId: bigint;
  readonly specHash: bigint;
  readonly resultCommitment: bigint;
  readonly provider: UniversalAddress;
}

/** The bytes of a 0x-prefixed even-length hex string; throws a RangeError on anything else. */
export function hexToBytesStrict(hex: string): Uint8Array {
  if (typeof hex !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(hex))
    throw invalidInput("InvalidBytes", "hex", hex, { expected: "0x-hex bytes" });
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}
