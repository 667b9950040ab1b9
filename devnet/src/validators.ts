/** The development validators of test/vectors/bridge.json, shared by every local bridge deployment and world. */
import { readFileSync } from "node:fs";
import type { Address, Hex } from "viem";

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
