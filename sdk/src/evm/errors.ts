import { decodeErrorResult, type Abi, type Hex } from "viem";
import { CalctraError, isCalctraErrorName, type CalctraErrorArgs } from "@calctra/core";
import {
  bridgeVaultAbi,
  calGovernorAbi,
  calSpokeTokenAbi,
  calTimelockAbi,
  calTokenAbi,
  governanceHubAbi,
  marketplaceAbi,
  proofVerifierAbi,
  spokeExecutorAbi,
  spokeVaultAbi,
  stakingAbi,
} from "./generated/abis.js";

/** One custom error of an ABI. */
type AbiError = Extract<Abi[number], { type: "error" }>;

interface RevertData {
  readonly errorName: string;
  readonly args?: readonly unknown[];
  readonly abiItem?: Abi[number];
}

/**
 * Every custom error any Calctra EVM contract can revert with — its own and the OpenZeppelin ones it inherits
 * (`ERC20InsufficientBalance`, `AccessControlUnauthorizedAccount`, `Governor*`, `Timelock*`, …) — taken from the
 * generated ABIs (the compiled artifacts), one entry per selector. A revert that bubbles up from another contract
 * (the token's `ERC20InsufficientBalance` under `Staking.stake`) is not in the called contract's ABI; this table
 * decodes it anyway.
 */
export const evmErrorsAbi: readonly AbiError[] = (() => {
  const bySelector = new Map<string, AbiError>();
  for (const abi of [
    calTokenAbi,
    calSpokeTokenAbi,
    stakingAbi,
    marketplaceAbi,
    calGovernorAbi,
    calTimelockAbi,
    governanceHubAbi,
    spokeVaultAbi,
    spokeExecutorAbi,
    proofVerifierAbi,
    bridgeVaultAbi,
  ] as readonly Abi[])
    for (const item of abi) {
      if (item.type !== "error") continue;
      // the same name and input types is the same selector
      const signature = `${item.name}${JSON.stringify(item.inputs, ["type", "components"])}`;
      if (!bySelector.has(signature)) bySelector.set(signature, item);
    }
  return [...bySelector.values()];
})();

/**
 * A revert decoded to a custom error that is not one of Calctra's canonical names — OpenZeppelin's own errors
 * (`ERC20InsufficientBalance(sender, balance, needed)`, `ERC20InsufficientAllowance`, `AccessControlUnauthorizedAccount`,
 * `GovernorRestrictedProposer`, …) and the contracts' EVM-only ones (`BridgeZeroAddress`). `name` is the error's
 * Solidity name, `args` its arguments by their ABI names, like {@link CalctraError}.
 *
 * @example
 * ```ts
 * try { await staking.stake({ amount }); }
 * catch (e) { if (e instanceof EvmRevertError && e.name === "ERC20InsufficientBalance") console.log(e.args.needed); }
 * ```
 */
export class EvmRevertError extends Error {
  override readonly name: string;
  readonly args: CalctraErrorArgs;
  readonly chain = "evm" as const;

  constructor(name: string, args: CalctraErrorArgs, cause?: unknown) {
    const shown = Object.entries(args)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", ");
    super(`${name}(${shown})`, cause === undefined ? undefined : { cause });
    this.name = name;
    this.args = args;
  }
}

const isHex = (v: unknown): v is Hex => typeof v === "string" && /^0x([0-9a-fA-F]{2})*$/.test(v);

/** Finds viem's ContractFunctionRevertedError in a cause chain and returns its decoded data, decoding the raw
 * revert with {@link evmErrorsAbi} when the called contract's ABI could not (an error from a contract it called).
 * Matched by name, not `instanceof`, so errors thrown by another copy of viem (CJS vs ESM, or a plugin's own copy)
 * decode as well. Failing that, any raw revert data found in the chain (`data` of an RPC error) is decoded. */
function findRevertData(error: unknown): RevertData | undefined {
  let e: unknown = error;
  let raw: Hex | undefined;
  for (let depth = 0; e && typeof e === "object" && depth < 16; depth++) {
    const candidate = e as { name?: string; data?: unknown; raw?: unknown; cause?: unknown };
    if (candidate.name === "ContractFunctionRevertedError") {
      const data = candidate.data as RevertData | undefined;
      if (data?.errorName) return data;
      if (isHex(candidate.raw) && candidate.raw.length >= 10) raw ??= candidate.raw;
    }
    if (isHex(candidate.data) && candidate.data.length >= 10) raw ??= candidate.data;
    e = candidate.cause;
  }
  if (!raw) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: evmErrorsAbi, data: raw });
    return { errorName: decoded.errorName, args: decoded.args ?? [], abiItem: decoded.abiItem };
  } catch {
    return undefined;
  }
}

/**
 * Converts a viem error into a typed error when the revert is a known custom error: a {@link CalctraError} for
 * Calctra's canonical names, an {@link EvmRevertError} for every other error of the contracts' ABIs (OpenZeppelin's
 * included), both with named arguments. Returns the original error otherwise.
 *
 * @example
 * ```ts
 * try { await client.acceptTask({ taskId }); } catch (e) { throw decodeEvmError(e); }
 * ```
 */
export function decodeEvmError(error: unknown): unknown {
  if (error instanceof CalctraError || error instanceof EvmRevertError) return error;
  const data = findRevertData(error);
  if (!data || data.errorName === "Error" || data.errorName === "Panic") return error;
  const named: Record<string, bigint | number | string | boolean> = {};
  const inputs = data.abiItem && "inputs" in data.abiItem ? data.abiItem.inputs : [];
  (data.args ?? []).forEach((value, i) => {
    const key = inputs[i]?.name || `arg${i}`;
    named[key] = typeof value === "bigint" || typeof value === "number" || typeof value === "boolean" ? value : String(value);
  });
  if (isCalctraErrorName(data.errorName)) return new CalctraError(data.errorName, named as CalctraErrorArgs, "evm", error);
  return new EvmRevertError(data.errorName, named, error);
}
