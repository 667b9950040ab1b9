/** CAL amounts as people write them ("12.5") and as the chains store them (base units, 9 decimals). */
import { CAL } from "./constants.js";

/**
 * Parses a decimal CAL amount (at most 9 decimals) into base units.
 *
 * @example
 * ```ts
 * parseCal("12.5"); // 12_500_000_000n
 * ```
 */
export function parseCal(text: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a CAL amount: ${text}`);
  return BigInt(m[1]!) * CAL + BigInt((m[2] ?? "").padEnd(9, "0"));
}

/**
 * Formats base units as a decimal CAL amount, without trailing zeros (`withUnit` appends " CAL").
 *
 * @example
 * ```ts
 * formatCal(12_500_000_000n); // "12.5"
 * formatCal(80n * CAL, { withUnit: true }); // "80 CAL"
 * ```
 */
export function formatCal(v: bigint, { withUnit = false }: { readonly withUnit?: boolean } = {}): string {
  const frac = (v % CAL).toString().padStart(9, "0").replace(/0+$/, "");
  return `${v / CAL}${frac ? `.${frac}` : ""}${withUnit ? " CAL" : ""}`;
}
