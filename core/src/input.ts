/**
 * Input checks shared by core's public helpers: each refuses a value of the wrong type or out of range with a
 * {@link CalctraError} whose arguments name the input, show the value and the bound. Not part of the public API.
 */
import { CalctraError, type CalctraErrorArgs, type CalctraErrorName } from "./errors.js";

/** A value as an error argument: primitives as they are (strings cut to 80 characters), anything else by its type. */
export function shown(v: unknown): bigint | number | string | boolean {
  switch (typeof v) {
    case "bigint":
    case "number":
    case "boolean":
      return v;
    case "string":
      return v.length > 80 ? `${v.slice(0, 80)}…` : v;
    case "undefined":
      return "undefined";
    case "object":
      if (v === null) return "null";
      if (Array.isArray(v)) return `array(${v.length})`;
      if (v instanceof Uint8Array) return `bytes(${v.length})`;
      return "object";
    default:
      return typeof v;
  }
}

/** The error for input `input` holding `value`, with further arguments (the bound, the expected form). */
export function invalidInput(
  name: CalctraErrorName,
  input: string,
  value: unknown,
  more: Readonly<Record<string, bigint | number | string | boolean>> = {},
): CalctraError {
  const args: CalctraErrorArgs = { input, value: shown(value), ...more };
  return new CalctraError(name, args);
}

/** `v` as a bigint within `[min, max]` (either bound optional); refuses anything else with `name`. */
export function bigintInput(
  input: string,
  v: unknown,
  bounds: { readonly min?: bigint; readonly max?: bigint } = {},
  name: CalctraErrorName = "InvalidArgument",
): bigint {
  if (typeof v !== "bigint") throw invalidInput(name, input, v, { expected: "bigint" });
  if (bounds.min !== undefined && v < bounds.min) throw invalidInput(name, input, v, { min: bounds.min });
  if (bounds.max !== undefined && v > bounds.max) throw invalidInput(name, input, v, { max: bounds.max });
  return v;
}

/** `v` as a safe integer number within `[min, max]`; refuses anything else with `name`. */
export function integerInput(
  input: string,
  v: unknown,
  bounds: { readonly min?: number; readonly max?: number } = {},
  name: CalctraErrorName = "InvalidArgument",
): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw invalidInput(name, input, v, { expected: "integer" });
  if (bounds.min !== undefined && v < bounds.min) throw invalidInput(name, input, v, { min: bounds.min });
  if (bounds.max !== undefined && v > bounds.max) throw invalidInput(name, input, v, { max: bounds.max });
  return v;
}

/** `v` as a finite number, not below `min` when given; refuses NaN, infinities and other types. */
export function finiteInput(input: string, v: unknown, min?: number): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw invalidInput("InvalidArgument", input, v, { expected: "finite number" });
  if (min !== undefined && v < min) throw invalidInput("InvalidArgument", input, v, { min });
  return v;
}

/** `v` as a string; refuses anything else with `name`. */
export function stringInput(input: string, v: unknown, name: CalctraErrorName = "InvalidArgument"): string {
  if (typeof v !== "string") throw invalidInput(name, input, v, { expected: "string" });
  return v;
}

/** `v` as a boolean. */
export function booleanInput(input: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw invalidInput("InvalidArgument", input, v, { expected: "boolean" });
  return v;
}

/** `v` as a non-null object (parameters, records); refuses anything else. */
export function objectInput<T extends object>(input: string, v: T | unknown): T {
  if (typeof v !== "object" || v === null) throw invalidInput("InvalidArgument", input, v, { expected: "object" });
  return v as T;
}

/** `v` as an array, of at most `maxLength` entries when given. */
export function arrayInput<T>(input: string, v: readonly T[] | unknown, maxLength?: number): readonly T[] {
  if (!Array.isArray(v)) throw invalidInput("InvalidArgument", input, v, { expected: "array" });
  if (maxLength !== undefined && v.length > maxLength) throw invalidInput("InvalidArgument", input, v, { maxLength });
  return v as readonly T[];
}

/** `v` as bytes (a Uint8Array), of exactly `length` bytes when given; refuses anything else with `name`. */
export function bytesInput(input: string, v: unknown, length?: number, name: CalctraErrorName = "InvalidBytes"): Uint8Array {
  if (!(v instanceof Uint8Array)) throw invalidInput(name, input, v, { expected: "Uint8Array" });
  if (length !== undefined && v.length !== length) throw invalidInput(name, input, v, { length });
  return v;
}

const HEX32 = /^0x[0-9a-fA-F]{64}$/;

/** `v` as 32 bytes of 0x-hex (a hash, a seed, a salt); refuses anything else with `name`. */
export function hex32Input(input: string, v: unknown, name: CalctraErrorName = "InvalidBytes"): `0x${string}` {
  if (typeof v !== "string" || !HEX32.test(v)) throw invalidInput(name, input, v, { expected: "32 bytes of 0x-hex" });
  return v as `0x${string}`;
}

/** `v` as a proof curve name. */
export function curveInput(input: string, v: unknown): "bn254" | "bls12381" {
  if (v !== "bn254" && v !== "bls12381") throw invalidInput("InvalidArgument", input, v, { expected: "bn254 or bls12381" });
  return v;
}
