import type { Abi } from "viem";
import { CalctraError, isCalctraErrorName, type CalctraErrorArgs } from "@calctra/core";

interface RevertData {
  readonly errorName: string;
  readonly args?: readonly unknown[];
  readonly abiItem?: Abi[number];
}

/** Finds viem's ContractFunctionRevertedError in a cause chain. Matched by name, not `instanceof`,
 * so errors thrown by another copy of viem (CJS vs ESM, or a plugin's own copy) decode as well. */
function findRevertData(error: unknown): RevertData | undefined {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 16; depth++) {
    const candidate = e as { name?: string; data?: RevertData; cause?: unknown };
    if (candidate.name === "ContractFunctionRevertedError" && candidate.data?.errorName) return candidate.data;
    e = candidate.cause;
  }
  return undefined;
}

/**
 * Converts a viem error into a {@link CalctraError} when the revert is one of Calctra's custom
 * errors (decoded with the contract's ABI); returns the original error otherwise.
 *
 * @example
 * ```ts
 * try { await client.acceptTask({ taskId }); } catch (e) { throw decodeEvmError(e); }
 * ```
 */
export function decodeEvmError(error: unknown): unknown {
  const data = findRevertData(error);
  if (!data || !isCalctraErrorName(data.errorName)) return error;
  const named: Record<string, bigint | number | string | boolean> = {};
  const inputs = data.abiItem && "inputs" in data.abiItem ? data.abiItem.inputs : [];
  (data.args ?? []).forEach((value, i) => {
    const key = inputs[i]?.name || `arg${i}`;
    named[key] = typeof value === "bigint" || typeof value === "number" || typeof value === "boolean" ? value : String(value);
  });
  return new CalctraError(data.errorName, named as CalctraErrorArgs, "evm", error);
}
