/** CAL amounts as people write them ("12.5") and as the chains store them (base units, 9 decimals). */
import { CAL } from "./constants.js";
import { invalidInput, objectInput } from "./input.js";

/**
 * Parses a decimal CAL amount (at most 9 decimals) into base units.
 *
 * @example
 * ```ts
 * parseCal("12.5"); // 12_500_000_000n
 * ```
 */
export function parseCal(text: string): bigint {
  const expected = "decimal CAL amount, at most 9 decimals";
  if (typeof text !== "string") throw invalidInput("InvalidAmount", "text", text, { expected });
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!m) throw invalidInput("InvalidAmount", "text", text, { expected });
  return BigInt(m[1]!) * CAL + BigInt((m[2] ?? "").padEnd(9, "0"));
}

/**
 * Formats base units as a decimal CAL amount, without trailing zeros (`withUnit` appends " CAL"); a negative amount
 * (a balance change) gets a leading minus.
 *
 * @example
 * ```ts
 * formatCal(12_500_000_000n); // "12.5"
 * formatCal(80n * CAL, { withUnit: true }); // "80 CAL"
 * ```
 */
export function formatCal(v: bigint, options: { readonly withUnit?: boolean } = {}): string {
  if (typeof v !== "bigint") throw invalidInput("InvalidAmount", "v", v, { expected: "base units as a bigint" });
  const { withUnit = false } = objectInput<{ readonly withUnit?: boolean }>("options", options);
  if (typeof withUnit !== "boolean") throw invalidInput("InvalidArgument", "options.withUnit", withUnit, { expected: "boolean" });
  const abs = v < 0n ? -v : v;
  const frac = (abs % CAL).toString().padStart(9, "0").replace(/0+$/, "");
  return `${v < 0n ? "-" : ""}${abs / CAL}${frac ? `.${frac}` : ""}${withUnit ? " CAL" : ""}`;
}
